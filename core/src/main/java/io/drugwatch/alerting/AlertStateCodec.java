package io.drugwatch.alerting;

import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * State-store encoding of an {@link AlertState}: a format version byte, then the fields. Status and
 * severity go by name rather than ordinal, so a symbol added anywhere in the Avro enums cannot turn a stored
 * WARNING into something else.
 */
public final class AlertStateCodec {

    static final byte VERSION = 1;

    private AlertStateCodec() {}

    public static byte[] encode(AlertState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(state.alertId());
            out.writeUTF(state.status().name());
            out.writeUTF(state.severity().name());
            out.writeLong(state.firstSeenAt());
            out.writeInt(state.clearCount());
            out.writeLong(state.resolveAt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AlertState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unsupported alert state format version " + version);
            }
            return new AlertState(
                    in.readUTF(),
                    AlertStatus.valueOf(in.readUTF()),
                    Severity.valueOf(in.readUTF()),
                    in.readLong(),
                    in.readInt(),
                    in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
