package io.drugwatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The validation rules every input record passes before it is counted. Time bounds are relative to
 * when the record was produced (its Kafka timestamp), not to the wall clock, so a replay of
 * history judges each record as it was judged live.
 */
public final class EventRules {

    private final Pattern countyCode;
    private final Instant earliest;
    private final Duration maxFuture;

    public EventRules(Pattern countyCode, LocalDate earliestDate, ZoneId zone, Duration maxFuture) {
        this.countyCode = countyCode;
        this.earliest = earliestDate.atStartOfDay(zone).toInstant();
        this.maxFuture = maxFuture;
    }

    /**
     * @param key the message key as text, or null when absent
     * @param producedAt the record's Kafka timestamp
     */
    public <T extends SpecificRecord> Optional<Rejection> check(
            EventType<T> type, T event, String key, long producedAt) {
        String eventId = type.eventId(event);
        if (eventId == null || eventId.isBlank()) {
            return Optional.of(new Rejection(RejectReason.MISSING_FIELD, "eventId is blank"));
        }
        String code = type.countyCode(event);
        if (code == null || code.isBlank()) {
            return Optional.of(new Rejection(RejectReason.MISSING_FIELD, "countyCode is blank"));
        }
        // '|' separates the parts of store and output keys
        if (!countyCode.matcher(code).matches() || code.indexOf('|') >= 0) {
            return Optional.of(new Rejection(
                    RejectReason.INVALID_COUNTY_CODE,
                    "countyCode '" + code + "' does not match " + countyCode.pattern()));
        }
        if (!code.equals(key)) {
            return Optional.of(new Rejection(
                    RejectReason.KEY_MISMATCH,
                    "message key " + (key == null ? "is missing" : "'" + key + "'") + " but countyCode is '" + code
                            + "': produce with key = countyCode"));
        }
        Instant occurred = type.occurredAt(event);
        if (occurred.isBefore(earliest)) {
            return Optional.of(new Rejection(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE, "occurredAt " + occurred + " is before " + earliest));
        }
        Instant latest = Instant.ofEpochMilli(producedAt).plus(maxFuture);
        if (occurred.isAfter(latest)) {
            return Optional.of(new Rejection(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "occurredAt " + occurred + " is more than " + maxFuture + " after the record was produced ("
                            + Instant.ofEpochMilli(producedAt) + ")"));
        }
        return type.check(event);
    }
}
