package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {

    static final ZoneId SHANGHAI = AlertRulesTest.SHANGHAI;
    static final String JINPING_NAME = "金平苗族瑶族傣族自治县";
    static final LocalDate DAY = AlertRulesTest.DAY;

    private final AlertRules rules = new AlertRules(AlertSettings.defaults(), AlertRulesTest.CALENDAR);

    @Test
    void aLargeSeizureInEnglishAndChinese() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500))
                .orElseThrow();
        Transition open = new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 0);

        assertThat(alert(open, f, Language.EN).getSummary())
                .isEqualTo("CRITICAL: 12,500 g of METHAMPHETAMINE seized in 金平苗族瑶族傣族自治县 (532530) on 2026-11-14"
                        + " (threshold 10,000 g).");
        assertThat(alert(open, f, Language.ZH).getSummary())
                .isEqualTo("严重：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获甲基苯丙胺 12500 克（阈值 10000 克）。");

        Transition resolved = new Transition(AlertStatus.RESOLVED, Severity.CRITICAL, "id", 0);
        assertThat(alert(resolved, f, Language.EN).getSummary())
                .startsWith("Resolved: ")
                .endsWith("is over.");
        assertThat(alert(resolved, f, Language.ZH).getSummary())
                .startsWith("解除：")
                .contains("已结束");
    }

    @Test
    void aMethTabletSeizureUsesTheLocalName() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-2", DrugType.METH_TABLETS, 1_500))
                .orElseThrow();

        assertThat(alert(new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0), f, Language.ZH)
                        .getSummary())
                .isEqualTo("预警：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获麻古 1500 克（阈值 1000 克）。");
    }

    @Test
    void aCountSpikeSaysHowSurprisingItIs() {
        Finding f = new Finding(
                AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS",
                Severity.WARNING,
                true,
                23,
                8.25,
                19,
                23 / 8.25,
                AlertRulesTest.CALENDAR.dayStart(DAY.minusDays(13)),
                AlertRulesTest.CALENDAR.dayEnd(DAY),
                List.of(),
                Map.of(),
                new Finding.Statistics(2.0e-6, 125_000.0, AlertRules.COUNT_METHOD, null));
        Transition escalated = new Transition(AlertStatus.ESCALATED, Severity.WARNING, "id", 0);

        assertThat(alert(escalated, f, Language.EN).getSummary())
                .isEqualTo(
                        "Escalated to WARNING: 23 arrest events in"
                                + " 金平苗族瑶族傣族自治县 (532530) in the 14 days to 2026-11-14 against 8.25 expected from its own baseline"
                                + " (2.79×, alarm threshold 19); p = 2.0e-6, by chance about once in 342 years in a steady county.");
        assertThat(alert(escalated, f, Language.ZH).getSummary())
                .isEqualTo("升级为预警：金平苗族瑶族傣族自治县(532530)"
                        + " 截至2026-11-14的14天抓获起数 23，按本县基线预期 8.25（2.79 倍，告警阈值 19）；p = 2.0e-6，平稳情况下约 342 年一遇。");
    }

    @Test
    void aCountSpikeDuringACampaignSaysSo() {
        Finding f = new Finding(
                AlertRule.COUNT_SPIKE,
                "ARREST_EVENTS",
                Severity.WARNING,
                true,
                40,
                14.5,
                30,
                40 / 14.5,
                AlertRulesTest.CALENDAR.dayStart(DAY.minusDays(6)),
                AlertRulesTest.CALENDAR.dayEnd(DAY),
                List.of(),
                Map.of(),
                new Finding.Statistics(3.0e-5, 120.0, AlertRules.COUNT_METHOD, "6·26"));
        Transition open = new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0);

        assertThat(alert(open, f, Language.EN).getSummary())
                .contains("during the 6·26 campaign, allowing for its usual"
                        + " rise; p = 3.0e-5, by chance about once in 120 days");
        assertThat(alert(open, f, Language.ZH).getSummary()).contains("正值6·26专项行动期间", "约 120 天一遇");
    }

    @Test
    void aWastewaterRiseByRatioAndByCeiling() {
        Finding byRatio = AlertRulesTest.finding(
                AlertRulesTest.evaluateWithPlants(rules, AlertRulesTest.weeklyPlant("a", 50_000, 100, 2.1, 3)),
                AlertRule.WASTEWATER_RISE,
                "METHAMPHETAMINE");
        Transition open = new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0);

        assertThat(alert(open, byRatio, Language.EN).getSummary())
                .matches(
                        "WARNING: METHAMPHETAMINE in the wastewater"
                                + " of 金平苗族瑶族傣族自治县 \\(532530\\) reached 2\\d\\d(\\.\\d+)? mg/day/1000 inhabitants in the 15 days to"
                                + " 2026-11-14, 2\\.\\d+× the plants' own history of \\d+(\\.\\d+)?; p = .*, by chance about once in .*\\.");
        assertThat(alert(open, byRatio, Language.ZH).getSummary())
                .startsWith("预警：金平苗族瑶族傣族自治县(532530)" + " 截至2026-11-14的15天污水甲基苯丙胺负荷 ")
                .contains("毫克/天/千人，为该处理厂以往水平", "一遇");

        AlertRules withCeiling = new AlertRules(
                AlertSettings.from(Map.of("alert.wastewater-rise.METHAMPHETAMINE.ceiling", "400")),
                AlertRulesTest.CALENDAR);
        Finding byCeiling = AlertRulesTest.finding(
                AlertRulesTest.evaluateWithPlants(withCeiling, AlertRulesTest.weeklyPlant("a", 50_000, 440, 1.0, 3)),
                AlertRule.WASTEWATER_RISE,
                "METHAMPHETAMINE");
        Transition critical = new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 0);
        assertThat(alert(critical, byCeiling, Language.EN).getSummary())
                .contains("at or above the ceiling of 400")
                .doesNotContain("p = ");
        assertThat(alert(critical, byCeiling, Language.ZH).getSummary()).contains("达到上限 400 毫克/天/千人");
    }

    @Test
    void checkpointAndConsumptionAlertsReadInBothLanguages() {
        Transition open = new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0);
        Finding checkpoints = new Finding(
                AlertRule.CHECKPOINT_HIT_RATE,
                AlertRules.CHECKPOINTS,
                Severity.WARNING,
                true,
                6,
                2.0,
                4.5,
                3.0,
                AlertRulesTest.CALENDAR.dayStart(DAY.minusDays(6)),
                AlertRulesTest.CALENDAR.dayEnd(DAY),
                List.of(),
                Map.of(),
                new Finding.Statistics(1e-9, 2e9, AlertRules.HIT_RATE_METHOD, null));
        assertThat(alert(open, checkpoints, Language.EN).getSummary())
                .isEqualTo("WARNING: checkpoints in"
                        + " 金平苗族瑶族傣族自治县 (532530) found 6 hits per 1,000 vehicles in the 7 days to 2026-11-14 against 2"
                        + " expected from the baseline hit rate (3×, alarm threshold 4.5); p = 1.0e-9, practically never by"
                        + " chance in a steady county.");
        assertThat(alert(open, checkpoints, Language.ZH).getSummary()).contains("每千车查获 6 起", "告警阈值 4.5", "几乎不会偶然出现");

        Finding consumption = AlertRulesTest.finding(
                rules.evaluateDay(
                                "532530",
                                DAY,
                                AlertRulesTest.useArrestSeries(DAY, d -> 1),
                                List.of(AlertRulesTest.weeklyPlant("a", 50_000, 70, 3, 3)),
                                AlertRulesTest.OBSERVED,
                                null)
                        .findings(),
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION);
        assertThat(alert(open, consumption, Language.EN).getSummary())
                .startsWith("WARNING: wastewater shows rising METHAMPHETAMINE use in 金平苗族瑶族傣族自治县 (532530)")
                .contains("stayed at 28 against 28.12 expected (limit 35.15)");
        assertThat(alert(open, consumption, Language.ZH).getSummary()).contains("甲基苯丙胺消费上升", "532530");
    }

    @Test
    void aCountyWithoutANameIsNamedByItsCode() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.HEROIN, 2_000))
                .orElseThrow();

        Alert alert = Alerts.toRecord(
                new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0),
                f,
                "532530",
                null,
                0,
                Language.EN,
                SHANGHAI);

        assertThat(alert.getSummary()).contains("seized in 532530 on 2026-11-14");
    }

    @Test
    void theRecordCarriesTheFindingAndItsProvenance() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500))
                .orElseThrow();
        Transition open = new Transition(
                AlertStatus.OPEN,
                Severity.CRITICAL,
                "LARGE_SEIZURE-532530-sz-1-2026-11-14",
                Instant.parse("2026-11-14T02:00:00Z").toEpochMilli());

        Alert alert = Alerts.toRecord(open, f, "532530", JINPING_NAME, open.firstSeenAt(), Language.EN, SHANGHAI);

        assertThat(alert.getAlertId()).isEqualTo("LARGE_SEIZURE-532530-sz-1-2026-11-14");
        assertThat(alert.getRule()).isEqualTo(AlertRule.LARGE_SEIZURE);
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getCountyName()).isEqualTo(JINPING_NAME);
        assertThat(alert.getObserved()).isEqualTo(12_500);
        assertThat(alert.getThreshold()).isEqualTo(10_000);
        assertThat(alert.getExpected()).isNull();
        assertThat(alert.getEvidence()).containsExactly("sz-1");
        assertThat(alert.getFirstSeenAt()).isEqualTo(Instant.parse("2026-11-14T02:00:00Z"));
        assertThat(alert.getUpdatedAt()).isEqualTo(Instant.parse("2026-11-14T02:00:00Z"));
        assertThat(alert.getWindowStart()).isEqualTo(Instant.parse("2026-11-13T16:00:00Z"));
        assertThat(alert.getProvenance())
                .containsEntry(Alerts.RULE_VERSION_KEY, AlertSettings.RULE_VERSION)
                .containsEntry("drugType", "METHAMPHETAMINE")
                .containsEntry("alert.large-seizure.critical.grams", "10000");
        assertThat(new ArrayList<>(alert.getProvenance().keySet()).get(0)).isEqualTo(Alerts.RULE_VERSION_KEY);
    }

    @Test
    void aClearFindingRebuiltFromTheLastRecordResolvesIt() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500))
                .orElseThrow();
        Alert last = alert(new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 5), f, Language.ZH);

        Finding clear = Alerts.clearFinding(last);
        Alert resolved = Alerts.toRecord(
                new Transition(AlertStatus.RESOLVED, Severity.CRITICAL, "id", 5),
                clear,
                "532530",
                JINPING_NAME,
                9,
                Language.ZH,
                SHANGHAI);

        assertThat(clear.severity()).isNull();
        assertThat(clear.holding()).isFalse();
        assertThat(clear.parameters()).doesNotContainKey(Alerts.RULE_VERSION_KEY);
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getProvenance()).isEqualTo(last.getProvenance());
        assertThat(resolved.getEvidence()).isEqualTo(last.getEvidence());
        assertThat(resolved.getSummary()).isEqualTo("解除：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获甲基苯丙胺 12500 克的告警已结束。");
    }

    @Test
    void resolvedDailyAlertsSayWhatIsOver() {
        Map<AlertRule, String> subjects = new HashMap<>(Map.of(
                AlertRule.COUNT_SPIKE,
                "SUSPECTS",
                AlertRule.WASTEWATER_RISE,
                "KETAMINE",
                AlertRule.CHECKPOINT_HIT_RATE,
                AlertRules.CHECKPOINTS,
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION));
        Transition resolved = new Transition(AlertStatus.RESOLVED, Severity.WARNING, "id", 0);
        for (Map.Entry<AlertRule, String> e : subjects.entrySet()) {
            Finding f = new Finding(
                    e.getKey(),
                    e.getValue(),
                    null,
                    false,
                    1,
                    1.0,
                    3,
                    0.1,
                    AlertRulesTest.CALENDAR.dayStart(DAY.minusDays(6)),
                    AlertRulesTest.CALENDAR.dayEnd(DAY),
                    List.of(),
                    Map.of(),
                    new Finding.Statistics(0.5, 2.0, "m", null));
            assertThat(alert(resolved, f, Language.EN).getSummary())
                    .startsWith("Resolved: ")
                    .endsWith(" is over.")
                    .contains("(532530)");
            assertThat(alert(resolved, f, Language.ZH).getSummary())
                    .startsWith("解除：")
                    .endsWith("已结束。")
                    .contains("(532530)");
        }
    }

    static Alert alert(Transition t, Finding f, Language language) {
        return Alerts.toRecord(t, f, "532530", JINPING_NAME, t.firstSeenAt(), language, SHANGHAI);
    }
}
