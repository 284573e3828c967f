package io.drugwatch.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Whole local calendar days in a configured zone. Kafka's windows align to the UTC epoch, so a day
 * in Asia/Shanghai ([16:00Z, 16:00Z)) has to be computed here instead; zones with daylight saving
 * get 23- and 25-hour days, which is why day bounds always go through {@link ZoneId} rules.
 */
public final class WindowCalendar {

    private final ZoneId zone;
    private final long graceMillis;

    public WindowCalendar(ZoneId zone, Duration grace) {
        this.zone = Objects.requireNonNull(zone, "zone");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.graceMillis = grace.toMillis();
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate localDate(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
    }

    /** Local midnight starting {@code date}. */
    public long dayStart(LocalDate date) {
        return date.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Local midnight ending {@code date} (exclusive). */
    public long dayEnd(LocalDate date) {
        return dayStart(date.plusDays(1));
    }

    /** Stream time at which {@code date} closes: its final values go out and later records for it are late. */
    public long closesAt(LocalDate date) {
        return dayEnd(date) + graceMillis;
    }

    public boolean isClosed(LocalDate date, long streamTime) {
        return streamTime >= closesAt(date);
    }

    /** The newest local date that is closed at {@code streamTime}. */
    public LocalDate lastClosedDay(long streamTime) {
        return localDate(streamTime - graceMillis).minusDays(1);
    }

    public Window window(int days, LocalDate endDate) {
        return new Window(days, endDate, dayStart(endDate.minusDays(days - 1L)), dayEnd(endDate));
    }

    /** A window of {@code days} whole local days ending on {@code endDate}: [start, end). */
    public record Window(int days, LocalDate endDate, long start, long end) {
        public LocalDate startDate() {
            return endDate.minusDays(days - 1L);
        }

        public boolean contains(LocalDate date) {
            return !date.isBefore(startDate()) && !date.isAfter(endDate);
        }
    }
}
