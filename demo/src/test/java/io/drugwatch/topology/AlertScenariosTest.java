package io.drugwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.Coverage;
import io.drugwatch.alerting.CoverageCodec;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.County;
import io.drugwatch.model.Severity;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.Scenario;
import io.drugwatch.sim.SimEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/**
 * Back-tests of the alert rules on generated traffic: planted anomalies are found, and steady traffic
 * across many counties raises few alarms. The measured false-alarm rate is printed and bounded.
 */
class AlertScenariosTest {

    private static final Instant FROM = Instant.parse("2026-08-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(70));
    /** Counties the scenarios aim at, plus a spread of others. */
    private static final Set<String> TARGETS = Set.of("532530", "530621", "420103");

    private static List<County> counties(int others) {
        List<County> all = CountyReference.bundled();
        List<County> chosen = new ArrayList<>(
                all.stream().filter(c -> TARGETS.contains(c.getCode())).toList());
        all.stream()
                .filter(c -> !TARGETS.contains(c.getCode())
                        && (c.getCode().startsWith("53") || c.getCode().startsWith("42")))
                .limit(others)
                .forEach(chosen::add);
        return chosen;
    }

    /** The alerts a run published, and what each rule could judge per county at its end. */
    private record Run(List<Alert> alerts, Map<String, CoverageCodec.CountyCoverage> coverage) {}

    private static Run run(List<County> counties, Set<Scenario> scenarios, long seed) {
        try (PipelineDriver p = new PipelineDriver()) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new TreeMap<>();
            for (String name : p.topics.inputNames()) {
                inputs.put(
                        name,
                        p.driver.createInputTopic(
                                name,
                                Serdes.String().serializer(),
                                Serdes.ByteArray().serializer()));
            }
            counties.forEach(c -> p.counties.pipeInput(c.getCode(), c, 0L));
            EventGenerator generator =
                    new EventGenerator(counties, seed, FROM, TO, scenarios, GeneratorOptions.defaults());
            for (SimEvent e : generator) {
                byte[] value = e.isPoisonPill() ? e.payload() : p.topics.serialize(e.input(), e.record());
                inputs.get(p.topics.input(e.input()).name()).pipeInput(e.key(), value, e.timestamp());
            }
            p.driver.advanceWallClockTime(Duration.ofDays(40));
            Map<String, CoverageCodec.CountyCoverage> coverage = new TreeMap<>();
            org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
                    p.driver.getKeyValueStore(StoreNames.ALERT_COVERAGE);
            try (var it = store.all()) {
                it.forEachRemaining(kv -> coverage.put(kv.key, CoverageCodec.decode(kv.value)));
            }
            return new Run(p.alerts.readValuesToList(), coverage);
        }
    }

    private static List<Alert> opened(List<Alert> alerts, AlertRule rule) {
        return alerts.stream()
                .filter(a -> a.getRule() == rule && a.getStatus() == AlertStatus.OPEN)
                .toList();
    }

    @Test
    void plantedAnomaliesAreFound() {
        Run run = run(
                counties(12),
                EnumSet.of(
                        Scenario.LARGE_SEIZURE,
                        Scenario.ARREST_SPIKE,
                        Scenario.WASTEWATER_RISE,
                        Scenario.CHECKPOINT_SURGE),
                11);
        List<Alert> alerts = run.alerts();
        assertThat(opened(alerts, AlertRule.LARGE_SEIZURE)).anySatisfy(a -> {
            assertThat(a.getCountyCode()).isEqualTo("532530");
            assertThat(a.getObserved()).isGreaterThanOrEqualTo(10_000);
        });
        assertThat(opened(alerts, AlertRule.COUNT_SPIKE))
                .anyMatch(a -> a.getCountyCode().equals("420103"));
        assertThat(opened(alerts, AlertRule.WASTEWATER_RISE)).anySatisfy(a -> {
            assertThat(a.getCountyCode()).isEqualTo("530621");
            assertThat(a.getSubject()).isEqualTo("METHAMPHETAMINE");
        });
        assertThat(opened(alerts, AlertRule.CHECKPOINT_HIT_RATE))
                .anyMatch(a -> a.getCountyCode().equals("532530"));
        // the planted rise in 鲁甸 comes without more use or possession arrests, but 鲁甸 arrests too few users
        // for a response to show: the rule says so instead of claiming there was none
        assertThat(run.coverage().get("530621").entries()).anySatisfy(c -> {
            assertThat(c.rule()).isEqualTo(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
            assertThat(c.status()).isEqualTo(Coverage.Status.INSUFFICIENT_DATA);
            assertThat(c.reason()).startsWith("too sparse to see a response");
        });
        assertThat(opened(alerts, AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT)).isEmpty();
    }

    /**
     * Steady traffic has no planted anomalies, so every statistical alert it raises is a false alarm.
     * Large seizures are facts, not statistics: ordinary border traffic has 1–10 kg seizures, which
     * are WARNINGs by rule, but never a CRITICAL one. Measured with seed 23 (63 Yunnan and Hubei
     * counties, 70 days, judged from day 35 on): no statistical alert at all, where the rules of version 1
     * opened about 0.03 per county-day. The false alarm rates that matter are measured over years by
     * {@code drugwatch evaluate} (docs/evaluation.md); this bound only catches a gross regression.
     */
    @Test
    void steadyTrafficRaisesFewFalseAlarms() {
        List<County> counties = counties(60);
        List<Alert> alerts = run(counties, Set.of(), 23).alerts();
        List<Alert> opened =
                alerts.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).toList();
        assertThat(opened)
                .filteredOn(a -> a.getRule() == AlertRule.LARGE_SEIZURE)
                .allMatch(a -> a.getSeverity() == Severity.WARNING);
        Map<AlertRule, Long> perRule = new TreeMap<>();
        opened.stream()
                .filter(a -> a.getRule() != AlertRule.LARGE_SEIZURE)
                .forEach(a -> perRule.merge(a.getRule(), 1L, Long::sum));
        long falseAlarms = perRule.values().stream().mapToLong(Long::longValue).sum();
        long countyDays = (long) counties.size() * JUDGED_DAYS;
        double rate = (double) falseAlarms / countyDays;
        System.out.printf(
                "steady traffic, %d counties x %d judged days: %d false alarms %s, %.4f per county-day%n",
                counties.size(), JUDGED_DAYS, falseAlarms, perRule, rate);
        assertThat(rate).as("false alarms per county-day").isLessThanOrEqualTo(MAX_FALSE_ALARMS_PER_COUNTY_DAY);
    }

    /** Days of the 70 on which every rule has its full baseline observed (from day 35). */
    private static final int JUDGED_DAYS = 35;

    /** The bound steady traffic must stay under, 3 per 1,000 for all rules; measured rates are printed by the test. */
    private static final double MAX_FALSE_ALARMS_PER_COUNTY_DAY = 0.003;
}
