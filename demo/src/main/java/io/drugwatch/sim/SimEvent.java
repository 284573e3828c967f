package io.drugwatch.sim;

import io.drugwatch.domain.EventType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One simulated message: where it goes, its key, and either an Avro record or (for a
 * {@link Kind#POISON_PILL}) raw bytes that are not Avro.
 *
 * @param input the logical input (topic) it is produced to
 * @param key the message key: the county code (for {@link Kind#INVALID} records with a bad code, that same bad code)
 * @param record the Avro value; null only for a poison pill
 * @param payload the raw value bytes of a poison pill; null otherwise
 * @param kind what the event is: normal traffic, part of a planted anomaly, or a planted bad record
 * @param timestamp simulated wall-clock when the message is produced, epoch millis: the largest occurredAt
 *     emitted so far. Equal to occurredAt for normal and anomaly events; later than it for
 *     {@link Kind#LATE} and {@link Kind#DUPLICATE}. Use it as the Kafka record timestamp.
 */
public record SimEvent(
        EventType<?> input, String key, SpecificRecord record, byte[] payload, Kind kind, long timestamp) {

    /** What an event is. */
    public enum Kind {
        /** Background traffic drawn from the base rates. */
        NORMAL,
        /** A planted seizure of at least 10 kg ({@link Scenario#LARGE_SEIZURE} or {@link Scenario#ANOMALIES}). */
        LARGE_SEIZURE,
        /** An extra arrest on the spike day of {@link Scenario#ARREST_SPIKE}. */
        ARREST_SPIKE,
        /** A methamphetamine sample raised by {@link Scenario#WASTEWATER_RISE}. */
        WASTEWATER_RISE,
        /** An extra checkpoint hit of {@link Scenario#CHECKPOINT_SURGE}. */
        CHECKPOINT_SURGE,
        /** An extra arrest or seizure of a count rise ({@link Scenario#ANOMALIES}). */
        COUNT_RISE,
        /** A wastewater sample raised by a ramp ({@link Scenario#ANOMALIES}). */
        WASTEWATER_RAMP,
        /** An extra checkpoint hit of a hit-rate surge ({@link Scenario#ANOMALIES}). */
        HIT_RATE_SURGE,
        /** Bytes that are not a Confluent-framed Avro record of the topic's type. */
        POISON_PILL,
        /** An exact re-send (same eventId, same record) of an earlier NORMAL event. */
        DUPLICATE,
        /** A valid event whose occurredAt lies several days before the current stream time. */
        LATE,
        /** A record that decodes but breaks a validation rule (suspects 0, bad county code, ...). */
        INVALID;

        /** True for events of a planted anomaly (valid records that an indicator should pick up). */
        public boolean isAnomaly() {
            return this == LARGE_SEIZURE
                    || this == ARREST_SPIKE
                    || this == WASTEWATER_RISE
                    || this == CHECKPOINT_SURGE
                    || this == COUNT_RISE
                    || this == WASTEWATER_RAMP
                    || this == HIT_RATE_SURGE;
        }

        /** True for the planted bad records of {@link Scenario#BAD_RECORDS}. */
        public boolean isBadRecord() {
            return this == POISON_PILL || this == DUPLICATE || this == LATE || this == INVALID;
        }
    }

    public SimEvent {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.POISON_PILL) {
            if (payload == null || record != null) {
                throw new IllegalArgumentException("a poison pill carries a payload and no record");
            }
        } else if (record == null || payload != null) {
            throw new IllegalArgumentException(kind + " carries a record and no payload");
        }
    }

    /** The logical input name, e.g. "arrests". */
    public String inputName() {
        return input.input();
    }

    public boolean isPoisonPill() {
        return payload != null;
    }

    /** The record's eventId, or null for a poison pill. */
    public String eventId() {
        return (String) field("eventId");
    }

    /** The record's occurredAt, or null for a poison pill. */
    public Instant occurredAt() {
        return (Instant) field("occurredAt");
    }

    /** The record's countyCode, or null for a poison pill. */
    public String countyCode() {
        return (String) field("countyCode");
    }

    /** Every input record type has these fields, under the same names. */
    private Object field(String name) {
        return record == null
                ? null
                : record.get(record.getSchema().getField(name).pos());
    }

    /** Payload compared by content, so two runs with one seed give equal events. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SimEvent e
                && input == e.input
                && kind == e.kind
                && timestamp == e.timestamp
                && Objects.equals(key, e.key)
                && Objects.equals(record, e.record)
                && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input, key, record, kind, timestamp) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SimEvent[" + input.input() + " key=" + key + " kind=" + kind + " ts=" + timestamp + " "
                + (payload != null ? "payload=" + payload.length + " bytes" : record) + "]";
    }
}
