package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Severity;
import io.drugwatch.model.Substance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WindowCalendar CALENDAR = new WindowCalendar(SHANGHAI, Duration.ofHours(48));
    static final String JINPING = "532530";
    static final LocalDate DAY = LocalDate.of(2026, 11, 14);

    private final AlertRules rules = new AlertRules(AlertSettings.defaults(), CALENDAR);

    // ---- LARGE_SEIZURE

    @Test
    void aSeizureAtOrAboveTheThresholdsIsAWarningOrCritical() {
        Finding critical = rules.largeSeizure(seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500)).orElseThrow();
        assertThat(critical.rule()).isEqualTo(AlertRule.LARGE_SEIZURE);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.subject()).isEqualTo("sz-1");
        assertThat(critical.evidence()).containsExactly("sz-1");
        assertThat(critical.observed()).isEqualTo(12_500);
        assertThat(critical.threshold()).isEqualTo(10_000);
        assertThat(critical.parameters()).containsEntry(Finding.DRUG_TYPE, "METHAMPHETAMINE")
                .containsEntry("alert.large-seizure.resolve.after", "PT24H");
        // 10:00 in Shanghai on the 14th: the window is that local day
        assertThat(Instant.ofEpochMilli(critical.windowStart())).isEqualTo(Instant.parse("2026-11-13T16:00:00Z"));
        assertThat(Instant.ofEpochMilli(critical.windowEnd())).isEqualTo(Instant.parse("2026-11-14T16:00:00Z"));

        Finding warning = rules.largeSeizure(seizure("sz-2", DrugType.HEROIN, 1_000)).orElseThrow();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.threshold()).isEqualTo(1_000);

        assertThat(rules.largeSeizure(seizure("sz-3", DrugType.HEROIN, 999.9))).isEmpty();
    }

    @Test
    void precursorsNeedTonnes() {
        assertThat(rules.largeSeizure(seizure("p-1", DrugType.PRECURSOR, 50_000))).isEmpty();
        assertThat(rules.largeSeizure(seizure("p-2", DrugType.PRECURSOR, 2_000_000)).orElseThrow().severity())
                .isEqualTo(Severity.WARNING);
        assertThat(rules.largeSeizure(seizure("p-3", DrugType.PRECURSOR, 307_050_000)).orElseThrow().severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aCountyCanLowerOrSwitchOffTheSeizureRule() {
        AlertRules tuned = new AlertRules(AlertSettings.from(Map.of(
                "alert.county.532530.large-seizure.warning.grams", "500",
                "alert.county.530602.large-seizure.enabled", "false")), CALENDAR);

        assertThat(tuned.largeSeizure(seizure("a", DrugType.HEROIN, 600))).isPresent();
        assertThat(tuned.largeSeizure(seizureIn("530621", "b", DrugType.HEROIN, 600))).isEmpty();
        assertThat(tuned.largeSeizure(seizureIn("530602", "c", DrugType.HEROIN, 50_000))).isEmpty();
    }

    // ---- COUNT_SPIKE

    @Test
    void c2MatchesAHandComputedExample() {
        // baseline t-9..t-3 = 2,3,2,4,3,2,3: mean 19/7 = 2.714, sd 0.756 floored to 1; the guard band days
        // t-2 and t-1 are high and must not count
        Map<LocalDate, DailyPane> days = new HashMap<>();
        int[] baseline = {2, 3, 2, 4, 3, 2, 3};
        for (int i = 0; i < baseline.length; i++) {
            days.put(DAY.minusDays(9 - i), arrests(baseline[i]));
        }
        days.put(DAY.minusDays(2), arrests(20));
        days.put(DAY.minusDays(1), arrests(20));
        days.put(DAY, arrests(7));

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS");

        assertThat(f.observed()).isEqualTo(7);
        assertThat(f.expected()).isCloseTo(2.7142857, within(1e-6));
        assertThat(f.score()).isCloseTo(4.2857143, within(1e-6));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.threshold()).isEqualTo(3);
        assertThat(Instant.ofEpochMilli(f.windowStart())).isEqualTo(Instant.parse("2026-11-13T16:00:00Z"));
        assertThat(Instant.ofEpochMilli(f.windowEnd())).isEqualTo(Instant.parse("2026-11-14T16:00:00Z"));

        days.put(DAY, arrests(9));
        Finding critical = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS");
        assertThat(critical.score()).isCloseTo(6.2857143, within(1e-6));
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.threshold()).isEqualTo(6);
    }

    @Test
    void c2SdUsesNMinusOneWhenAboveTheFloor() {
        // baseline 0,10,0,10,0,10,0: sd 5.3, far above the floor
        Map<LocalDate, DailyPane> days = new HashMap<>();
        int[] baseline = {0, 10, 0, 10, 0, 10, 0};
        double mean = 30.0 / 7;
        double squares = 0;
        for (int i = 0; i < baseline.length; i++) {
            days.put(DAY.minusDays(9 - i), arrests(baseline[i]));
            squares += (baseline[i] - mean) * (baseline[i] - mean);
        }
        days.put(DAY, arrests(20));

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS");

        assertThat(f.score()).isCloseTo((20 - mean) / Math.sqrt(squares / 6), within(1e-9));
    }

    @Test
    void flatCountsGiveFindingsWithoutSeverity() {
        Map<LocalDate, DailyPane> days = new HashMap<>();
        for (int i = 0; i < AlertRules.HISTORY_DAYS; i++) {
            days.put(DAY.minusDays(i), arrests(3));
        }

        List<Finding> findings = rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days));

        assertThat(findings).filteredOn(f -> f.rule() == AlertRule.COUNT_SPIKE)
                .extracting(Finding::subject)
                .containsExactly("ARREST_EVENTS", "SUSPECTS", "SEIZURE_EVENTS", "INSPECTION_HITS");
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.severity()).isNull();
            assertThat(f.holding()).isFalse();
        });
    }

    @Test
    void theSdFloorKeepsOneEventAfterQuietDaysFromAlarming() {
        AlertRules noMinimum = new AlertRules(AlertSettings.from(Map.of("alert.count-spike.min.count", "0")), CALENDAR);
        Map<LocalDate, DailyPane> days = Map.of(DAY, arrests(1));

        Finding f = finding(noMinimum.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS");

        assertThat(f.score()).isEqualTo(1.0);
        assertThat(f.severity()).isNull();
    }

    @Test
    void theMinimumCountKeepsSmallCountsFromAlarmingEvenWithAHighScore() {
        AlertRules lowFloor = new AlertRules(AlertSettings.from(Map.of("alert.count-spike.sd.floor", "0.5")), CALENDAR);

        Finding two = finding(lowFloor.evaluateDay(JINPING, DAY, DayHistory.of(DAY, Map.of(DAY, arrests(2)))),
                AlertRule.COUNT_SPIKE, "ARREST_EVENTS");
        assertThat(two.score()).isEqualTo(4.0);
        assertThat(two.severity()).isNull();
        assertThat(two.holding()).isFalse();

        Finding three = finding(lowFloor.evaluateDay(JINPING, DAY, DayHistory.of(DAY, Map.of(DAY, arrests(3)))),
                AlertRule.COUNT_SPIKE, "ARREST_EVENTS");
        assertThat(three.score()).isEqualTo(6.0);
        assertThat(three.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aScoreBetweenTheHysteresisLevelAndTheThresholdHoldsWithoutSeverity() {
        // baseline 2,3,2,3,2,3,2: mean 2.43, sd 0.53 floored to 1; hold level 3 x 0.8 = 2.4
        Map<LocalDate, DailyPane> days = new HashMap<>();
        int[] baseline = {2, 3, 2, 3, 2, 3, 2};
        for (int i = 0; i < baseline.length; i++) {
            days.put(DAY.minusDays(9 - i), arrests(baseline[i]));
        }
        days.put(DAY, arrests(5));

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS");

        assertThat(f.score()).isCloseTo(2.5714286, within(1e-6));
        assertThat(f.severity()).isNull();
        assertThat(f.holding()).isTrue();
    }

    // ---- WASTEWATER_RISE

    @Test
    void aWastewaterRatioOf2Point1IsCriticalAnd1Point6AWarning() {
        Finding critical = wastewaterFinding(rules, 100, 210, 3).orElseThrow();
        assertThat(critical.subject()).isEqualTo("METHAMPHETAMINE");
        assertThat(critical.observed()).isCloseTo(210, within(1e-9));
        assertThat(critical.expected()).isCloseTo(100, within(1e-9));
        assertThat(critical.score()).isCloseTo(2.1, within(1e-9));
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.threshold()).isEqualTo(2);
        assertThat(Instant.ofEpochMilli(critical.windowStart())).isEqualTo(Instant.parse("2026-11-07T16:00:00Z"));
        assertThat(Instant.ofEpochMilli(critical.windowEnd())).isEqualTo(Instant.parse("2026-11-14T16:00:00Z"));

        Finding warning = wastewaterFinding(rules, 100, 160, 3).orElseThrow();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.threshold()).isEqualTo(1.5);

        Finding flat = wastewaterFinding(rules, 100, 105, 3).orElseThrow();
        assertThat(flat.severity()).isNull();
        assertThat(flat.holding()).isFalse();

        Finding hovering = wastewaterFinding(rules, 100, 140, 3).orElseThrow();
        assertThat(hovering.severity()).isNull();
        assertThat(hovering.holding()).isTrue();
    }

    @Test
    void tooFewWastewaterSamplesGiveNoFinding() {
        assertThat(wastewaterFinding(rules, 100, 300, 2)).isEmpty();
    }

    @Test
    void aLoadAtTheCeilingIsCriticalWhateverTheRatio() {
        Finding f = wastewaterFinding(rules, 380, 410, 3).orElseThrow();

        assertThat(f.score()).isCloseTo(410.0 / 380, within(1e-9));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.threshold()).isEqualTo(400);
        assertThat(f.parameters()).containsEntry("alert.wastewater-rise.METHAMPHETAMINE.ceiling", "400");
    }

    @Test
    void aBaselineBelowQuantificationIsJudgedOnTheCeilingOnly() {
        Finding low = wastewaterFinding(rules, 0, 50, 3).orElseThrow();
        assertThat(low.score()).isNull();
        assertThat(low.severity()).isNull();
        assertThat(low.threshold()).isEqualTo(400);

        AlertRules noCeiling = new AlertRules(AlertSettings.from(
                Map.of("alert.wastewater-rise.METHAMPHETAMINE.ceiling", "")), CALENDAR);
        assertThat(wastewaterFinding(noCeiling, 0, 50, 3)).isEmpty();
    }

    // ---- CHECKPOINT_HIT_RATE

    @Test
    void checkpointHitsAboveTheBaselineRateRaiseZ() {
        // 1,000 vehicles a day; baseline 1 hit a day, so 7 hits expected; 15 found: z = 8 / sqrt(7) = 3.02
        Map<LocalDate, DailyPane> days = new HashMap<>();
        for (int i = 7; i < AlertRules.HISTORY_DAYS; i++) {
            days.put(DAY.minusDays(i), inspections(1000, 1));
        }
        for (int i = 0; i < 7; i++) {
            days.put(DAY.minusDays(i), inspections(1000, i == 0 ? 3 : 2));
        }

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.CHECKPOINT_HIT_RATE,
                AlertRules.CHECKPOINTS);

        assertThat(f.score()).isCloseTo(8 / Math.sqrt(7), within(1e-9));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.observed()).isCloseTo(15 * 1000.0 / 7000, within(1e-9));
        assertThat(f.expected()).isCloseTo(1.0, within(1e-9));
        assertThat(f.threshold()).isEqualTo(3);
    }

    @Test
    void aSteadyHitRateIsSilent() {
        Map<LocalDate, DailyPane> days = new HashMap<>();
        for (int i = 0; i < AlertRules.HISTORY_DAYS; i++) {
            days.put(DAY.minusDays(i), inspections(1000, 2));
        }

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)), AlertRule.CHECKPOINT_HIT_RATE,
                AlertRules.CHECKPOINTS);

        assertThat(f.score()).isCloseTo(0, within(1e-9));
        assertThat(f.severity()).isNull();
    }

    @Test
    void aBaselineWithoutHitsExpectsAtLeastOne() {
        Map<LocalDate, DailyPane> days = new HashMap<>();
        for (int i = 7; i < AlertRules.HISTORY_DAYS; i++) {
            days.put(DAY.minusDays(i), inspections(1000, 0));
        }
        days.put(DAY, inspections(1000, 4));
        Finding four = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)),
                AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS);
        assertThat(four.score()).isEqualTo(3.0);
        assertThat(four.severity()).isEqualTo(Severity.WARNING);

        days.put(DAY, inspections(1000, 2));
        Finding two = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)),
                AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS);
        assertThat(two.severity()).isNull();
    }

    @Test
    void noVehiclesMeansTheHitRateIsNotJudged() {
        List<Finding> findings = rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, Map.of(DAY, arrests(1))));

        assertThat(findings).noneMatch(f -> f.rule() == AlertRule.CHECKPOINT_HIT_RATE);
    }

    // ---- CONSUMPTION_WITHOUT_ENFORCEMENT

    @Test
    void risingConsumptionWithFlatEnforcementIsAWarning() {
        // one USE suspect a day throughout: 7 in the week against 7 expected (tolerance 7 + 2 sqrt 7 = 12.3)
        Map<LocalDate, DailyPane> days = wastewaterDays(100, 210, 3);
        for (int i = 0; i < AlertRules.HISTORY_DAYS; i++) {
            days.computeIfAbsent(DAY.minusDays(i), d -> new DailyPane()).addArrest(Offense.USE, 1, false);
        }

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION);

        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.observed()).isEqualTo(7);
        assertThat(f.expected()).isEqualTo(7);
        assertThat(f.threshold()).isCloseTo(7 + 2 * Math.sqrt(7), within(1e-9));
        assertThat(f.parameters()).containsEntry(Finding.RISING_SUBSTANCES, "METHAMPHETAMINE");
    }

    @Test
    void risingConsumptionMetByEnforcementIsSilent() {
        Map<LocalDate, DailyPane> days = wastewaterDays(100, 210, 3);
        for (int i = 0; i < AlertRules.HISTORY_DAYS; i++) {
            days.computeIfAbsent(DAY.minusDays(i), d -> new DailyPane()).addArrest(Offense.USE, 1, false);
        }
        days.get(DAY).addArrest(Offense.POSSESSION, 4, false);
        days.get(DAY).addArrest(Offense.USE, 2, true); // relapses weigh twice: 7 + 4 + 2 x 2 = 15 > 12.3

        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, days)),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION);

        assertThat(f.observed()).isEqualTo(15);
        assertThat(f.severity()).isNull();
        assertThat(f.holding()).isFalse();
    }

    @Test
    void flatConsumptionIsSilentAndNoWastewaterMeansNoJudgement() {
        Finding f = finding(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, wastewaterDays(100, 100, 3))),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION);
        assertThat(f.severity()).isNull();

        assertThat(rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, Map.of(DAY, arrests(1)))))
                .noneMatch(x -> x.rule() == AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
    }

    @Test
    void consumptionIsJudgedEvenWhenWastewaterAlertsAreOff() {
        AlertRules noWastewater = new AlertRules(AlertSettings.from(Map.of("alert.wastewater-rise.enabled", "false")),
                CALENDAR);

        List<Finding> findings = noWastewater.evaluateDay(JINPING, DAY,
                DayHistory.of(DAY, wastewaterDays(100, 210, 3)));

        assertThat(findings).noneMatch(f -> f.rule() == AlertRule.WASTEWATER_RISE);
        assertThat(finding(findings, AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION).severity())
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void disabledRulesGiveNoFindings() {
        AlertRules off = new AlertRules(AlertSettings.from(Map.of("alert.count-spike.enabled", "false",
                "alert.wastewater-rise.enabled", "false", "alert.consumption-without-enforcement.enabled", "false")),
                CALENDAR);

        assertThat(off.evaluateDay(JINPING, DAY, DayHistory.of(DAY, wastewaterDays(100, 210, 3)))).isEmpty();
    }

    // ---- helpers

    static Seizure seizure(String id, DrugType drug, double grams) {
        return seizureIn(JINPING, id, drug, grams);
    }

    static Seizure seizureIn(String county, String id, DrugType drug, double grams) {
        return Seizure.newBuilder()
                .setEventId(id)
                .setOccurredAt(Instant.parse("2026-11-14T02:00:00Z"))
                .setCountyCode(county)
                .setDrugType(drug)
                .setQuantityGrams(grams)
                .setSource(SeizureSource.CHECKPOINT)
                .build();
    }

    static DailyPane arrests(int events) {
        return pane(p -> {
            for (int i = 0; i < events; i++) {
                p.addArrest(Offense.TRAFFICKING, 1, false);
            }
        });
    }

    static DailyPane inspections(int vehicles, int hits) {
        return pane(p -> {
            p.addInspection(vehicles - hits, false);
            for (int i = 0; i < hits; i++) {
                p.addInspection(1, true);
            }
        });
    }

    static DailyPane pane(Consumer<DailyPane> fill) {
        DailyPane p = new DailyPane();
        fill.accept(p);
        return p;
    }

    /** Ten baseline samples at {@code baselineLoad} and {@code recentSamples} recent ones at {@code recentLoad}. */
    static Map<LocalDate, DailyPane> wastewaterDays(double baselineLoad, double recentLoad, int recentSamples) {
        Map<LocalDate, DailyPane> days = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            days.computeIfAbsent(DAY.minusDays(8 + 2L * i), d -> new DailyPane())
                    .addWastewater(Substance.METHAMPHETAMINE, baselineLoad, 50_000);
        }
        for (int i = 0; i < recentSamples; i++) {
            days.computeIfAbsent(DAY.minusDays(i), d -> new DailyPane())
                    .addWastewater(Substance.METHAMPHETAMINE, recentLoad, 50_000);
        }
        return days;
    }

    static Optional<Finding> wastewaterFinding(AlertRules rules, double baselineLoad, double recentLoad,
                                               int recentSamples) {
        return rules.evaluateDay(JINPING, DAY, DayHistory.of(DAY, wastewaterDays(baselineLoad, recentLoad,
                        recentSamples))).stream()
                .filter(f -> f.rule() == AlertRule.WASTEWATER_RISE)
                .findFirst();
    }

    static Finding finding(List<Finding> findings, AlertRule rule, String subject) {
        return findings.stream().filter(f -> f.rule() == rule && f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + "/" + subject + " in " + findings));
    }
}
