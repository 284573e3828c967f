package io.drugwatch.domain;

import io.drugwatch.model.County;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The validation rules every input record passes before it is counted, and every {@code counties}
 * reference record before it replaces its county's entry. Time bounds are relative to when the
 * record was produced (its Kafka timestamp), not to the wall clock, so a replay of history judges
 * each record as it was judged live.
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
        Optional<Rejection> code = checkCode("countyCode", type.countyCode(event), key);
        if (code.isPresent()) {
            return code;
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

    /**
     * The rules of a {@code counties} reference record: its code as an event's county code, the key,
     * names and region codes present, and a population that is unknown (null) or positive.
     *
     * @param key the message key as text, or null when absent
     */
    public Optional<Rejection> checkCounty(County county, String key) {
        Long population = county.getPopulation();
        return checkCode("code", county.getCode(), key)
                .or(() -> required("name", county.getName()))
                .or(() -> required("prefectureCode", county.getPrefectureCode()))
                .or(() -> required("prefectureName", county.getPrefectureName()))
                .or(() -> required("provinceCode", county.getProvinceCode()))
                .or(() -> required("provinceName", county.getProvinceName()))
                .or(() -> regionCode("prefectureCode", county.getPrefectureCode()))
                .or(() -> regionCode("provinceCode", county.getProvinceCode()))
                .or(() -> population != null && population <= 0
                        ? Optional.of(new Rejection(
                                RejectReason.VALUE_OUT_OF_RANGE, "population " + population + " is outside (0, inf)"))
                        : Optional.empty());
    }

    private static Optional<Rejection> required(String field, String value) {
        return value == null || value.isBlank()
                ? Optional.of(new Rejection(RejectReason.MISSING_FIELD, field + " is blank"))
                : Optional.empty();
    }

    /** Region codes are parts of region-indicators keys, as county codes are of store keys. */
    private static Optional<Rejection> regionCode(String field, String code) {
        return code.indexOf('|') >= 0
                ? Optional.of(new Rejection(RejectReason.INVALID_COUNTY_CODE, field + " '" + code + "' contains '|'"))
                : Optional.empty();
    }

    /** A county code is present, has the configured shape and is the message key. */
    private Optional<Rejection> checkCode(String field, String code, String key) {
        if (code == null || code.isBlank()) {
            return Optional.of(new Rejection(RejectReason.MISSING_FIELD, field + " is blank"));
        }
        // '|' separates the parts of store and output keys
        if (!countyCode.matcher(code).matches() || code.indexOf('|') >= 0) {
            return Optional.of(new Rejection(
                    RejectReason.INVALID_COUNTY_CODE,
                    field + " '" + code + "' does not match " + countyCode.pattern()));
        }
        if (!code.equals(key)) {
            return Optional.of(new Rejection(
                    RejectReason.KEY_MISMATCH,
                    "message key " + (key == null ? "is missing" : "'" + key + "'") + " but " + field + " is '" + code
                            + "': produce with key = " + field));
        }
        return Optional.empty();
    }
}
