package io.drugwatch.topology;

import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import io.drugwatch.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an input record's raw key and value, or says why it cannot: the checks every input topic
 * shares, events and reference data alike, before the rules of its record type.
 */
final class RawInput<T> {

    /** A decoded part of a record, or the rejection that stops it. */
    record Decoded<V>(V value, Rejection rejection) {

        static <V> Decoded<V> of(V value) {
            return new Decoded<>(value, null);
        }

        static <V> Decoded<V> rejected(RejectReason reason, String detail) {
            return new Decoded<>(null, new Rejection(reason, detail));
        }

        boolean ok() {
            return rejection == null;
        }
    }

    private final String topic;
    private final Deserializer<T> deserializer;
    private final int maxRecordBytes;

    RawInput(String topic, Deserializer<T> deserializer, int maxRecordBytes) {
        this.topic = topic;
        this.deserializer = deserializer;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Checked before decoding, so a huge record costs no Avro parsing and no allocation of its decoded fields. */
    Optional<Rejection> tooLarge(byte[] key, byte[] value) {
        long size = (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
        return size > maxRecordBytes
                ? Optional.of(new Rejection(
                        RejectReason.RECORD_TOO_LARGE,
                        size + " bytes of key and value, over drugwatch.input.max.record.bytes (" + maxRecordBytes
                                + ")"))
                : Optional.empty();
    }

    /**
     * The value as this topic's record. An unreachable registry is not the record's fault: its
     * {@code RegistryUnavailableException} is thrown for the caller to wait out.
     */
    Decoded<T> value(Headers headers, byte[] value) {
        if (value == null) {
            return Decoded.rejected(RejectReason.NOT_CONFLUENT_AVRO, "value is null (a tombstone)");
        }
        try {
            return Decoded.of(deserializer.deserialize(topic, headers, value));
        } catch (WireFormatException e) {
            return Decoded.rejected(RejectReason.valueOf(e.kind().name()), e.getMessage());
        }
    }

    /** The message key as text: null when absent, rejected when not UTF-8. */
    static Decoded<String> key(byte[] key) {
        if (key == null) {
            return Decoded.of(null);
        }
        try {
            return Decoded.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key))
                    .toString());
        } catch (CharacterCodingException e) {
            return Decoded.rejected(RejectReason.KEY_MISMATCH, "message key is not UTF-8 text");
        }
    }
}
