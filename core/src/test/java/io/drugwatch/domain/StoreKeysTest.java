package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Substance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The literal keys below are what the code wrote before {@link StoreKeys} (2026-12-05): state on disk and in
 * the changelogs holds them, so they must not change. Ranges are checked the way the stores compare keys,
 * as unsigned bytes of their UTF-8.
 */
class StoreKeysTest {

    private static final String LUDIAN = "530621";
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Test
    void encodingsAreThoseOnDisk() {
        assertThat(StoreKeys.Panes.key(LUDIAN, DAY)).isEqualTo("530621|2026-11-20");
        assertThat(StoreKeys.Days.key(DAY, LUDIAN)).isEqualTo("2026-11-20|530621");
        assertThat(StoreKeys.SeenEvents.key(EventType.ARREST, "a-1|x")).isEqualTo("arrest|a-1|x");
        assertThat(StoreKeys.SeenEvents.key(EventType.SEIZURE, "s-1")).isEqualTo("seizure|s-1");
        assertThat(StoreKeys.SeenEvents.key(EventType.CHECKPOINT_INSPECTION, "c-1"))
                .isEqualTo("inspection|c-1");
        assertThat(StoreKeys.SeenEvents.key(EventType.WASTEWATER_SAMPLE, "w-1")).isEqualTo("wastewater|w-1");
        assertThat(List.of(StoreKeys.Clock.STREAM_TIME, StoreKeys.Clock.CLOSED_THROUGH, StoreKeys.Clock.OBSERVED_FROM))
                .containsExactly("stream-time", "closed-through", "observed-from");
        assertThat(StoreKeys.AlertSeries.PEERS).isEqualTo("|peers");
        assertThat(StoreKeys.Plants.key(LUDIAN, "0123456789abcdef", Substance.METHAMPHETAMINE))
                .isEqualTo("530621|0123456789abcdef|METHAMPHETAMINE");
        assertThat(StoreKeys.AlertStates.key(LUDIAN, AlertRule.LARGE_SEIZURE, "s-1"))
                .isEqualTo("530621|LARGE_SEIZURE|s-1");
        assertThat(StoreKeys.AlertHistory.key(
                        alert("530621-LARGE_SEIZURE-s-1", 1_763_568_000_000L, AlertStatus.ESCALATED)))
                .isEqualTo("530621-LARGE_SEIZURE-s-1|1763568000000|1");
        assertThat(StoreKeys.AlertHistory.key(alert("a", 5L, AlertStatus.RESOLVED)))
                .isEqualTo("a|0000000000005|2");
        assertThat(StoreKeys.CountyWindows.key(LUDIAN, 28, DAY)).isEqualTo("530621|28|2026-11-20");
        assertThat(StoreKeys.RegionWindows.key(RegionLevel.PREFECTURE, "530600", 7, "2026-11-20"))
                .isEqualTo("PREFECTURE|530600|7|2026-11-20");
    }

    @Test
    void keysReadBackWhatBuiltThem() {
        assertThat(StoreKeys.Panes.day(StoreKeys.Panes.key(LUDIAN, DAY))).isEqualTo(DAY);
        String dayKey = StoreKeys.Days.key(DAY, LUDIAN);
        assertThat(StoreKeys.Days.day(dayKey)).isEqualTo(DAY);
        assertThat(StoreKeys.Days.county(dayKey)).isEqualTo(LUDIAN);
        assertThat(StoreKeys.Plants.parse(StoreKeys.Plants.key(LUDIAN, "0123456789abcdef", Substance.KETAMINE)))
                .isEqualTo(new StoreKeys.Plants.Plant(LUDIAN, "0123456789abcdef", Substance.KETAMINE));
        // a subject may hold the separator: only the county is read back
        assertThat(StoreKeys.AlertStates.county(StoreKeys.AlertStates.key(LUDIAN, AlertRule.WASTEWATER_RISE, "p|q")))
                .isEqualTo(LUDIAN);
    }

    @Test
    void datedKeysOrderAsTheirDates() {
        List<LocalDate> dates = List.of(
                LocalDate.parse("0999-01-01"),
                LocalDate.parse("2025-12-31"),
                LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-09-30"),
                LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-10"),
                LocalDate.parse("9999-12-31"));
        assertThat(sortedAsBytes(dates.stream().map(d -> StoreKeys.Panes.key(LUDIAN, d))))
                .containsExactlyElementsOf(
                        dates.stream().map(d -> StoreKeys.Panes.key(LUDIAN, d)).toList());
        assertThat(sortedAsBytes(dates.stream().map(d -> StoreKeys.Days.key(d, LUDIAN))))
                .containsExactlyElementsOf(
                        dates.stream().map(d -> StoreKeys.Days.key(d, LUDIAN)).toList());
        assertThat(sortedAsBytes(dates.stream().map(d -> StoreKeys.CountyWindows.key(LUDIAN, 7, d))))
                .containsExactlyElementsOf(dates.stream()
                        .map(d -> StoreKeys.CountyWindows.key(LUDIAN, 7, d))
                        .toList());
    }

    @Test
    void dayRangesHoldEveryCountyOfTheirDaysAndNoOtherDay() {
        StoreKeys.Range range = StoreKeys.Days.between(DAY, DAY.plusDays(1));
        assertThat(Stream.of(
                        StoreKeys.Days.key(DAY, "110101"),
                        StoreKeys.Days.key(DAY, "659004"),
                        StoreKeys.Days.key(DAY.plusDays(1), "999999"),
                        StoreKeys.Days.key(DAY.plusDays(1), "ZZZZZZ")))
                .allMatch(key -> inRange(range, key));
        assertThat(inRange(range, StoreKeys.Days.key(DAY.minusDays(1), "999999")))
                .isFalse();
        assertThat(inRange(range, StoreKeys.Days.key(DAY.plusDays(2), "000000")))
                .isFalse();

        StoreKeys.Range through = StoreKeys.Days.through(DAY);
        assertThat(inRange(through, StoreKeys.Days.key(LocalDate.parse("0001-01-01"), "110101")))
                .isTrue();
        assertThat(inRange(through, StoreKeys.Days.key(DAY, "999999"))).isTrue();
        assertThat(inRange(through, StoreKeys.Days.key(DAY.plusDays(1), "110101")))
                .isFalse();
    }

    @Test
    void paneRangesHoldOneCountysDays() {
        StoreKeys.Range range = StoreKeys.Panes.between(LUDIAN, DAY.minusDays(27), DAY);
        assertThat(inRange(range, StoreKeys.Panes.key(LUDIAN, DAY.minusDays(27))))
                .isTrue();
        assertThat(inRange(range, StoreKeys.Panes.key(LUDIAN, DAY))).isTrue();
        assertThat(inRange(range, StoreKeys.Panes.key(LUDIAN, DAY.plusDays(1)))).isFalse();
        assertThat(inRange(range, StoreKeys.Panes.key("530622", DAY))).isFalse();
    }

    @Test
    void countyWindowRangesHoldOneCountyAndSizeUpToTheLastDate() {
        StoreKeys.Range all = StoreKeys.CountyWindows.of(LUDIAN, 7);
        assertThat(inRange(all, StoreKeys.CountyWindows.key(LUDIAN, 7, LocalDate.parse("0001-01-01"))))
                .isTrue();
        assertThat(inRange(all, StoreKeys.CountyWindows.key(LUDIAN, 7, LocalDate.parse("9999-12-31"))))
                .isTrue();
        assertThat(inRange(all, StoreKeys.CountyWindows.key(LUDIAN, 1, DAY))).isFalse();
        assertThat(inRange(all, StoreKeys.CountyWindows.key(LUDIAN, 28, DAY))).isFalse();
        assertThat(inRange(all, StoreKeys.CountyWindows.key("530622", 7, DAY))).isFalse();

        StoreKeys.Range some = StoreKeys.CountyWindows.between(LUDIAN, 28, DAY.minusDays(1), DAY);
        assertThat(inRange(some, StoreKeys.CountyWindows.key(LUDIAN, 28, DAY.minusDays(1))))
                .isTrue();
        assertThat(inRange(some, StoreKeys.CountyWindows.key(LUDIAN, 28, DAY))).isTrue();
        assertThat(inRange(some, StoreKeys.CountyWindows.key(LUDIAN, 28, DAY.minusDays(2))))
                .isFalse();
        assertThat(inRange(some, StoreKeys.CountyWindows.key(LUDIAN, 28, DAY.plusDays(1))))
                .isFalse();
    }

    @Test
    void regionRangesHoldOneLevelOrOneRegionAndSize() {
        String prefecture = StoreKeys.RegionWindows.key(RegionLevel.PREFECTURE, "530600", 7, "2026-11-20");
        String province = StoreKeys.RegionWindows.key(RegionLevel.PROVINCE, "530000", 7, "2026-11-20");
        assertThat(inRange(StoreKeys.RegionWindows.of(RegionLevel.PREFECTURE), prefecture))
                .isTrue();
        assertThat(inRange(StoreKeys.RegionWindows.of(RegionLevel.PREFECTURE), province))
                .isFalse();
        StoreKeys.Range one = StoreKeys.RegionWindows.of(RegionLevel.PREFECTURE, "530600", 7);
        assertThat(inRange(one, prefecture)).isTrue();
        assertThat(inRange(one, StoreKeys.RegionWindows.key(RegionLevel.PREFECTURE, "530600", 28, "2026-11-20")))
                .isFalse();
        assertThat(inRange(one, StoreKeys.RegionWindows.key(RegionLevel.PREFECTURE, "5306001", 7, "2026-11-20")))
                .isFalse();
    }

    @Test
    void anAlertsHistoryIsItsOwnRange() {
        StoreKeys.Range range = StoreKeys.AlertHistory.of("a-1");
        assertThat(inRange(range, StoreKeys.AlertHistory.key(alert("a-1", 0L, AlertStatus.OPEN))))
                .isTrue();
        assertThat(inRange(range, StoreKeys.AlertHistory.key(alert("a-1", 9_999_999_999_999L, AlertStatus.RESOLVED))))
                .isTrue();
        assertThat(inRange(range, StoreKeys.AlertHistory.key(alert("a-12", 0L, AlertStatus.OPEN))))
                .isFalse();
        assertThat(inRange(range, StoreKeys.AlertHistory.key(alert("a-2", 0L, AlertStatus.OPEN))))
                .isFalse();
        // OPEN before ESCALATED before RESOLVED at the same instant
        assertThat(sortedAsBytes(Stream.of(AlertStatus.RESOLVED, AlertStatus.OPEN, AlertStatus.ESCALATED)
                        .map(s -> StoreKeys.AlertHistory.key(alert("a-1", 7L, s)))))
                .containsExactly("a-1|0000000000007|0", "a-1|0000000000007|1", "a-1|0000000000007|2");
    }

    @Test
    void aCountysPlantsShareAPrefixNoOtherCountyHas() {
        String prefix = StoreKeys.Plants.ofCounty(LUDIAN);
        assertThat(StoreKeys.Plants.key(LUDIAN, "0123456789abcdef", Substance.MORPHINE))
                .startsWith(prefix);
        assertThat(StoreKeys.Plants.key("5306210", "0123456789abcdef", Substance.MORPHINE))
                .doesNotStartWith(prefix);
        assertThat(StoreKeys.AlertSeries.PEERS).doesNotStartWith(prefix);
    }

    private static Alert alert(String id, long updatedAt, AlertStatus status) {
        Alert alert = new Alert();
        alert.setAlertId(id);
        alert.setUpdatedAt(Instant.ofEpochMilli(updatedAt));
        alert.setStatus(status);
        return alert;
    }

    private static boolean inRange(StoreKeys.Range range, String key) {
        return compare(range.from(), key) <= 0 && compare(key, range.to()) <= 0;
    }

    private static int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> sortedAsBytes(Stream<String> keys) {
        List<String> sorted = new ArrayList<>(keys.toList());
        sorted.sort(StoreKeysTest::compare);
        return sorted;
    }
}
