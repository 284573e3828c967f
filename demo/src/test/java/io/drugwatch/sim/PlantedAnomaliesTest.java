package io.drugwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.County;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Shape;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link Scenario#ANOMALIES}: what is planted, where, how often, and that the data shows it. */
class PlantedAnomaliesTest {

    private static final ZoneId CHINA = GeneratorOptions.CHINA;

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(CHINA).toInstant();
    }

    /** 300 counties over three years: enough of every kind for statistics, at the planned spacing. */
    @Test
    void threeYearsOf300CountiesHaveEnoughOfEveryKindProperlySpaced() {
        List<County> counties = CountySample.pick(CountyReference.bundled(), 300);
        assertThat(counties).hasSize(300).extracting(County::getCode).contains("532530", "420103", "530621");
        LocalDate first = LocalDate.parse("2023-01-01");
        LocalDate last = LocalDate.parse("2025-12-31");
        EventGenerator g = new EventGenerator(
                counties,
                42,
                start(first),
                start(last.plusDays(1)),
                EnumSet.of(Scenario.ANOMALIES),
                GeneratorOptions.defaults());
        Truth truth = g.truth();
        Map<String, TruthLine.County> county = new HashMap<>();
        truth.counties().forEach(c -> county.put(c.code(), c));
        Map<AnomalyKind, List<TruthLine.Anomaly>> byKind = truth.anomalies().stream()
                .collect(Collectors.groupingBy(
                        TruthLine.Anomaly::kind,
                        () -> new java.util.EnumMap<>(AnomalyKind.class),
                        Collectors.toList()));
        System.out.printf(
                "300 counties x 3 years: %s%n",
                byKind.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().size())
                        .toList());
        assertThat(byKind.get(AnomalyKind.COUNT_RISE)).hasSizeGreaterThanOrEqualTo(300);
        assertThat(byKind.get(AnomalyKind.WASTEWATER_RAMP)).hasSizeGreaterThanOrEqualTo(100);
        assertThat(byKind.get(AnomalyKind.HIT_RATE_SURGE)).hasSizeGreaterThanOrEqualTo(150);
        assertThat(byKind.get(AnomalyKind.LARGE_SEIZURE)).hasSizeBetween(2, 30);
        assertThat(byKind.get(AnomalyKind.CONSUMPTION_RISE)).isNotEmpty();

        // ids are unique; everything starts after the 120-day baseline and ends in the span
        assertThat(truth.anomalies().stream()
                        .map(TruthLine.Anomaly::id)
                        .distinct()
                        .count())
                .isEqualTo(truth.anomalies().size());
        for (TruthLine.Anomaly a : truth.anomalies()) {
            assertThat(a.first()).isAfterOrEqualTo(first.plusDays(BaseRates.ANOMALY_BASELINE_DAYS));
            assertThat(a.last()).isBeforeOrEqualTo(last).isAfterOrEqualTo(a.first());
            assertThat(a.rule()).isEqualTo(a.kind().rule());
            assertThat(a.scenario()).isEqualTo("ANOMALIES");
            assertThat(county).containsKey(a.code());
        }
        // one rule family, one county: 60 days or more between one anomaly's last day and the next one's first
        Map<String, List<TruthLine.Anomaly>> byRuleAndCounty =
                truth.anomalies().stream().collect(Collectors.groupingBy(a -> a.rule() + "/" + a.code()));
        for (List<TruthLine.Anomaly> list : byRuleAndCounty.values()) {
            list.sort(Comparator.comparing(TruthLine.Anomaly::first));
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).first().toEpochDay()
                                - list.get(i - 1).last().toEpochDay())
                        .as("%s after %s", list.get(i).id(), list.get(i - 1).id())
                        .isGreaterThanOrEqualTo(BaseRates.ANOMALY_SPACING_DAYS);
            }
        }
        Map<String, TruthLine.Anomaly> byId = truth.anomaliesById();
        Set<String> factors = new HashSet<>();
        Set<Shape> shapes = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        for (TruthLine.Anomaly a : byKind.get(AnomalyKind.COUNT_RISE)) {
            assertThat(a.subject()).isIn(TruthLine.ARREST_EVENTS, TruthLine.SEIZURE_EVENTS);
            assertThat(a.expectedExtra()).isPositive();
            subjects.add(a.subject());
            if (a.related() == null) {
                assertThat(a.days()).isBetween(3, 21);
                factors.add(Double.toString(a.factor()));
                shapes.add(a.shape());
                // count rises keep their distance from wastewater ramps too
                assertThat(truth.anomalies())
                        .filteredOn(r -> r.kind() == AnomalyKind.WASTEWATER_RAMP
                                && r.code().equals(a.code()))
                        .allMatch(r -> r.last().toEpochDay() + 60 <= a.first().toEpochDay()
                                || a.last().toEpochDay() + 60 <= r.first().toEpochDay());
            }
        }
        assertThat(factors).containsExactlyInAnyOrder("1.5", "2.0", "3.0");
        assertThat(shapes).containsExactlyInAnyOrder(Shape.STEP, Shape.RAMP);
        assertThat(subjects).containsExactlyInAnyOrder(TruthLine.ARREST_EVENTS, TruthLine.SEIZURE_EVENTS);

        int responses = 0;
        Map<String, Integer> substances = new TreeMap<>();
        for (TruthLine.Anomaly ramp : byKind.get(AnomalyKind.WASTEWATER_RAMP)) {
            assertThat(county.get(ramp.code()).plants()).isNotEmpty();
            assertThat(ramp.factor()).isBetween(1.5, 3.0);
            assertThat(ramp.shape()).isEqualTo(Shape.RAMP);
            long rampDays = ramp.rampLast().toEpochDay() - ramp.first().toEpochDay() + 1;
            assertThat(rampDays).isBetween(7L, 21L);
            assertThat(ramp.last().toEpochDay() - ramp.rampLast().toEpochDay()).isBetween(14L, 56L);
            substances.merge(ramp.subject(), 1, Integer::sum);
            TruthLine.Anomaly related = byId.get(ramp.related());
            if (ramp.enforcementResponse()) {
                responses++;
                assertThat(related.kind()).isEqualTo(AnomalyKind.COUNT_RISE);
                assertThat(related.subject()).isEqualTo(TruthLine.ARREST_EVENTS);
                assertThat(related.factor()).isEqualTo(BaseRates.RESPONSE_FACTOR);
                assertThat(related.first()).isEqualTo(ramp.rampLast().plusDays(1));
                assertThat(related.last()).isEqualTo(ramp.last());
            } else {
                assertThat(related.kind()).isEqualTo(AnomalyKind.CONSUMPTION_RISE);
                assertThat(related.subject()).isEqualTo(TruthLine.CONSUMPTION);
                assertThat(related.first()).isEqualTo(ramp.first());
                assertThat(related.last()).isEqualTo(ramp.last());
            }
            assertThat(related.related()).isEqualTo(ramp.id());
        }
        assertThat(responses)
                .isBetween(
                        byKind.get(AnomalyKind.WASTEWATER_RAMP).size() / 4,
                        byKind.get(AnomalyKind.WASTEWATER_RAMP).size() * 3 / 4);
        assertThat(substances.get("METHAMPHETAMINE"))
                .isGreaterThan(byKind.get(AnomalyKind.WASTEWATER_RAMP).size() / 2);

        for (TruthLine.Anomaly surge : byKind.get(AnomalyKind.HIT_RATE_SURGE)) {
            assertThat(county.get(surge.code()).checkpoints()).isPositive();
            assertThat(surge.factor()).isBetween(2.0, 4.0);
            assertThat(surge.days()).isBetween(7, 21);
            assertThat(surge.subject()).isEqualTo(TruthLine.CHECKPOINTS);
        }
        for (TruthLine.Anomaly large : byKind.get(AnomalyKind.LARGE_SEIZURE)) {
            assertThat(large.grams()).isBetween(10_000.0, BaseRates.MAX_LARGE_SEIZURE_GRAMS);
            assertThat(large.first()).isEqualTo(LocalDate.ofInstant(large.occurredAt(), CHINA));
            assertThat(large.subject()).as("eventId, known after a pass").isNull();
        }
        // the same seed plants the same anomalies
        assertThat(new EventGenerator(
                                counties,
                                42,
                                start(first),
                                start(last.plusDays(1)),
                                EnumSet.of(Scenario.ANOMALIES),
                                GeneratorOptions.defaults())
                        .truth()
                        .anomalies())
                .isEqualTo(truth.anomalies());
    }

    /**
     * The events show what the truth says: count rises add about their expected extra events,
     * surges their extra hits, ramps raise the loads by their factor, and every seizure of 10 kg or
     * more is a planted one, named in the truth by its eventId.
     */
    @Test
    void theEventsShowWhatWasPlanted() {
        List<County> counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().startsWith("5325") || c.getCode().startsWith("4201"))
                .toList();
        LocalDate first = LocalDate.parse("2024-01-01");
        int days = 600;
        GeneratorOptions options =
                GeneratorOptions.defaults().withWastewaterCountyShare(1).withInlandCheckpointShare(1);
        EventGenerator g = new EventGenerator(
                counties, 7, start(first), start(first.plusDays(days)), EnumSet.of(Scenario.ANOMALIES), options);
        Map<SimEvent.Kind, Integer> extra = new java.util.EnumMap<>(SimEvent.Kind.class);
        Map<String, List<double[]>> meth = new HashMap<>(); // by county: {epoch day, load}
        List<SimEvent> large = new ArrayList<>();
        Instant last = Instant.MIN;
        for (SimEvent e : g) {
            assertThat(e.occurredAt()).isAfterOrEqualTo(last);
            last = e.occurredAt();
            extra.merge(e.kind(), 1, Integer::sum);
            if (e.record() instanceof Seizure s && s.getQuantityGrams() >= 10_000) {
                assertThat(e.kind()).isEqualTo(SimEvent.Kind.LARGE_SEIZURE);
                large.add(e);
            }
            if (e.record() instanceof WastewaterSample w
                    && w.getSubstance().name().equals("METHAMPHETAMINE")) {
                meth.computeIfAbsent(w.getCountyCode(), k -> new ArrayList<>()).add(new double[] {
                    LocalDate.ofInstant(e.occurredAt(), CHINA).toEpochDay(),
                    w.getConcentrationNgL() * w.getFlowM3PerDay() / w.getPopulationServed()
                });
            }
        }
        Truth truth = g.truth();
        double expectedRise = truth.anomalies(AnomalyKind.COUNT_RISE).stream()
                .mapToDouble(TruthLine.Anomaly::expectedExtra)
                .sum();
        double expectedHits = truth.anomalies(AnomalyKind.HIT_RATE_SURGE).stream()
                .mapToDouble(TruthLine.Anomaly::expectedExtra)
                .sum();
        assertThat(truth.anomalies(AnomalyKind.COUNT_RISE)).hasSizeGreaterThanOrEqualTo(15);
        assertThat((double) extra.get(SimEvent.Kind.COUNT_RISE)).isBetween(0.85 * expectedRise, 1.15 * expectedRise);
        assertThat((double) extra.get(SimEvent.Kind.HIT_RATE_SURGE)).isBetween(0.9 * expectedHits, 1.1 * expectedHits);

        // ramps: plateau loads over the loads of the 8 weeks before, against the factor (geometric means)
        List<TruthLine.Anomaly> ramps = truth.anomalies(AnomalyKind.WASTEWATER_RAMP).stream()
                .filter(r -> r.subject().equals("METHAMPHETAMINE"))
                .toList();
        assertThat(ramps).hasSizeGreaterThanOrEqualTo(5);
        double logRatio = 0;
        double logFactor = 0;
        for (TruthLine.Anomaly r : ramps) {
            double plateau = 0;
            int np = 0;
            double before = 0;
            int nb = 0;
            for (double[] s : meth.get(r.code())) {
                if (s[0] > r.rampLast().toEpochDay() && s[0] <= r.last().toEpochDay()) {
                    plateau += Math.log(s[1]);
                    np++;
                } else if (s[0] < r.first().toEpochDay() && s[0] >= r.first().toEpochDay() - 56) {
                    before += Math.log(s[1]);
                    nb++;
                }
            }
            if (np > 0 && nb > 0) {
                logRatio += plateau / np - before / nb;
                logFactor += Math.log(r.factor());
            }
        }
        assertThat(Math.exp(logRatio / ramps.size()))
                .isBetween(Math.exp(logFactor / ramps.size()) / 1.2, Math.exp(logFactor / ramps.size()) * 1.2);

        // large seizures: the truth names each by its eventId
        List<TruthLine.Anomaly> planted = truth.anomalies(AnomalyKind.LARGE_SEIZURE);
        assertThat(planted).hasSameSizeAs(large).isNotEmpty();
        Map<String, SimEvent> byId = new HashMap<>();
        large.forEach(e -> byId.put(e.eventId(), e));
        for (TruthLine.Anomaly a : planted) {
            SimEvent e = byId.get(a.subject());
            assertThat(e).as(a.id()).isNotNull();
            assertThat(e.key()).isEqualTo(a.code());
            assertThat(((Seizure) e.record()).getQuantityGrams()).isEqualTo(a.grams());
            assertThat(e.occurredAt()).isEqualTo(a.occurredAt());
            assertThat(a.rule()).isEqualTo(AlertRule.LARGE_SEIZURE);
        }
    }
}
