package io.drugwatch.domain;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * State-store encoding of a {@link DailyPane}: a format version, then zig-zag varints and doubles
 * (Avro's primitive encoding). Arrays carry their length ({@link ArrayCodec}), so panes written
 * before an enum gained a symbol still decode. Panes are read and written once per event, so this stays allocation-light.
 */
public final class DailyPaneCodec {

    /** 2 added the population served per substance; version 1 panes read it as 0. */
    static final int VERSION = 2;

    private DailyPaneCodec() {}

    public static byte[] encode(DailyPane p) {
        Binary.Writer enc = new Binary.Writer(96);
        enc.writeInt(VERSION);
        enc.writeLong(p.arrestEvents);
        enc.writeLong(p.suspects);
        ArrayCodec.writeLongs(enc, p.suspectsByOffense);
        enc.writeLong(p.relapses);
        enc.writeLong(p.seizureEvents);
        enc.writeLong(p.seizedMilligrams);
        ArrayCodec.writeLongs(enc, p.seizedMilligramsByDrug);
        enc.writeLong(p.seizuresOver1kg);
        enc.writeLong(p.seizuresOver10kg);
        enc.writeLong(p.vehiclesInspected);
        enc.writeLong(p.inspectionHits);
        enc.writeLong(p.wastewaterSamples);
        ArrayCodec.writeLongs(enc, p.samplesBySubstance);
        ArrayCodec.writeDoubles(enc, p.loadSumBySubstance);
        ArrayCodec.writeLongs(enc, p.populationServedSumBySubstance);
        return enc.toByteArray();
    }

    public static DailyPane decode(byte[] bytes) {
        Binary.Reader dec = new Binary.Reader(bytes);
        DailyPane p = new DailyPane();
        try {
            int version = dec.readInt();
            if (version < 1 || version > VERSION) {
                throw new IllegalStateException("unsupported pane format version " + version);
            }
            p.arrestEvents = dec.readLong();
            p.suspects = dec.readLong();
            ArrayCodec.readLongs(dec, p.suspectsByOffense);
            p.relapses = dec.readLong();
            p.seizureEvents = dec.readLong();
            p.seizedMilligrams = dec.readLong();
            ArrayCodec.readLongs(dec, p.seizedMilligramsByDrug);
            p.seizuresOver1kg = dec.readLong();
            p.seizuresOver10kg = dec.readLong();
            p.vehiclesInspected = dec.readLong();
            p.inspectionHits = dec.readLong();
            p.wastewaterSamples = dec.readLong();
            ArrayCodec.readLongs(dec, p.samplesBySubstance);
            ArrayCodec.readDoubles(dec, p.loadSumBySubstance);
            if (version >= 2) {
                ArrayCodec.readLongs(dec, p.populationServedSumBySubstance);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
