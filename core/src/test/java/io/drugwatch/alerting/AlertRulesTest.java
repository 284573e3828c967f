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
import java.util.List;
import java.util.Map;
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
        Finding critical = rules.largeSeizure(seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500))
                .orElseThrow();
        assertThat(critical.rule()).isEqualTo(AlertRule.LARGE_SEIZURE);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.subject()).isEqualTo("sz-1");
        assertThat(critical.evidence()).containsExactly("sz-1");
        assertThat(critical.observed()).isEqualTo(12_500);
        assertThat(critical.threshold()).isEqualTo(10_000);
        assertThat(critical.parameters())
                .containsEntry(Finding.DRUG_TYPE, "METHAMPHETAMINE")
                .containsEntry("alert.large-seizure.resolve.after", "PT24H");
        // 10:00 in Shanghai on the 14th: the window is that local day
        assertThat(Instant.ofEpochMilli(critical.windowStart())).isEqualTo(Instant.parse("2026-11-13T16:00:00Z"));
        assertThat(Instant.ofEpochMilli(critical.windowEnd())).isEqualTo(Instant.parse("2026-11-14T16:00:00Z"));

        Finding warning =
                rules.largeSeizure(seizure("sz-2", DrugType.HEROIN, 1_000)).orElseThrow();
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.threshold()).isEqualTo(1_000);

        assertThat(rules.largeSeizure(seizure("sz-3", DrugType.HEROIN, 999.9))).isEmpty();
    }

    @Test
    void precursorsNeedTonnes() {
        assertThat(rules.largeSeizure(seizure("p-1", DrugType.PRECURSOR, 50_000)))
                .isEmpty();
        assertThat(rules.largeSeizure(seizure("p-2", DrugType.PRECURSOR, 2_000_000))
                        .orElseThrow()
                        .severity())
                .isEqualTo(Severity.WARNING);
        assertThat(rules.largeSeizure(seizure("p-3", DrugType.PRECURSOR, 307_050_000))
                        .orElseThrow()
                        .severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aCountyCanLowerOrSwitchOffTheSeizureRule() {
        AlertRules tuned = new AlertRules(
                AlertSettings.from(Map.of(
                        "alert.county.532530.large-seizure.warning.grams", "500",
                        "alert.county.530602.large-seizure.enabled", "false")),
                CALENDAR);

        assertThat(tuned.largeSeizure(seizure("a", DrugType.HEROIN, 600))).isPresent();
        assertThat(tuned.largeSeizure(seizureIn("530621", "b", DrugType.HEROIN, 600)))
                .isEmpty();
        assertThat(tuned.largeSeizure(seizureIn("530602", "c", DrugType.HEROIN, 50_000)))
                .isEmpty();
    }

    // ---- COUNT_SPIKE

    @Test
    void aRiseAgainstTheCountysOwnBaselineAlarmsWithItsPValue() {
        // 12 weeks at 2 arrests a day, then 7 days at 8 a day
        CountySeries s = arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(7)) ? 8 : 2);

        Finding f = finding(evaluate(rules, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        assertThat(f.observed()).isEqualTo(56);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.expected()).isCloseTo(14, within(0.1));
        assertThat(f.score()).isCloseTo(56 / f.expected(), within(1e-9));
        assertThat(f.statistics().pValue()).isLessThan(1e-10);
        assertThat(f.statistics().method()).contains("predictive negative binomial");
        assertThat(f.statistics().recurrenceDays()).isGreaterThan(1e9);
        assertThat(f.parameters())
                .containsEntry(Finding.BASELINE, DAY.minusDays(139) + "/" + DAY.minusDays(14))
                .containsEntry(Finding.EXPOSURE, Finding.BY_CALENDAR);
        // the 7-day window holds the rise best
        assertThat(f.windowStart()).isEqualTo(CALENDAR.dayStart(DAY.minusDays(6)));
    }

    @Test
    void steadyOverdispersedCountsAlarmWithinTheBudget() {
        java.util.Random random = new java.util.Random(7);
        int alarmDays = 0;
        int days = 0;
        for (int county = 0; county < 100; county++) {
            // negative binomial days, mean 3, size 2: variance 7.5; judged on each of the last 50 days
            int[] counts = new int[CountySeries.DAYS];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = negativeBinomial(random, 3, 2);
            }
            CountySeries s =
                    arrestSeries(DAY, day -> counts[(int) (day.toEpochDay() - DAY.toEpochDay()) + counts.length - 1]);
            for (int back = 0; back < 50; back++) {
                Finding f = finding(
                        rules.evaluateDay(JINPING, DAY.minusDays(back), s, List.of(), OBSERVED, null)
                                .findings(),
                        AlertRule.COUNT_SPIKE,
                        "ARREST_EVENTS");
                alarmDays += f.severity() != null ? 1 : 0;
                days++;
            }
        }
        // the budget allows 4 alarm-level days per 1,000 (union bound); a noisy dispersion estimate may
        // cost some of the bound's slack, not a multiple of it
        assertThat(1000.0 * alarmDays / days).isLessThanOrEqualTo(8);
    }

    @Test
    void aSmallAbsoluteRiseInAQuietCountyIsNotAnAlarm() {
        // 0.25 a day, then 4 in the last week: p is small, but 4 events are below min.count
        CountySeries s =
                arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(4)) ? 1 : day.getDayOfMonth() % 4 == 0 ? 1 : 0);

        Finding f = finding(evaluate(rules, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        assertThat(f.observed()).isLessThan(10);
        assertThat(f.severity()).isNull();
        assertThat(f.threshold()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aCountyWithoutAnObservedBaselineIsInsufficientData() {
        CountySeries s = arrestSeries(DAY, day -> 3);

        AlertRules.DayEvaluation e = rules.evaluateDay(JINPING, DAY, s, List.of(), DAY.minusDays(30), null);

        assertThat(e.findings()).noneMatch(f -> f.rule() == AlertRule.COUNT_SPIKE);
        assertThat(e.coverage())
                .contains(Coverage.insufficient(AlertRule.COUNT_SPIKE, "ARREST_EVENTS", "baseline not observed yet"));
        // 14 + 28 observed days are enough: the baseline shrinks to what was observed, in whole weeks
        AlertRules.DayEvaluation later = rules.evaluateDay(JINPING, DAY, s, List.of(), DAY.minusDays(45), null);
        assertThat(finding(later.findings(), AlertRule.COUNT_SPIKE, "ARREST_EVENTS")
                        .parameters())
                .containsEntry(Finding.BASELINE, DAY.minusDays(41) + "/" + DAY.minusDays(14));
    }

    @Test
    void aCountyTooSparseToJudgeSaysSo() {
        // one seizure in 12 weeks: under 1 expected in 14 days
        CountySeries s = CountySeries.empty(DAY.minusDays(60));
        s.record(DAY.minusDays(60), pane(p -> p.addSeizure(DrugType.HEROIN, 3)));
        s.record(DAY, new DailyPane());

        AlertRules.DayEvaluation e = rules.evaluateDay(JINPING, DAY, s, List.of(), OBSERVED, null);

        assertThat(e.coverage()).anySatisfy(c -> {
            assertThat(c.rule()).isEqualTo(AlertRule.COUNT_SPIKE);
            assertThat(c.subject()).isEqualTo("SEIZURE_EVENTS");
            assertThat(c.status()).isEqualTo(Coverage.Status.INSUFFICIENT_DATA);
            assertThat(c.reason()).startsWith("too sparse: 0.11 expected in 14 days");
        });
        assertThat(e.findings()).noneMatch(f -> f.subject().equals("SEIZURE_EVENTS"));
    }

    @Test
    void aConfiguredCampaignIsExpectedToRaiseArrests() {
        // the last two weeks run 75 % above the usual 4 a day
        CountySeries s = arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(14)) ? 7 : 4);
        AlertRules plain = new AlertRules(AlertSettings.from(Map.of("alert.count-spike.min.ratio", "1")), CALENDAR);
        AlertRules campaign = new AlertRules(
                AlertSettings.from(Map.of(
                        "alert.count-spike.min.ratio",
                        "1",
                        "alert.campaigns",
                        "百日行动:" + DAY.minusDays(13) + "/" + DAY.plusDays(20))),
                CALENDAR);

        Finding without = finding(evaluate(plain, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");
        Finding with = finding(evaluate(campaign, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        assertThat(without.severity()).isNotNull();
        assertThat(with.severity()).isNull();
        assertThat(with.expected() / days(with)).isCloseTo(1.45 * without.expected() / days(without), within(0.05));
        assertThat(with.statistics().campaign()).isEqualTo("百日行动");
        assertThat(without.statistics().campaign()).isNull();
    }

    @Test
    void campaignDaysInTheBaselineDoNotRaiseIt() {
        LocalDate campaignStart = DAY.minusDays(60);
        CountySeries s = arrestSeries(
                DAY, day -> !day.isBefore(campaignStart) && day.isBefore(campaignStart.plusDays(28)) ? 6 : 4);
        AlertRules campaign = new AlertRules(
                AlertSettings.from(
                        Map.of("alert.campaigns", "6·26:" + campaignStart + "/" + campaignStart.plusDays(27))),
                CALENDAR);

        Finding f = finding(evaluate(campaign, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        // 4 a day outside the campaign: the campaign's 6 a day count as 6 / 1.45
        assertThat(f.expected() / days(f)).isCloseTo((4 * 56 + 6 * 28) / (56 + 28 * 1.45), within(0.02));
    }

    @Test
    void overdispersedBaselinesNeedLargerExcesses() {
        // both average 3 a day; one alternates 0 and 6
        CountySeries calm = arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(7)) ? 6 : 3);
        CountySeries wild =
                arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(7)) ? 6 : day.toEpochDay() % 2 == 0 ? 0 : 6);

        Finding c = finding(evaluate(rules, calm), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");
        Finding w = finding(evaluate(rules, wild), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        assertThat(Double.parseDouble(w.parameters().get(Finding.DISPERSION)))
                .isGreaterThan(Double.parseDouble(c.parameters().get(Finding.DISPERSION)));
        assertThat(w.statistics().pValue()).isGreaterThan(c.statistics().pValue() * 50);
    }

    @Test
    void anOpenAlertHoldsWhileThePValueStaysLow() {
        // 2 a day, then about 3.25 a day for two weeks: significant at the hold level, not at the budget's
        CountySeries s =
                arrestSeries(DAY, day -> day.isAfter(DAY.minusDays(14)) ? (day.toEpochDay() % 4 == 0 ? 4 : 3) : 2);

        Finding f = finding(evaluate(rules, s), AlertRule.COUNT_SPIKE, "ARREST_EVENTS");

        // only arrests are judged (seizures too sparse), so the budget is spread over 2 tests
        assertThat(f.statistics().pValue())
                .isBetween(AlertSettings.defaults().forCounty("1").countSpikeAlpha(2), 0.01);
        assertThat(f.severity()).isNull();
        assertThat(f.holding()).isTrue();
    }

    // ---- WASTEWATER_RISE

    @Test
    void aWeeklyPlantsLatestSamplesAgainstItsOwnHistory() {
        PlantHistory plant = weeklyPlant("a", 50_000, 70, 4.0, 3);

        Finding f = finding(evaluateWithPlants(rules, plant), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE");

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.score()).isCloseTo(4.0, within(0.4));
        assertThat(f.expected()).isCloseTo(70, within(10.0));
        assertThat(f.statistics().pValue()).isLessThan(1e-4);
        assertThat(f.statistics().method()).contains("t-test");
        assertThat(f.parameters()).containsEntry(Finding.PLANTS, "1/1");
        // the window starts at the first of the three recent samples, two weeks ago
        assertThat(f.windowStart()).isEqualTo(CALENDAR.dayStart(DAY.minusDays(14)));
    }

    @Test
    void aNoisyButSteadyPlantAlarmsAtAboutItsThreshold() {
        java.util.Random random = new java.util.Random(11);
        int alarms = 0;
        int plants = 400;
        for (int i = 0; i < plants; i++) {
            PlantSamples samples = new PlantSamples();
            for (int k = 0; k < 40; k++) {
                samples.add(new PlantSamples.Sample(
                        DAY.minusDays(7L * k).toEpochDay(),
                        70 * Math.exp(0.35 * random.nextGaussian()),
                        false,
                        50_000));
            }
            PlantHistory plant = new PlantHistory("p", Substance.METHAMPHETAMINE, samples);
            if (finding(evaluateWithPlants(rules, plant), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE")
                            .severity()
                    != null) {
                alarms++;
            }
        }
        // one substance at a weekly plant: its threshold is the budget times 7 days, and the 1.5x floor cuts more
        double alpha = AlertSettings.defaults().forCounty("1").wastewaterAlpha(7, 1);
        assertThat((double) alarms / plants).isLessThanOrEqualTo(1.5 * alpha);
    }

    @Test
    void aPlantWithoutACurrentSampleIsInsufficientData() {
        PlantSamples samples = new PlantSamples();
        for (int k = 0; k < 12; k++) {
            samples.add(new PlantSamples.Sample(DAY.minusDays(30 + 7L * k).toEpochDay(), 70, false, 50_000));
        }

        AlertRules.DayEvaluation e = rules.evaluateDay(
                JINPING,
                DAY,
                CountySeries.empty(DAY),
                List.of(new PlantHistory("p", Substance.METHAMPHETAMINE, samples)),
                OBSERVED,
                null);

        assertThat(e.findings()).noneMatch(f -> f.rule() == AlertRule.WASTEWATER_RISE);
        assertThat(e.coverage())
                .contains(Coverage.insufficient(
                        AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE", "no current sample (latest 30 days old)"));
    }

    @Test
    void aSubstanceMostlyBelowTheLimitIsJudgedAgainstTheLimitItself() {
        // the limit gives 0.05; two samples in three below it
        PlantSamples crossing = new PlantSamples();
        PlantSamples measured = new PlantSamples();
        for (int k = 0; k < 30; k++) {
            boolean below = k % 3 != 0;
            double load = below ? 0.05 : 0.06;
            crossing.add(new PlantSamples.Sample(
                    DAY.minusDays(7L * k).toEpochDay(), k < 3 ? 0.07 : load, k >= 3 && below, 50_000));
            measured.add(new PlantSamples.Sample(
                    DAY.minusDays(7L * k).toEpochDay(), k < 3 ? 0.3 : load, k >= 3 && below, 50_000));
        }

        Finding small = finding(
                evaluateWithPlants(rules, new PlantHistory("p", Substance.MDMA, crossing)),
                AlertRule.WASTEWATER_RISE,
                "MDMA");
        Finding large = finding(
                evaluateWithPlants(rules, new PlantHistory("p", Substance.MDMA, measured)),
                AlertRule.WASTEWATER_RISE,
                "MDMA");

        // just above the limit three weeks running is no rise; six times it is
        assertThat(small.severity()).isNull();
        assertThat(large.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(large.expected()).isCloseTo(0.05, within(0.001));
    }

    @Test
    void plantsAreCombinedByPopulationOrJudgedAlone() {
        PlantHistory bigRising = weeklyPlant("big", 400_000, 70, 2.0, 3);
        PlantHistory smallSteady = weeklyPlant("small", 20_000, 70, 1.0, 3);
        PlantHistory bigSteady = weeklyPlant("big", 400_000, 70, 1.0, 3);
        PlantHistory smallRising = weeklyPlant("small", 20_000, 70, 2.0, 3);

        Finding big = finding(
                evaluateWithPlants(rules, bigRising, smallSteady), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE");
        Finding small = finding(
                evaluateWithPlants(rules, bigSteady, smallRising), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE");

        // a rise where most people live: both plants' evidence, weighted by population, decides
        assertThat(big.parameters()).containsEntry(Finding.PLANTS, "2/2");
        assertThat(big.score()).isGreaterThan(1.8);
        // a rise at a small plant alone: that plant decides (Bonferroni over the two), reported by itself,
        // and it costs more evidence than the same rise where most people live
        assertThat(small.parameters()).containsEntry(Finding.PLANTS, "1/2");
        assertThat(small.score()).isCloseTo(2.0, within(0.1));
        assertThat(big.statistics().pValue()).isLessThan(small.statistics().pValue());
    }

    @Test
    void aLevelAtAConfiguredCeilingIsCriticalWithoutARise() {
        PlantHistory plant = weeklyPlant("a", 50_000, 450, 1.0, 3);
        AlertRules ceiling = new AlertRules(
                AlertSettings.from(Map.of("alert.wastewater-rise.METHAMPHETAMINE.ceiling", "400")), CALENDAR);

        Finding f = finding(evaluateWithPlants(ceiling, plant), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE");

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.threshold()).isEqualTo(400);
        // a level is not a surprise: no p-value, the method says why
        assertThat(f.statistics().pValue()).isNull();
        assertThat(f.statistics().method()).contains("ceiling");
        assertThat(finding(evaluateWithPlants(rules, plant), AlertRule.WASTEWATER_RISE, "METHAMPHETAMINE")
                        .severity())
                .isNull();
    }

    @Test
    void recentSamplesAllBelowTheLimitAreNoRise() {
        PlantSamples samples = new PlantSamples();
        for (int k = 3; k < 15; k++) {
            samples.add(new PlantSamples.Sample(
                    DAY.minusDays(7L * k).toEpochDay(), 0.1 * (1 + 0.1 * (k % 3)), false, 50_000));
        }
        for (int k = 0; k < 3; k++) {
            // a lab with a worse limit: the substituted values are above the history, but nothing was measured
            samples.add(new PlantSamples.Sample(DAY.minusDays(7L * k).toEpochDay(), 2.0, true, 50_000));
        }

        Finding f = finding(
                evaluateWithPlants(rules, new PlantHistory("p", Substance.KETAMINE, samples)),
                AlertRule.WASTEWATER_RISE,
                "KETAMINE");

        assertThat(f.severity()).isNull();
        assertThat(f.statistics().pValue()).isEqualTo(1.0);
    }

    // ---- CHECKPOINT_HIT_RATE

    @Test
    void hitsAreJudgedPerVehicleInspected() {
        // 1,000 vehicles and 2 hits a day; in the last week, twice the traffic and twice the hits
        CountySeries busier = inspectionSeries(DAY, day -> day.isAfter(DAY.minusDays(7)) ? 2 : 1);
        // the same traffic and three times the hits
        CountySeries surge = CountySeries.empty(DAY.minusDays(CountySeries.DAYS));
        for (int i = CountySeries.DAYS - 1; i >= 0; i--) {
            LocalDate day = DAY.minusDays(i);
            surge.record(day, inspections(1000, day.isAfter(DAY.minusDays(7)) ? 8 : 2));
        }

        Finding b = finding(evaluate(rules, busier), AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS);
        Finding s = finding(evaluate(rules, surge), AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS);

        assertThat(b.severity()).isNull();
        assertThat(b.score()).isCloseTo(1.0, within(0.05));
        assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(s.observed()).isCloseTo(8.0, within(1e-9));
        assertThat(s.expected()).isCloseTo(2.0, within(0.05));
        assertThat(s.statistics().pValue()).isLessThan(1e-8);
    }

    // ---- CONSUMPTION_WITHOUT_ENFORCEMENT

    @Test
    void consumptionRisingWhileEnforcementStaysFlatIsAWarning() {
        PlantHistory rising = weeklyPlant("a", 50_000, 70, 3.0, 3);
        CountySeries flat = useArrestSeries(DAY, day -> 1);
        CountySeries responding = useArrestSeries(DAY, day -> day.isAfter(DAY.minusDays(14)) ? 3 : 1);

        Finding alone = finding(
                rules.evaluateDay(JINPING, DAY, flat, List.of(rising), OBSERVED, null)
                        .findings(),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION);
        Finding answered = finding(
                rules.evaluateDay(JINPING, DAY, responding, List.of(rising), OBSERVED, null)
                        .findings(),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION);

        assertThat(alone.severity()).isEqualTo(Severity.WARNING);
        assertThat(alone.parameters()).containsEntry(Finding.RISING_SUBSTANCES, "METHAMPHETAMINE");
        assertThat(alone.observed()).isEqualTo(28);
        assertThat(alone.statistics().pValue()).isLessThan(1e-4);
        assertThat(answered.severity()).isNull();
    }

    @Test
    void consumptionCountsOnlyWastewaterRisesWithinItsOwnBudget() {
        PlantHistory rising = weeklyPlant("a", 50_000, 70, 3.0, 3);
        CountySeries flat = useArrestSeries(DAY, day -> 1);
        Finding wastewater = finding(
                rules.evaluateDay(JINPING, DAY, flat, List.of(rising), OBSERVED, null)
                        .findings(),
                AlertRule.WASTEWATER_RISE,
                "METHAMPHETAMINE");
        double recurrence = wastewater.statistics().recurrenceDays();

        // a budget whose recurrence interval is twice the rise's leaves it out; half of it lets it in
        Finding strict = consumptionWith(1000 / (2 * recurrence), flat, rising);
        Finding loose = consumptionWith(1000 / (recurrence / 2), flat, rising);

        assertThat(wastewater.severity()).isNotNull();
        assertThat(strict.severity()).isNull();
        assertThat(strict.parameters()).containsEntry(Finding.RISING_SUBSTANCES, "");
        assertThat(loose.severity()).isEqualTo(Severity.WARNING);
    }

    private static Finding consumptionWith(double alarmDays, CountySeries series, PlantHistory plant) {
        AlertRules withBudget = new AlertRules(
                AlertSettings.from(
                        Map.of("alert.consumption-without-enforcement.alarm-days", Double.toString(alarmDays))),
                CALENDAR);
        return finding(
                withBudget
                        .evaluateDay(JINPING, DAY, series, List.of(plant), OBSERVED, null)
                        .findings(),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION);
    }

    @Test
    void consumptionIsJudgedEvenWhenWastewaterAlertsAreOff() {
        AlertRules noWastewater =
                new AlertRules(AlertSettings.from(Map.of("alert.wastewater-rise.enabled", "false")), CALENDAR);

        List<Finding> findings = noWastewater
                .evaluateDay(
                        JINPING,
                        DAY,
                        useArrestSeries(DAY, day -> 1),
                        List.of(weeklyPlant("a", 50_000, 70, 3.0, 3)),
                        OBSERVED,
                        null)
                .findings();

        assertThat(findings).noneMatch(f -> f.rule() == AlertRule.WASTEWATER_RISE);
        assertThat(finding(findings, AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION)
                        .severity())
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void disabledRulesGiveNoFindings() {
        AlertRules off = new AlertRules(
                AlertSettings.from(Map.of(
                        "alert.count-spike.enabled",
                        "false",
                        "alert.wastewater-rise.enabled",
                        "false",
                        "alert.consumption-without-enforcement.enabled",
                        "false",
                        "alert.checkpoint-hit-rate.enabled",
                        "false")),
                CALENDAR);

        AlertRules.DayEvaluation e = off.evaluateDay(
                JINPING,
                DAY,
                arrestSeries(DAY, day -> 5),
                List.of(weeklyPlant("a", 50_000, 70, 3.0, 3)),
                OBSERVED,
                null);
        assertThat(e.findings()).isEmpty();
        assertThat(e.coverage()).isEmpty();
    }

    @Test
    void recurrenceIsTheInverseOfTheChancesADay() {
        assertThat(AlertRules.recurrence(1e-4, 4)).isCloseTo(2_500, within(1e-6));
        assertThat(AlertRules.recurrence(0, 4)).isNull();
    }

    // ---- helpers

    static final LocalDate OBSERVED = DAY.minusDays(400);

    static long days(Finding f) {
        return (f.windowEnd() - f.windowStart()) / 86_400_000L;
    }

    static List<Finding> evaluate(AlertRules rules, CountySeries series) {
        return rules.evaluateDay(JINPING, DAY, series, List.of(), OBSERVED, null)
                .findings();
    }

    static List<Finding> evaluateWithPlants(AlertRules rules, PlantHistory... plants) {
        return rules.evaluateDay(JINPING, DAY, CountySeries.empty(DAY), List.of(plants), OBSERVED, null)
                .findings();
    }

    /** A series of {@link CountySeries#DAYS} days to {@code last}, {@code perDay} arrests (TRAFFICKING) a day. */
    static CountySeries arrestSeries(LocalDate last, java.util.function.ToIntFunction<LocalDate> perDay) {
        return series(last, day -> arrests(perDay.applyAsInt(day)));
    }

    /** Use arrests (one suspect each): the enforcement CONSUMPTION_WITHOUT_ENFORCEMENT looks for. */
    static CountySeries useArrestSeries(LocalDate last, java.util.function.ToIntFunction<LocalDate> perDay) {
        return series(
                last,
                day -> pane(p -> {
                    for (int i = 0; i < perDay.applyAsInt(day); i++) {
                        p.addArrest(Offense.USE, 1, false);
                    }
                }));
    }

    /** 1,000 vehicles and 2 hits a day, times {@code scale}. */
    static CountySeries inspectionSeries(LocalDate last, java.util.function.ToIntFunction<LocalDate> scale) {
        return series(last, day -> inspections(1000 * scale.applyAsInt(day), 2 * scale.applyAsInt(day)));
    }

    static CountySeries series(LocalDate last, java.util.function.Function<LocalDate, DailyPane> pane) {
        CountySeries s = CountySeries.empty(last.minusDays(CountySeries.DAYS));
        for (int i = CountySeries.DAYS - 1; i >= 0; i--) {
            s.record(last.minusDays(i), pane.apply(last.minusDays(i)));
        }
        return s;
    }

    /**
     * Twelve weekly methamphetamine samples with ±15 % noise around {@code load}, the latest {@code recent} of
     * them {@code factor} times higher.
     */
    /**
     * Thirty-six weekly methamphetamine samples with ±15 % noise around {@code load}, the latest {@code recent}
     * of them {@code factor} times higher.
     */
    static PlantHistory weeklyPlant(String id, long population, double load, double factor, int recent) {
        PlantSamples samples = new PlantSamples();
        double[] noise = {1.0, 1.15, 0.87, 1.05, 0.93, 1.12, 0.9, 1.0, 1.08, 0.95, 1.1, 0.92};
        for (int k = 0; k < 36; k++) {
            double l = load * noise[k % noise.length] * (k < recent ? factor : 1);
            samples.add(new PlantSamples.Sample(DAY.minusDays(7L * k).toEpochDay(), l, false, population));
        }
        return new PlantHistory(PlantSamples.plantKey(id), Substance.METHAMPHETAMINE, samples);
    }

    static int negativeBinomial(java.util.Random random, double mean, double size) {
        // gamma(size, mean/size) by Marsaglia-Tsang, then Poisson
        double d = size - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        double g;
        while (true) {
            double x = random.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                g = d * v;
                break;
            }
        }
        double lambda = g * mean / size;
        int k = 0;
        double p = Math.exp(-lambda);
        double u = random.nextDouble();
        double cumulative = p;
        while (u > cumulative) {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }

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

    static Finding finding(List<Finding> findings, AlertRule rule, String subject) {
        return findings.stream()
                .filter(f -> f.rule() == rule && f.subject().equals(subject))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + rule + "/" + subject + " in " + findings));
    }
}
