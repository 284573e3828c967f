package io.drugwatch.domain;

/** Why an input record went to dead-letters instead of being counted. Written as the {@code dlq.reason} header. */
public enum RejectReason {
    /** Key plus value are larger than {@code drugwatch.input.max.record.bytes}; checked before decoding. */
    RECORD_TOO_LARGE,
    /** Null value, too short, or a first byte other than the Confluent magic byte 0. */
    NOT_CONFLUENT_AVRO,
    /** The schema id in the value is not known to the registry. */
    UNKNOWN_SCHEMA_ID,
    /** Truncated or corrupt Avro body. */
    MALFORMED_AVRO,
    /** The writer schema cannot be read as this topic's record type. */
    SCHEMA_MISMATCH,
    /** The message key is missing or differs from the value's countyCode, so the record sits on the wrong partition. */
    KEY_MISMATCH,
    /** A required text field is blank. */
    MISSING_FIELD,
    /** countyCode does not match the configured pattern. */
    INVALID_COUNTY_CODE,
    /** occurredAt is before the earliest accepted date or too far after the record was produced. */
    TIMESTAMP_OUT_OF_RANGE,
    /** A number outside its allowed range (suspects, grams, vehicles, concentration, flow, population). */
    VALUE_OUT_OF_RANGE,
    /** A line of a JSONL file (ingest, replay) that is not a valid record. */
    INVALID_JSON,
    /** The event's local day had already closed (stream time past its end plus grace). */
    LATE,
    /**
     * Processing the record threw: a bug, or a case the code does not handle. The detail names the
     * exception's class and the processor, never its message, which may quote the record.
     */
    PROCESSING_ERROR
}
