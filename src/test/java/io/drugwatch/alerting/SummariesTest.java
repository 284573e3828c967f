package io.drugwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.DailyPane;
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
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500)).orElseThrow();
        Transition open = new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 0);

        assertThat(alert(open, f, Language.EN).getSummary()).isEqualTo(
                "CRITICAL: 12,500 g of METHAMPHETAMINE seized in 金平苗族瑶族傣族自治县 (532530) on 2026-11-14"
                        + " (threshold 10,000 g).");
        assertThat(alert(open, f, Language.ZH).getSummary())
                .isEqualTo("严重：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获甲基苯丙胺 12500 克（阈值 10000 克）。");

        Transition resolved = new Transition(AlertStatus.RESOLVED, Severity.CRITICAL, "id", 0);
        assertThat(alert(resolved, f, Language.EN).getSummary()).startsWith("Resolved: ").endsWith("is over.");
        assertThat(alert(resolved, f, Language.ZH).getSummary()).startsWith("解除：").contains("已结束");
    }

    @Test
    void aMethTabletSeizureUsesTheLocalName() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-2", DrugType.METH_TABLETS, 1_500)).orElseThrow();

        assertThat(alert(new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0), f, Language.ZH).getSummary())
                .isEqualTo("预警：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获麻古 1500 克（阈值 1000 克）。");
    }

    @Test
    void aCountSpikeMentionsCountyValueAndThreshold() {
        Finding f = new Finding(AlertRule.COUNT_SPIKE, "ARREST_EVENTS", Severity.WARNING, true, 7, 19.0 / 7, 3,
                (7 - 19.0 / 7), AlertRulesTest.CALENDAR.dayStart(DAY), AlertRulesTest.CALENDAR.dayEnd(DAY), List.of(),
                Map.of());
        Transition escalated = new Transition(AlertStatus.ESCALATED, Severity.WARNING, "id", 0);

        assertThat(alert(escalated, f, Language.EN).getSummary()).isEqualTo("Escalated to WARNING: 7 arrest events in"
                + " 金平苗族瑶族傣族自治县 (532530) on 2026-11-14 against a baseline of 2.71 a day (C2 score 4.29,"
                + " threshold 3).");
        assertThat(alert(escalated, f, Language.ZH).getSummary()).isEqualTo("升级为预警：金平苗族瑶族傣族自治县(532530)"
                + " 2026-11-14 抓获起数 7，基线日均 2.71（C2 得分 4.29，阈值 3）。");
    }

    @Test
    void aWastewaterRiseByRatioAndByCeiling() {
        Finding byRatio = AlertRulesTest.wastewaterFinding(rules, 100, 210, 3).orElseThrow();
        Transition open = new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 0);

        assertThat(alert(open, byRatio, Language.EN).getSummary()).isEqualTo("CRITICAL: METHAMPHETAMINE in the"
                + " wastewater of 金平苗族瑶族傣族自治县 (532530) averaged 210 mg/day/1000 inhabitants in the 7 days to"
                + " 2026-11-14, 2.1× the 28-day baseline of 100 (threshold 2×).");
        assertThat(alert(open, byRatio, Language.ZH).getSummary()).isEqualTo("严重：金平苗族瑶族傣族自治县(532530)"
                + " 截至2026-11-14的7天污水甲基苯丙胺负荷均值 210 毫克/天/千人，为前28天基线 100 的 2.1 倍（阈值 2 倍）。");

        Finding byCeiling = AlertRulesTest.wastewaterFinding(rules, 380, 410, 3).orElseThrow();
        assertThat(alert(open, byCeiling, Language.EN).getSummary()).contains("averaged 410").contains("(ceiling 400)");
        assertThat(alert(open, byCeiling, Language.ZH).getSummary()).contains("（上限 400 毫克/天/千人）");
    }

    @Test
    void checkpointAndConsumptionAlertsReadInBothLanguages() {
        Map<LocalDate, DailyPane> days = AlertRulesTest.wastewaterDays(100, 210, 3);
        for (int i = 0; i < AlertRules.HISTORY_DAYS; i++) {
            days.computeIfAbsent(DAY.minusDays(i), d -> new DailyPane()).merge(AlertRulesTest.inspections(1000,
                    i < 7 ? 3 : 1));
        }
        List<Finding> findings = rules.evaluateDay("532530", DAY, DayHistory.of(DAY, days));
        Transition open = new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0);

        Finding checkpoints = AlertRulesTest.finding(findings, AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS);
        assertThat(alert(open, checkpoints, Language.EN).getSummary()).isEqualTo("WARNING: checkpoints in"
                + " 金平苗族瑶族傣族自治县 (532530) found 3 hits per 1,000 vehicles in the 7 days to 2026-11-14 against 1"
                + " in the 28 days before (z 5.29, threshold 5).");
        assertThat(alert(open, checkpoints, Language.ZH).getSummary()).contains("每千车查获 3 起", "阈值 5");

        Finding consumption = AlertRulesTest.finding(findings, AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT,
                AlertRules.CONSUMPTION);
        assertThat(alert(open, consumption, Language.EN).getSummary())
                .startsWith("WARNING: wastewater shows rising METHAMPHETAMINE use in 金平苗族瑶族傣族自治县 (532530)")
                .contains("stayed at 0", "tolerance 0");
        assertThat(alert(open, consumption, Language.ZH).getSummary()).contains("甲基苯丙胺消费上升", "532530");
    }

    @Test
    void aCountyWithoutANameIsNamedByItsCode() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.HEROIN, 2_000)).orElseThrow();

        Alert alert = Alerts.toRecord(new Transition(AlertStatus.OPEN, Severity.WARNING, "id", 0), f, "532530", null,
                0, Language.EN, SHANGHAI);

        assertThat(alert.getSummary()).contains("seized in 532530 on 2026-11-14");
    }

    @Test
    void theRecordCarriesTheFindingAndItsProvenance() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500)).orElseThrow();
        Transition open = new Transition(AlertStatus.OPEN, Severity.CRITICAL, "LARGE_SEIZURE-532530-sz-1-2026-11-14",
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
        assertThat(alert.getProvenance()).containsEntry(Alerts.RULE_VERSION_KEY, AlertSettings.RULE_VERSION)
                .containsEntry("drugType", "METHAMPHETAMINE")
                .containsEntry("alert.large-seizure.critical.grams", "10000");
        assertThat(new ArrayList<>(alert.getProvenance().keySet()).get(0)).isEqualTo(Alerts.RULE_VERSION_KEY);
    }

    @Test
    void aClearFindingRebuiltFromTheLastRecordResolvesIt() {
        Finding f = rules.largeSeizure(AlertRulesTest.seizure("sz-1", DrugType.METHAMPHETAMINE, 12_500)).orElseThrow();
        Alert last = alert(new Transition(AlertStatus.OPEN, Severity.CRITICAL, "id", 5), f, Language.ZH);

        Finding clear = Alerts.clearFinding(last);
        Alert resolved = Alerts.toRecord(new Transition(AlertStatus.RESOLVED, Severity.CRITICAL, "id", 5), clear,
                "532530", JINPING_NAME, 9, Language.ZH, SHANGHAI);

        assertThat(clear.severity()).isNull();
        assertThat(clear.holding()).isFalse();
        assertThat(clear.parameters()).doesNotContainKey(Alerts.RULE_VERSION_KEY);
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getProvenance()).isEqualTo(last.getProvenance());
        assertThat(resolved.getEvidence()).isEqualTo(last.getEvidence());
        assertThat(resolved.getSummary())
                .isEqualTo("解除：金平苗族瑶族傣族自治县(532530) 2026-11-14 缴获甲基苯丙胺 12500 克的告警已结束。");
    }

    @Test
    void resolvedDailyAlertsSayWhatIsOver() {
        Map<AlertRule, String> subjects = new HashMap<>(Map.of(AlertRule.COUNT_SPIKE, "SUSPECTS",
                AlertRule.WASTEWATER_RISE, "KETAMINE", AlertRule.CHECKPOINT_HIT_RATE, AlertRules.CHECKPOINTS,
                AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, AlertRules.CONSUMPTION));
        Transition resolved = new Transition(AlertStatus.RESOLVED, Severity.WARNING, "id", 0);
        for (Map.Entry<AlertRule, String> e : subjects.entrySet()) {
            Finding f = new Finding(e.getKey(), e.getValue(), null, false, 1, 1.0, 3, 0.1,
                    AlertRulesTest.CALENDAR.dayStart(DAY.minusDays(6)), AlertRulesTest.CALENDAR.dayEnd(DAY), List.of(),
                    Map.of());
            assertThat(alert(resolved, f, Language.EN).getSummary()).startsWith("Resolved: ").endsWith(" is over.")
                    .contains("(532530)");
            assertThat(alert(resolved, f, Language.ZH).getSummary()).startsWith("解除：").endsWith("已结束。")
                    .contains("(532530)");
        }
    }

    static Alert alert(Transition t, Finding f, Language language) {
        return Alerts.toRecord(t, f, "532530", JINPING_NAME, t.firstSeenAt(), language, SHANGHAI);
    }
}
