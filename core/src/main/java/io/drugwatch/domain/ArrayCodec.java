package io.drugwatch.domain;

import java.io.IOException;

/**
 * Length-prefixed arrays for the state codecs. Arrays indexed by an enum read back into the current
 * enum's size: entries a newer enum added are dropped, entries an older one lacked stay 0.
 */
final class ArrayCodec {

    private ArrayCodec() {}

    static void writeLongs(Binary.Writer enc, long[] values) {
        enc.writeInt(values.length);
        for (long v : values) {
            enc.writeLong(v);
        }
    }

    static void writeDoubles(Binary.Writer enc, double[] values) {
        enc.writeInt(values.length);
        for (double v : values) {
            enc.writeDouble(v);
        }
    }

    static void readLongs(Binary.Reader dec, long[] into) throws IOException {
        int n = dec.readInt();
        for (int i = 0; i < n; i++) {
            long v = dec.readLong();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }

    static void readDoubles(Binary.Reader dec, double[] into) throws IOException {
        int n = dec.readInt();
        for (int i = 0; i < n; i++) {
            double v = dec.readDouble();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }
}
