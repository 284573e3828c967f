package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Random;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The state codecs' own encoder must write, and read, exactly Avro's bytes: stores and changelogs hold them. */
class BinaryTest {

    private static final long[] LONGS = {
        0,
        1,
        -1,
        63,
        64,
        -64,
        -65,
        127,
        128,
        8191,
        8192,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        307_050_000_000L,
        -307_050_000_000L
    };
    private static final int[] INTS = {0, 1, -1, 63, 64, -64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final double[] DOUBLES = {
        0.0, -0.0, 1.5, -17.25, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2
    };
    private static final String[] STRINGS = {"", "PREFECTURE", "530621", "昭通市", "红河哈尼族彝族自治州", "\u0000"};

    @Test
    void writesAvrosBytesAndReadsThemBack() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream avroOut = new ByteArrayOutputStream();
            BinaryEncoder avro = EncoderFactory.get().directBinaryEncoder(avroOut, null);
            Binary.Writer ours = new Binary.Writer(4);
            long[] longs = new long[20];
            int[] ints = new int[20];
            double[] doubles = new double[20];
            String[] strings = new String[20];
            boolean[] booleans = new boolean[20];
            for (int i = 0; i < 20; i++) {
                longs[i] = round == 0 ? LONGS[i % LONGS.length] : random.nextLong() >> random.nextInt(64);
                ints[i] = round == 0 ? INTS[i % INTS.length] : random.nextInt() >> random.nextInt(32);
                doubles[i] = round == 0 ? DOUBLES[i % DOUBLES.length] : random.nextGaussian() * 1e6;
                strings[i] = STRINGS[random.nextInt(STRINGS.length)];
                booleans[i] = random.nextBoolean();
                avro.writeLong(longs[i]);
                avro.writeInt(ints[i]);
                avro.writeDouble(doubles[i]);
                avro.writeString(strings[i]);
                avro.writeBoolean(booleans[i]);
                ours.writeLong(longs[i]);
                ours.writeInt(ints[i]);
                ours.writeDouble(doubles[i]);
                ours.writeString(strings[i]);
                ours.writeBoolean(booleans[i]);
            }
            avro.flush();
            byte[] bytes = ours.toByteArray();
            assertThat(bytes).isEqualTo(avroOut.toByteArray());

            Binary.Reader reader = new Binary.Reader(bytes);
            BinaryDecoder avroReader = DecoderFactory.get().binaryDecoder(bytes, null);
            for (int i = 0; i < 20; i++) {
                assertThat(reader.readLong()).isEqualTo(longs[i]).isEqualTo(avroReader.readLong());
                assertThat(reader.readInt()).isEqualTo(ints[i]).isEqualTo(avroReader.readInt());
                assertThat(Double.doubleToRawLongBits(reader.readDouble()))
                        .isEqualTo(Double.doubleToRawLongBits(doubles[i]))
                        .isEqualTo(Double.doubleToRawLongBits(avroReader.readDouble()));
                assertThat(reader.readString()).isEqualTo(strings[i]).isEqualTo(avroReader.readString());
                assertThat(reader.readBoolean()).isEqualTo(booleans[i]).isEqualTo(avroReader.readBoolean());
            }
            assertThatThrownBy(reader::readLong).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aTruncatedValueIsAnError() {
        Binary.Writer w = new Binary.Writer(4);
        w.writeLong(Long.MAX_VALUE);
        w.writeDouble(1.0);
        byte[] bytes = w.toByteArray();
        assertThatThrownBy(() -> new Binary.Reader(java.util.Arrays.copyOf(bytes, 5)).readLong())
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> {
                    Binary.Reader r = new Binary.Reader(java.util.Arrays.copyOf(bytes, bytes.length - 1));
                    r.readLong();
                    r.readDouble();
                })
                .isInstanceOf(EOFException.class);
    }
}
