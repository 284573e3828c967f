package io.drugwatch.alerting;

import io.drugwatch.model.AlertRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** State-store encoding of what the rules could judge for one county on its latest judged day. */
public final class CoverageCodec {

    private static final byte VERSION = 1;

    private CoverageCodec() {}

    /** @param day the judged day */
    public record CountyCoverage(LocalDate day, List<Coverage> entries) {}

    public static byte[] encode(LocalDate day, List<Coverage> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            enc.writeFixed(new byte[] {VERSION});
            enc.writeLong(day.toEpochDay());
            enc.writeInt(entries.size());
            for (Coverage c : entries) {
                enc.writeString(c.rule().name());
                enc.writeString(c.subject());
                enc.writeString(c.status().name());
                enc.writeString(c.reason() == null ? "" : c.reason());
            }
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CountyCoverage decode(byte[] data) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(data, null);
        try {
            byte[] version = new byte[1];
            dec.readFixed(version);
            if (version[0] != VERSION) {
                throw new IllegalStateException("unsupported coverage format version " + version[0]);
            }
            LocalDate day = LocalDate.ofEpochDay(dec.readLong());
            int n = dec.readInt();
            List<Coverage> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                AlertRule rule = AlertRule.valueOf(dec.readString());
                String subject = dec.readString();
                Coverage.Status status = Coverage.Status.valueOf(dec.readString());
                String reason = dec.readString();
                entries.add(new Coverage(rule, subject, status, reason.isEmpty() ? null : reason));
            }
            return new CountyCoverage(day, List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
