package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import io.drugwatch.sim.PlantedAnomaly;
import io.drugwatch.sim.Scenario;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's link between what its history planted and the alerts that opened. */
class DemoTallyTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    private static final PlantedAnomaly SPIKE = new PlantedAnomaly(
            Scenario.ARREST_SPIKE, "420103", "江汉区", start(D), start(D.plusDays(1)), "14 extra arrests");
    private static final PlantedAnomaly WASTEWATER = new PlantedAnomaly(
            Scenario.WASTEWATER_RISE,
            "530621",
            "鲁甸县",
            start(D).plusSeconds(3600),
            start(D.plusDays(7)).plusSeconds(3600),
            "x2.5");
    private static final PlantedAnomaly SEIZURE = new PlantedAnomaly(
            Scenario.LARGE_SEIZURE,
            "532530",
            "金平",
            start(D).plusSeconds(14 * 3600),
            start(D).plusSeconds(14 * 3600).plusMillis(1),
            "12500 g");
    private static final PlantedAnomaly BAD =
            new PlantedAnomaly(Scenario.BAD_RECORDS, null, null, start(D.minusDays(30)), start(D.plusDays(10)), "0.5%");

    /** A daily rule's alert on the window of days first…last. */
    private static Alert alert(AlertRule rule, String county, LocalDate first, LocalDate last, AlertStatus status) {
        Instant end = start(last.plusDays(1));
        return Alert.newBuilder()
                .setAlertId(rule + "-" + county + "-" + last)
                .setRule(rule)
                .setSeverity(Severity.CRITICAL)
                .setStatus(status)
                .setCountyCode(county)
                .setSubject("ARREST_EVENTS")
                .setObserved(20)
                .setThreshold(9)
                .setWindowStart(start(first))
                .setWindowEnd(end)
                .setFirstSeenAt(end)
                .setUpdatedAt(end)
                .setEvidence(List.of())
                .setSummary("s")
                .setProvenance(Map.of())
                .build();
    }

    @Test
    void anAlertFindsAPlantedAnomalyOfItsCountyAndRuleFamilyWithinSevenDaysOfItsEnd() {
        DemoTally tally = new DemoTally(ZONE);
        tally.planted(List.of(BAD, SEIZURE, SPIKE, WASTEWATER));

        // the spike day itself, judged in a 1-day window, and in a 14-day window ending 7 days later
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420103", D, D, AlertStatus.OPEN)))
                .contains(SPIKE);
        assertThat(tally.record(
                        alert(AlertRule.COUNT_SPIKE, "420103", D.minusDays(6), D.plusDays(7), AlertStatus.OPEN)))
                .contains(SPIKE);
        // a day too late, a day too early, another county, another rule family
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420103", D.plusDays(8), D.plusDays(8), AlertStatus.OPEN)))
                .isEmpty();
        assertThat(tally.record(
                        alert(AlertRule.COUNT_SPIKE, "420103", D.minusDays(1), D.minusDays(1), AlertStatus.OPEN)))
                .isEmpty();
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420102", D, D, AlertStatus.OPEN)))
                .isEmpty();
        assertThat(tally.record(alert(AlertRule.CHECKPOINT_HIT_RATE, "420103", D, D, AlertStatus.OPEN)))
                .isEmpty();
        // a planted wastewater rise is also a consumption rise without enforcement response
        assertThat(tally.record(alert(
                        AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                        "530621",
                        D.minusDays(13),
                        D.plusDays(3),
                        AlertStatus.OPEN)))
                .contains(WASTEWATER);
        // a large seizure alert covers the seizure's day
        assertThat(tally.record(alert(AlertRule.LARGE_SEIZURE, "532530", D, D, AlertStatus.OPEN)))
                .contains(SEIZURE);
        // state changes after OPEN are not new alerts
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420103", D, D, AlertStatus.ESCALATED)))
                .isEmpty();
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420999", D, D, AlertStatus.RESOLVED)))
                .isEmpty();

        assertThat(tally.opened()).containsExactly(8, 4);
        List<String> report = tally.report((p, rule) -> rule == AlertRule.WASTEWATER_RISE ? "why" : null);
        assertThat(report.get(1)).contains("planted", "found", "alerts matching nothing planted");
        assertThat(report)
                .contains(
                        String.format("  %-32s %7s %5s  %s", "LARGE_SEIZURE", "1", "1", "0"),
                        String.format("  %-32s %7s %5s  %s", "COUNT_SPIKE", "1", "1", "3"),
                        String.format("  %-32s %7s %5s  %s", "WASTEWATER_RISE", "1", "0", "0"),
                        String.format("  %-32s %7s %5s  %s", "CHECKPOINT_HIT_RATE", "0", "0", "1"),
                        String.format("  %-32s %7s %5s  %s", "CONSUMPTION_WITHOUT_ENFORCEMENT", "1", "1", "0"),
                        "  not found so far: WASTEWATER_RISE for WASTEWATER_RISE in 530621 鲁甸县 from 2026-11-20; why");
        assertThat(report).hasSize(2 + AlertRule.values().length + 1);
    }

    @Test
    void largeSeizureAlertsOnNormalTrafficAreSaidToBeRealSeizures() {
        DemoTally tally = new DemoTally(ZONE);
        tally.planted(List.of());
        assertThat(tally.record(alert(AlertRule.LARGE_SEIZURE, "532530", D, D, AlertStatus.OPEN)))
                .isEmpty();
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420103", D, D, AlertStatus.OPEN)))
                .isEmpty();
        List<String> report = tally.report((p, rule) -> null);
        assertThat(report)
                .contains(
                        String.format("  %-32s %7s %5s  %s", "LARGE_SEIZURE", "0", "0", "1")
                                + "  (real seizures at or above the threshold)",
                        String.format("  %-32s %7s %5s  %s", "COUNT_SPIKE", "0", "0", "1"));
    }

    @Test
    void withoutThePlantedList_aResumedDemo_alertsAreCountedNotMatched() {
        DemoTally tally = new DemoTally(ZONE);
        assertThat(tally.plantedKnown()).isFalse();
        assertThat(tally.record(alert(AlertRule.COUNT_SPIKE, "420103", D, D, AlertStatus.OPEN)))
                .isEmpty();
        List<String> report = tally.report((p, rule) -> null);
        assertThat(report.get(0)).contains("earlier run");
        assertThat(report).contains(String.format("  %-32s %7s %5s  %s", "COUNT_SPIKE", "?", "?", "1"));
    }
}
