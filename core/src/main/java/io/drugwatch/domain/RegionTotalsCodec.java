package io.drugwatch.domain;

import io.drugwatch.model.RegionLevel;
import java.io.IOException;
import java.io.UncheckedIOException;

/** State-store encoding of {@link RegionTotals}, versioned like {@link DailyPaneCodec}. */
public final class RegionTotalsCodec {

    static final int VERSION = 1;

    private RegionTotalsCodec() {}

    public static byte[] encode(RegionTotals t) {
        Binary.Writer enc = new Binary.Writer(256);
        enc.writeInt(VERSION);
        enc.writeString(t.level.name());
        enc.writeString(t.regionCode);
        enc.writeBoolean(t.regionName != null);
        if (t.regionName != null) {
            enc.writeString(t.regionName);
        }
        enc.writeInt(t.windowDays);
        enc.writeLong(t.windowStart);
        enc.writeLong(t.windowEnd);
        enc.writeString(t.endDate);
        enc.writeInt(t.counties);
        enc.writeInt(t.countiesFinal);
        enc.writeLong(t.arrestEvents);
        enc.writeLong(t.suspects);
        ArrayCodec.writeLongs(enc, t.suspectsByOffense);
        enc.writeLong(t.relapses);
        enc.writeLong(t.seizureEvents);
        enc.writeLong(t.seizedMilligrams);
        ArrayCodec.writeLongs(enc, t.seizedMilligramsByDrug);
        enc.writeLong(t.seizuresOver1kg);
        enc.writeLong(t.seizuresOver10kg);
        enc.writeLong(t.vehiclesInspected);
        enc.writeLong(t.inspectionHits);
        enc.writeLong(t.wastewaterSamples);
        ArrayCodec.writeDoubles(enc, t.weightedLoadSum);
        ArrayCodec.writeDoubles(enc, t.loadWeightSum);
        enc.writeLong(t.population);
        enc.writeLong(t.suspectsWithPopulation);
        return enc.toByteArray();
    }

    public static RegionTotals decode(byte[] bytes) {
        Binary.Reader dec = new Binary.Reader(bytes);
        RegionTotals t = new RegionTotals();
        try {
            int version = dec.readInt();
            if (version != VERSION) {
                throw new IllegalStateException("unsupported region totals format version " + version);
            }
            t.level = RegionLevel.valueOf(dec.readString());
            t.regionCode = dec.readString();
            t.regionName = dec.readBoolean() ? dec.readString() : null;
            t.windowDays = dec.readInt();
            t.windowStart = dec.readLong();
            t.windowEnd = dec.readLong();
            t.endDate = dec.readString();
            t.counties = dec.readInt();
            t.countiesFinal = dec.readInt();
            t.arrestEvents = dec.readLong();
            t.suspects = dec.readLong();
            ArrayCodec.readLongs(dec, t.suspectsByOffense);
            t.relapses = dec.readLong();
            t.seizureEvents = dec.readLong();
            t.seizedMilligrams = dec.readLong();
            ArrayCodec.readLongs(dec, t.seizedMilligramsByDrug);
            t.seizuresOver1kg = dec.readLong();
            t.seizuresOver10kg = dec.readLong();
            t.vehiclesInspected = dec.readLong();
            t.inspectionHits = dec.readLong();
            t.wastewaterSamples = dec.readLong();
            ArrayCodec.readDoubles(dec, t.weightedLoadSum);
            ArrayCodec.readDoubles(dec, t.loadWeightSum);
            t.population = dec.readLong();
            t.suspectsWithPopulation = dec.readLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }
}
