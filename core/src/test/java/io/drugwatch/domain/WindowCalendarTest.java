package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowCalendarTest {

    private final WindowCalendar shanghai = new WindowCalendar(ZoneId.of("Asia/Shanghai"), Duration.ofHours(48));

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void localDayStartsAtLocalMidnightNotUtcMidnight() {
        LocalDate day = LocalDate.parse("2026-11-20");
        assertThat(shanghai.dayStart(day)).isEqualTo(at("2026-11-19T16:00:00Z"));
        assertThat(shanghai.dayEnd(day)).isEqualTo(at("2026-11-20T16:00:00Z"));
        // 23:30 UTC on the 19th is already 07:30 on the 20th in Shanghai
        assertThat(shanghai.localDate(at("2026-11-19T23:30:00Z"))).isEqualTo(day);
        assertThat(shanghai.localDate(at("2026-11-19T15:59:59.999Z"))).isEqualTo(day.minusDays(1));
    }

    @Test
    void dayClosesAtItsEndPlusGrace() {
        LocalDate day = LocalDate.parse("2026-11-20");
        long closes = at("2026-11-22T16:00:00Z");
        assertThat(shanghai.closesAt(day)).isEqualTo(closes);
        assertThat(shanghai.isClosed(day, closes - 1)).isFalse();
        assertThat(shanghai.isClosed(day, closes)).isTrue();
        assertThat(shanghai.lastClosedDay(closes - 1)).isEqualTo(day.minusDays(1));
        assertThat(shanghai.lastClosedDay(closes)).isEqualTo(day);
    }

    @Test
    void windowsCoverWholeLocalDaysEndingOnTheEndDate() {
        LocalDate end = LocalDate.parse("2026-11-20");
        WindowCalendar.Window week = shanghai.window(7, end);
        assertThat(week.startDate()).isEqualTo(LocalDate.parse("2026-11-14"));
        assertThat(week.start()).isEqualTo(at("2026-11-13T16:00:00Z"));
        assertThat(week.end()).isEqualTo(at("2026-11-20T16:00:00Z"));
        WindowCalendar.Window month = shanghai.window(28, end);
        assertThat(month.startDate()).isEqualTo(LocalDate.parse("2026-10-24"));
        assertThat(month.contains(LocalDate.parse("2026-10-24"))).isTrue();
        assertThat(month.contains(LocalDate.parse("2026-10-23"))).isFalse();
        assertThat(shanghai.window(1, end).end() - shanghai.window(1, end).start())
                .isEqualTo(Duration.ofDays(1).toMillis());
    }

    @Test
    void daylightSavingDaysAreShorterOrLonger() {
        WindowCalendar berlin = new WindowCalendar(ZoneId.of("Europe/Berlin"), Duration.ZERO);
        WindowCalendar.Window springForward = berlin.window(1, LocalDate.parse("2026-03-29"));
        assertThat(springForward.end() - springForward.start())
                .isEqualTo(Duration.ofHours(23).toMillis());
        WindowCalendar.Window fallBack = berlin.window(1, LocalDate.parse("2026-10-25"));
        assertThat(fallBack.end() - fallBack.start())
                .isEqualTo(Duration.ofHours(25).toMillis());
    }
}
