package io.drugwatch.domain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * State-store encoding of a {@link DailyPane}: a format version, then zig-zag varints and doubles
 * (Avro's primitive encoding). Arrays carry their length, so panes written before an enum gained a
 * symbol still decode. Panes are read and written once per event, so this stays allocation-light.
 */
public final class DailyPaneCodec {

    static final int VERSION = 1;

    private DailyPaneCodec() {
    }

    public static byte[] encode(DailyPane p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            enc.writeInt(VERSION);
            enc.writeLong(p.arrestEvents);
            enc.writeLong(p.suspects);
            writeLongs(enc, p.suspectsByOffense);
            enc.writeLong(p.relapses);
            enc.writeLong(p.seizureEvents);
            enc.writeLong(p.seizedMilligrams);
            writeLongs(enc, p.seizedMilligramsByDrug);
            enc.writeLong(p.seizuresOver1kg);
            enc.writeLong(p.seizuresOver10kg);
            enc.writeLong(p.vehiclesInspected);
            enc.writeLong(p.inspectionHits);
            enc.writeLong(p.wastewaterSamples);
            writeLongs(enc, p.samplesBySubstance);
            enc.writeInt(p.loadSumBySubstance.length);
            for (double d : p.loadSumBySubstance) {
                enc.writeDouble(d);
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static DailyPane decode(byte[] bytes) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
        DailyPane p = new DailyPane();
        try {
            int version = dec.readInt();
            if (version != VERSION) {
                throw new IllegalStateException("unsupported pane format version " + version);
            }
            p.arrestEvents = dec.readLong();
            p.suspects = dec.readLong();
            readLongs(dec, p.suspectsByOffense);
            p.relapses = dec.readLong();
            p.seizureEvents = dec.readLong();
            p.seizedMilligrams = dec.readLong();
            readLongs(dec, p.seizedMilligramsByDrug);
            p.seizuresOver1kg = dec.readLong();
            p.seizuresOver10kg = dec.readLong();
            p.vehiclesInspected = dec.readLong();
            p.inspectionHits = dec.readLong();
            p.wastewaterSamples = dec.readLong();
            readLongs(dec, p.samplesBySubstance);
            int n = dec.readInt();
            for (int i = 0; i < n; i++) {
                double d = dec.readDouble();
                if (i < p.loadSumBySubstance.length) {
                    p.loadSumBySubstance[i] = d;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static void writeLongs(BinaryEncoder enc, long[] values) throws IOException {
        enc.writeInt(values.length);
        for (long v : values) {
            enc.writeLong(v);
        }
    }

    /** Reads a stored array into {@code into}; extra stored entries (from a newer enum) are dropped. */
    private static void readLongs(BinaryDecoder dec, long[] into) throws IOException {
        int n = dec.readInt();
        for (int i = 0; i < n; i++) {
            long v = dec.readLong();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }
}
