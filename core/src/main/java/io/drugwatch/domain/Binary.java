package io.drugwatch.domain;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Avro's binary encoding of primitives (zig-zag varints, little-endian doubles, length-prefixed UTF-8),
 * written to and read from a byte array directly. The state codecs run for every event and every pane a
 * closing day reads; Avro's encoder writes byte by byte into a synchronized stream and its decoder
 * allocates a buffer per value, which cost more than the values themselves. The bytes are Avro's.
 */
final class Binary {

    private Binary() {}

    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void writeInt(int n) {
            writeVarint(((long) ((n << 1) ^ (n >> 31))) & 0xFFFFFFFFL);
        }

        void writeLong(long n) {
            writeVarint((n << 1) ^ (n >> 63));
        }

        private void writeVarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void writeDouble(double d) {
            long bits = Double.doubleToRawLongBits(d);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (bits >>> (8 * i));
            }
        }

        void writeBoolean(boolean b) {
            ensure(1);
            buf[pos++] = (byte) (b ? 1 : 0);
        }

        void writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        private int next() throws IOException {
            if (pos >= buf.length) {
                throw new EOFException();
            }
            return buf[pos++] & 0xFF;
        }

        int readInt() throws IOException {
            int n = 0;
            int shift = 0;
            int b;
            do {
                if (shift > 28) {
                    throw new IOException("Invalid int encoding");
                }
                b = next();
                n |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (n >>> 1) ^ -(n & 1);
        }

        long readLong() throws IOException {
            long n = 0;
            int shift = 0;
            int b;
            do {
                if (shift > 63) {
                    throw new IOException("Invalid long encoding");
                }
                b = next();
                n |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (n >>> 1) ^ -(n & 1);
        }

        double readDouble() throws IOException {
            if (pos + 8 > buf.length) {
                throw new EOFException();
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
            }
            return Double.longBitsToDouble(bits);
        }

        boolean readBoolean() throws IOException {
            return next() == 1;
        }

        String readString() throws IOException {
            int length = readInt();
            if (length < 0 || pos + length > buf.length) {
                throw new EOFException();
            }
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }
    }
}
