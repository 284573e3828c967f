package io.drugwatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record cannot be turned into the expected type: the record itself is bad. Safe to
 * dead-letter or skip, unlike {@link RegistryUnavailableException}.
 *
 * <p>Extends Kafka's {@link SerializationException} so consumers and Kafka Streams' deserialization
 * handlers treat it as a poison record.
 */
public class WireFormatException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes were rejected, for metrics and dead-letter routing. */
    public enum Kind {
        /**
         * Shorter than the 5-byte header, the first byte is not the magic byte 0, or the id names a
         * non-Avro (e.g. Protobuf) schema.
         */
        NOT_CONFLUENT_AVRO,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The Avro body is truncated, corrupt, or followed by extra bytes. */
        MALFORMED_AVRO,
        /** The writer's schema cannot be read as the expected type, e.g. a Seizure on the arrests topic. */
        SCHEMA_MISMATCH
    }

    private final Kind kind;

    public WireFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
