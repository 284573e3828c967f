package io.drugwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

    /** 2026-01-01 00:00 in China. */
    private static final Instant FROM = Instant.parse("2025-12-31T16:00:00Z");

    private static final Instant TO_90 = Instant.parse("2026-03-31T16:00:00Z");
    private static final Instant TO_30 = Instant.parse("2026-01-30T16:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    private static final String JINPING = "532530";
    private static final String HEKOU = "532532";
    private static final String LUDIAN = "530621";
    private static final String JIANGHAN = "420103";
    private static final String SHANGCHENG = "330102"; // no bundled population: its territory changed after the census
    private static final String WUCHANG = "420106";

    private static County county(String code, String name, Long population, boolean border) {
        return County.newBuilder()
                .setCode(code)
                .setName(name)
                .setPrefectureCode(code.substring(0, 4) + "00")
                .setPrefectureName("prefecture " + code.substring(0, 4))
                .setProvinceCode(code.substring(0, 2) + "0000")
                .setProvinceName("province " + code.substring(0, 2))
                .setPopulation(population)
                .setBorder(border)
                .build();
    }

    private static List<County> counties() {
        return List.of(
                county(JINPING, "金平苗族瑶族傣族自治县", 331_377L, true),
                county(HEKOU, "河口瑶族自治县", null, true),
                county(LUDIAN, "鲁甸县", 398_447L, false),
                county("530602", "昭阳区", null, false),
                county(JIANGHAN, "江汉区", 647_932L, false),
                county(WUCHANG, "武昌区", null, false),
                county("640302", "利通区", 460_790L, false),
                county(SHANGCHENG, "上城区", null, false));
    }

    private static List<SimEvent> generate(long seed, Instant to, Set<Scenario> scenarios) {
        return generate(seed, to, scenarios, GeneratorOptions.defaults());
    }

    private static List<SimEvent> generate(long seed, Instant to, Set<Scenario> scenarios, GeneratorOptions options) {
        List<SimEvent> out = new ArrayList<>();
        new EventGenerator(counties(), seed, FROM, to, scenarios, options).forEach(out::add);
        return out;
    }

    private static Set<Scenario> all() {
        return EnumSet.allOf(Scenario.class);
    }

    private static Set<Scenario> none() {
        return EnumSet.noneOf(Scenario.class);
    }

    /** What a record breaks of the pipeline's basic validation; empty when valid. */
    private static List<String> violations(SimEvent e) {
        List<String> v = new ArrayList<>();
        if (e.isPoisonPill()) {
            v.add("poison pill");
            return v;
        }
        String code = e.countyCode();
        if (code == null || !SIX_DIGITS.matcher(code).matches()) {
            v.add("county code " + code);
        }
        if (!e.key().equals(code)) {
            v.add("key " + e.key() + " != " + code);
        }
        if (e.eventId() == null || e.eventId().isBlank()) {
            v.add("eventId");
        }
        if (e.record() instanceof Arrest a) {
            if (a.getSuspects() < 1 || a.getSuspects() > EventGenerator.MAX_SUSPECTS) {
                v.add("suspects " + a.getSuspects());
            }
            if (a.getReportedAt() != null && a.getReportedAt().isBefore(a.getOccurredAt())) {
                v.add("reported before occurred");
            }
        } else if (e.record() instanceof Seizure s) {
            double g = s.getQuantityGrams();
            if (!(g >= 0 && g <= 1e9)) {
                v.add("grams " + g);
            }
            if (s.getReportedAt() != null && s.getReportedAt().isBefore(s.getOccurredAt())) {
                v.add("reported before occurred");
            }
        } else if (e.record() instanceof CheckpointInspection c) {
            if (c.getVehicles() < 1 || c.getVehicles() > 100_000) {
                v.add("vehicles " + c.getVehicles());
            }
            if (c.getCheckpointId() == null || c.getCheckpointId().isBlank()) {
                v.add("checkpointId");
            }
        } else if (e.record() instanceof WastewaterSample w) {
            if (!(w.getConcentrationNgL() >= 0) || Double.isInfinite(w.getConcentrationNgL())) {
                v.add("concentration " + w.getConcentrationNgL());
            }
            if (!(w.getFlowM3PerDay() > 0) || Double.isInfinite(w.getFlowM3PerDay())) {
                v.add("flow " + w.getFlowM3PerDay());
            }
            if (w.getPopulationServed() <= 0) {
                v.add("population " + w.getPopulationServed());
            }
            if (w.getPlantId() == null || w.getPlantId().isBlank()) {
                v.add("plantId");
            }
        } else {
            v.add("unknown record " + e.record().getClass());
        }
        if (EventType.of(e.record()) != e.input()) {
            v.add("record " + e.record().getClass().getSimpleName() + " on " + e.inputName());
        }
        return v;
    }

    private static double load(WastewaterSample w) {
        return w.getBelowLoq() ? 0 : w.getConcentrationNgL() * w.getFlowM3PerDay() / w.getPopulationServed();
    }

    private static boolean within(SimEvent e, Instant from, Instant to) {
        Instant t = e.occurredAt();
        return !t.isBefore(from) && t.isBefore(to);
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameSeedGivesTheSameEvents() {
        List<SimEvent> a = generate(7, TO_30, all());
        List<SimEvent> b = generate(7, TO_30, all());
        assertThat(a).hasSizeGreaterThan(5_000);
        assertThat(b).isEqualTo(a);

        EventGenerator g = new EventGenerator(counties(), 7, FROM, TO_30, all(), GeneratorOptions.defaults());
        List<SimEvent> again = new ArrayList<>();
        g.stream().forEach(again::add);
        assertThat(again).isEqualTo(a);
        assertThat(g.describe())
                .isEqualTo(
                        new EventGenerator(counties(), 7, FROM, TO_30, all(), GeneratorOptions.defaults()).describe());
    }

    @Test
    void differentSeedGivesDifferentEvents() {
        List<SimEvent> a = generate(7, TO_30, none());
        List<SimEvent> b = generate(8, TO_30, none());
        assertThat(b).isNotEqualTo(a);
        // not just the ids: the times differ too
        assertThat(b.stream().limit(100).map(SimEvent::timestamp).toList())
                .isNotEqualTo(a.stream().limit(100).map(SimEvent::timestamp).toList());
    }

    @Test
    void plantingALargeSeizureLeavesTheOtherTrafficUnchanged() {
        List<String> plain = generate(3, TO_30, none()).stream()
                .map(e -> e.inputName() + "|" + e.key() + "|" + e.occurredAt())
                .toList();
        List<String> planted = generate(3, TO_30, EnumSet.of(Scenario.LARGE_SEIZURE)).stream()
                .filter(e -> e.kind() == SimEvent.Kind.NORMAL)
                .map(e -> e.inputName() + "|" + e.key() + "|" + e.occurredAt())
                .toList();
        assertThat(planted).isEqualTo(plain);
    }

    @Test
    void plantingAnomaliesLeavesNormalTrafficAsItWas() {
        // 200 days: random anomalies start after 120
        Instant to = FROM.plus(DAY.multipliedBy(200));
        GeneratorOptions options =
                GeneratorOptions.defaults().withWastewaterCountyShare(1).withInlandCheckpointShare(1);
        EventGenerator plain = new EventGenerator(counties(), 4, FROM, to, none(), options);
        Set<Scenario> every = EnumSet.complementOf(EnumSet.of(Scenario.BAD_RECORDS));
        EventGenerator planted = new EventGenerator(counties(), 4, FROM, to, every, options);
        assertThat(planted.truth().anomalies()).extracting(a -> a.scenario()).contains("ANOMALIES");
        // every normal arrest, seizure and inspection is still there, at the same time; wastewater
        // samples keep their times and plants (ramps change only their values)
        List<String> before = plain.stream().map(EventGeneratorTest::identity).toList();
        List<String> after = planted.stream()
                .filter(e -> e.kind() == SimEvent.Kind.NORMAL || e.input() == EventType.WASTEWATER_SAMPLE)
                .map(EventGeneratorTest::identity)
                .toList();
        assertThat(after).isEqualTo(before);
        assertThat(planted.stream().filter(e -> e.kind().isAnomaly())).isNotEmpty();
    }

    private static String identity(SimEvent e) {
        String plant = e.record() instanceof WastewaterSample w ? "|" + w.getPlantId() + "|" + w.getSubstance() : "";
        return e.inputName() + "|" + e.key() + "|" + e.occurredAt() + plant;
    }

    /**
     * A generator started where another ended continues it: the day they share is drawn from the same
     * stream, so the two together have exactly the events of one generator over the whole span.
     */
    @Test
    void aGeneratorStartedWhereAnotherEndedContinuesIt() {
        Instant cut = FROM.plus(Duration.ofHours(24 * 9 + 13)); // mid-afternoon of day 10
        Instant end = FROM.plus(DAY.multipliedBy(12));
        List<String> whole = new EventGenerator(counties(), 5, FROM, end, none(), GeneratorOptions.defaults())
                .stream().map(EventGeneratorTest::identity).sorted().toList();
        List<String> parts = new ArrayList<>();
        new EventGenerator(counties(), 5, FROM, cut, none(), GeneratorOptions.defaults())
                .stream().map(EventGeneratorTest::identity).forEach(parts::add);
        new EventGenerator(counties(), 5, cut, end, none(), GeneratorOptions.defaults())
                .stream().map(EventGeneratorTest::identity).forEach(parts::add);
        assertThat(parts.stream().sorted().toList()).isEqualTo(whole);
    }

    @Test
    void aCountysSetUpDependsOnItsCodeNotOnTheOtherCounties() {
        List<County> national = CountyReference.bundled();
        Truth small = new EventGenerator(counties(), 6, FROM, TO_30, none(), GeneratorOptions.defaults()).truth();
        Truth all = new EventGenerator(national, 6, FROM, TO_30, none(), GeneratorOptions.defaults()).truth();
        for (String code : List.of(JIANGHAN, LUDIAN, SHANGCHENG)) {
            assertThat(small.county(code)).as(code).isEqualTo(all.county(code));
            assertThat(small.series(code, TruthLine.ARREST_EVENTS))
                    .isEqualTo(all.series(code, TruthLine.ARREST_EVENTS));
        }
    }

    // ------------------------------------------------------------------ ordering, ids, validity

    @Test
    void eventsComeInOccurredAtOrderExceptLateAndDuplicates() {
        List<SimEvent> events = generate(11, TO_90, all());
        Instant last = Instant.MIN;
        long lastTimestamp = Long.MIN_VALUE;
        for (SimEvent e : events) {
            assertThat(e.timestamp()).isGreaterThanOrEqualTo(lastTimestamp);
            lastTimestamp = e.timestamp();
            if (e.isPoisonPill()) {
                continue;
            }
            assertThat(e.occurredAt()).isBetween(FROM, TO_90.minusMillis(1));
            assertThat(e.occurredAt().toEpochMilli()).isLessThanOrEqualTo(e.timestamp());
            if (e.kind() == SimEvent.Kind.LATE || e.kind() == SimEvent.Kind.DUPLICATE) {
                continue;
            }
            assertThat(e.occurredAt()).isAfterOrEqualTo(last);
            assertThat(e.occurredAt().toEpochMilli()).isEqualTo(e.timestamp());
            last = e.occurredAt();
        }
    }

    @Test
    void eventIdsAreUniqueExceptDuplicates() {
        long seed = 12;
        List<SimEvent> events = generate(seed, TO_90, all());
        Map<String, SimEvent> byId = new HashMap<>();
        int duplicates = 0;
        for (SimEvent e : events) {
            if (e.isPoisonPill()) {
                continue;
            }
            assertThat(e.eventId()).matches("sim-" + seed + "-\\d+");
            SimEvent earlier = byId.putIfAbsent(e.eventId(), e);
            if (e.kind() == SimEvent.Kind.DUPLICATE) {
                duplicates++;
                assertThat(earlier).as("a duplicate re-sends an earlier event").isNotNull();
                assertThat(earlier.kind()).isEqualTo(SimEvent.Kind.NORMAL);
                assertThat(e.record()).isEqualTo(earlier.record());
                assertThat(e.key()).isEqualTo(earlier.key());
                assertThat(e.input()).isEqualTo(earlier.input());
            } else {
                assertThat(earlier).as("eventId %s used twice", e.eventId()).isNull();
            }
        }
        assertThat(duplicates).isPositive();
    }

    @Test
    void everyNormalAndPlantedRecordIsValid() {
        List<SimEvent> events = generate(13, TO_90, all());
        Map<EventType<?>, Integer> perInput = new HashMap<>();
        for (SimEvent e : events) {
            if (e.kind().isBadRecord() && e.kind() != SimEvent.Kind.LATE && e.kind() != SimEvent.Kind.DUPLICATE) {
                continue;
            }
            assertThat(violations(e)).as("%s", e).isEmpty();
            perInput.merge(e.input(), 1, Integer::sum);
        }
        assertThat(perInput).containsOnlyKeys(EventType.ALL);
    }

    @Test
    void checkpointTrafficLooksLikeTheSeeds() {
        List<SimEvent> events = generate(14, TO_90, none());
        long vehicles = 0;
        long hits = 0;
        Set<String> directions = new HashSet<>();
        for (SimEvent e : events) {
            if (e.record() instanceof CheckpointInspection c
                    && c.getCountyCode().equals(JINPING)) {
                vehicles += c.getVehicles();
                hits += c.getOutcome() == InspectionOutcome.CLEAR ? 0 : c.getVehicles();
                directions.add(c.getCheckpointId() + "/" + c.getDirection());
            }
        }
        double perDay = vehicles / 90.0;
        double hitRate = 1000.0 * hits / vehicles;
        assertThat(directions).hasSizeGreaterThanOrEqualTo(4); // at least two checkpoints, both directions
        assertThat(perDay).isBetween(1_000.0, 20_000.0);
        assertThat(hitRate).isBetween(1.0, 3.0);
    }

    @Test
    void wastewaterLoadsAreRealistic() {
        List<SimEvent> events = generate(15, TO_90, none());
        Map<Substance, List<Double>> loads = new EnumMap<>(Substance.class);
        Map<Substance, Integer> below = new EnumMap<>(Substance.class);
        for (SimEvent e : events) {
            if (e.record() instanceof WastewaterSample w) {
                loads.computeIfAbsent(w.getSubstance(), k -> new ArrayList<>()).add(load(w));
                if (w.getBelowLoq()) {
                    below.merge(w.getSubstance(), 1, Integer::sum);
                }
            }
        }
        assertThat(loads).containsKeys(Substance.METHAMPHETAMINE, Substance.KETAMINE, Substance.MORPHINE);
        double methMean = loads.get(Substance.METHAMPHETAMINE).stream()
                .mapToDouble(d -> d)
                .average()
                .orElseThrow();
        assertThat(methMean).isBetween(5.0, 600.0);
        assertThat(below.getOrDefault(Substance.METHAMPHETAMINE, 0)).isZero();
        assertThat(below.getOrDefault(Substance.MDMA, 0) + below.getOrDefault(Substance.KETAMINE, 0))
                .isPositive();
    }

    // ------------------------------------------------------------------ base rates

    @Test
    void borderCountiesSeeClearlyMoreSeizuresThanInlandDistricts() {
        List<SimEvent> events = generate(21, TO_90, none());
        Map<String, Integer> count = new HashMap<>();
        Map<String, Double> grams = new HashMap<>();
        for (SimEvent e : events) {
            if (e.record() instanceof Seizure s) {
                count.merge(s.getCountyCode(), 1, Integer::sum);
                grams.merge(s.getCountyCode(), s.getQuantityGrams(), Double::sum);
            }
        }
        // same default population (300,000): only the border differs
        assertThat(count.getOrDefault(HEKOU, 0)).isGreaterThan(3 * Math.max(1, count.getOrDefault(WUCHANG, 0)));
        assertThat(count.getOrDefault(JINPING, 0)).isGreaterThan(3 * Math.max(1, count.getOrDefault(SHANGCHENG, 0)));
        assertThat(grams.getOrDefault(JINPING, 0.0)).isGreaterThan(20 * grams.getOrDefault(SHANGCHENG, 1.0));
        // Jinping: seed 54 kg in under 6 months including two 10 kg+ cases: here several kg in 90 days
        assertThat(grams.get(JINPING)).isBetween(3_000.0, 60_000.0);
    }

    @Test
    void inlandArrestsAreMostlyUseAndPossession() {
        List<SimEvent> events = generate(22, TO_90, none());
        long inland = 0;
        long usePossession = 0;
        for (SimEvent e : events) {
            if (e.record() instanceof Arrest a && !a.getCountyCode().startsWith("5325")) {
                inland++;
                switch (a.getOffense()) {
                    case USE, POSSESSION -> usePossession++;
                    default -> {}
                }
            }
        }
        assertThat(inland).isGreaterThan(100);
        assertThat((double) usePossession / inland).isGreaterThan(0.7);
    }

    @Test
    void volumeCanBeSizedByATargetPerDay() {
        EventGenerator gentle = new EventGenerator(
                counties(), 1, FROM, TO_30, none(), GeneratorOptions.defaults().withTargetEventsPerDay(200));
        assertThat(gentle.expectedEventsPerDay()).isCloseTo(200, org.assertj.core.data.Offset.offset(1.0));
        long n = gentle.stream().count();
        assertThat(n / 29.0).isBetween(170.0, 230.0);

        EventGenerator loud = new EventGenerator(
                counties(),
                1,
                FROM,
                FROM.plus(DAY.multipliedBy(2)),
                none(),
                GeneratorOptions.defaults().withVolume(50));
        assertThat(loud.volume()).isEqualTo(50);
        assertThat(loud.stream().count()).isGreaterThan(30 * gentle.stream().count() / 29);
    }

    @Test
    void countiesWithBadCodesAreLeftOut() {
        List<County> list = new ArrayList<>(counties());
        list.add(county("12345X", "bad", null, false));
        list.add(county(JINPING, "again", null, false));
        EventGenerator g = new EventGenerator(list, 1, FROM, TO_30, none(), GeneratorOptions.defaults());
        assertThat(g.countyCount()).isEqualTo(counties().size());
        assertThat(g.stream().map(SimEvent::key).distinct())
                .allMatch(k -> SIX_DIGITS.matcher(k).matches());
        assertThatThrownBy(() -> new EventGenerator(counties(), 1, TO_30, FROM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void largeSeizureIsTheOnlySeizureOfTenKilograms() {
        EventGenerator g = new EventGenerator(
                counties(), 31, FROM, TO_90, EnumSet.of(Scenario.LARGE_SEIZURE), GeneratorOptions.defaults());
        List<Seizure> large = g.stream()
                .filter(e -> e.record() instanceof Seizure s && s.getQuantityGrams() >= 10_000)
                .peek(e -> assertThat(e.kind()).isEqualTo(SimEvent.Kind.LARGE_SEIZURE))
                .map(e -> (Seizure) e.record())
                .toList();
        assertThat(large).hasSize(1);
        Seizure s = large.get(0);
        assertThat(s.getCountyCode()).isEqualTo(JINPING);
        assertThat(s.getDrugType()).isEqualTo(DrugType.METHAMPHETAMINE);
        assertThat(s.getQuantityGrams()).isEqualTo(12_500.0);
        PlantedAnomaly p = g.planted().get(0);
        assertThat(p.scenario()).isEqualTo(Scenario.LARGE_SEIZURE);
        assertThat(p.countyCode()).isEqualTo(JINPING);
        assertThat(p.from()).isEqualTo(s.getOccurredAt());
        // three quarters into the span, 14:30 in China
        assertThat(s.getOccurredAt()).isEqualTo(Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void normalTrafficNeverSeizesTenKilograms() {
        for (long seed = 1; seed <= 3; seed++) {
            double max = new EventGenerator(
                            counties(),
                            seed,
                            FROM,
                            TO_90,
                            EnumSet.of(Scenario.BAD_RECORDS),
                            GeneratorOptions.defaults().withVolume(20))
                    .stream()
                            .filter(e -> e.record() instanceof Seizure && e.kind() != SimEvent.Kind.INVALID)
                            .mapToDouble(e -> ((Seizure) e.record()).getQuantityGrams())
                            .max()
                            .orElseThrow();
            assertThat(max).isLessThan(10_000).isLessThanOrEqualTo(BaseRates.MAX_NORMAL_SEIZURE_GRAMS);
        }
    }

    @Test
    void arrestSpikeMultipliesOneCountysArrestsForOneDay() {
        EventGenerator g = new EventGenerator(
                counties(), 41, FROM, TO_90, EnumSet.of(Scenario.ARREST_SPIKE), GeneratorOptions.defaults());
        PlantedAnomaly p = g.planted().get(0);
        assertThat(p.countyCode()).isEqualTo(JIANGHAN);
        // one local day, seven days before the end of the span
        assertThat(p.from()).isEqualTo(TO_90.minus(DAY.multipliedBy(8)));
        assertThat(p.to()).isEqualTo(p.from().plus(DAY));

        List<SimEvent> arrests = g.stream()
                .filter(e -> e.input() == EventType.ARREST && e.key().equals(JIANGHAN))
                .toList();
        long spikeDay =
                arrests.stream().filter(e -> within(e, p.from(), p.to())).count();
        long before = arrests.stream()
                .filter(e -> within(e, p.from().minus(DAY.multipliedBy(28)), p.from()))
                .count();
        double baseline = before / 28.0;
        assertThat(spikeDay).isGreaterThanOrEqualTo(12);
        assertThat((double) spikeDay).isGreaterThanOrEqualTo(4 * Math.max(baseline, 1.0));
        assertThat(arrests.stream().filter(e -> e.kind() == SimEvent.Kind.ARREST_SPIKE))
                .allMatch(e -> within(e, p.from(), p.to()))
                .hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void wastewaterRiseDoublesTheLastWeeksMethamphetamineLoad() {
        double withRise = methRatio(generate(51, TO_90, EnumSet.of(Scenario.WASTEWATER_RISE)));
        double without = methRatio(generate(51, TO_90, none()));
        assertThat(withRise).isGreaterThanOrEqualTo(1.8);
        assertThat(without).isBetween(0.6, 1.5);
        EventGenerator g = new EventGenerator(
                counties(), 51, FROM, TO_90, EnumSet.of(Scenario.WASTEWATER_RISE), GeneratorOptions.defaults());
        assertThat(g.planted().get(0).countyCode()).isEqualTo(LUDIAN);
        assertThat(g.planted().get(0).from()).isEqualTo(TO_90.minus(DAY.multipliedBy(7)));
    }

    /** Mean methamphetamine load in Ludian over the last 7 days divided by that of the 28 days before. */
    private static double methRatio(List<SimEvent> events) {
        Instant riseFrom = TO_90.minus(DAY.multipliedBy(7));
        Instant baseFrom = riseFrom.minus(DAY.multipliedBy(28));
        List<Double> recent = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (SimEvent e : events) {
            if (e.record() instanceof WastewaterSample w
                    && w.getCountyCode().equals(LUDIAN)
                    && w.getSubstance() == Substance.METHAMPHETAMINE
                    && e.kind() != SimEvent.Kind.INVALID) {
                if (within(e, riseFrom, TO_90)) {
                    recent.add(load(w));
                } else if (within(e, baseFrom, riseFrom)) {
                    base.add(load(w));
                }
            }
        }
        assertThat(recent).hasSizeGreaterThanOrEqualTo(7);
        assertThat(base).hasSizeGreaterThanOrEqualTo(28);
        return recent.stream().mapToDouble(d -> d).average().orElseThrow()
                / base.stream().mapToDouble(d -> d).average().orElseThrow();
    }

    @Test
    void checkpointSurgeQuadruplesOneCountysHitRate() {
        double withSurge = hitRateRatio(generate(61, TO_90, EnumSet.of(Scenario.CHECKPOINT_SURGE)));
        double without = hitRateRatio(generate(61, TO_90, none()));
        assertThat(withSurge).isGreaterThanOrEqualTo(3.0);
        assertThat(without).isBetween(0.5, 1.6);
    }

    private static double hitRateRatio(List<SimEvent> events) {
        Instant surgeFrom = TO_90.minus(DAY.multipliedBy(7));
        Instant baseFrom = surgeFrom.minus(DAY.multipliedBy(28));
        long[] recent = new long[2];
        long[] base = new long[2];
        for (SimEvent e : events) {
            if (e.record() instanceof CheckpointInspection c
                    && c.getCountyCode().equals(JINPING)
                    && !e.kind().isBadRecord()) {
                long[] into = within(e, surgeFrom, TO_90) ? recent : within(e, baseFrom, surgeFrom) ? base : null;
                if (into != null) {
                    into[0] += c.getVehicles();
                    into[1] += c.getOutcome() == InspectionOutcome.CLEAR ? 0 : c.getVehicles();
                }
            }
        }
        return ((double) recent[1] / recent[0]) / ((double) base[1] / base[0]);
    }

    @Test
    void badRecordsIncludeEveryKind() {
        List<SimEvent> events = generate(71, TO_90, EnumSet.of(Scenario.BAD_RECORDS));
        Map<SimEvent.Kind, List<SimEvent>> byKind = events.stream()
                .collect(Collectors.groupingBy(
                        SimEvent::kind, () -> new EnumMap<>(SimEvent.Kind.class), Collectors.toList()));
        assertThat(byKind)
                .containsKeys(
                        SimEvent.Kind.POISON_PILL, SimEvent.Kind.DUPLICATE, SimEvent.Kind.LATE, SimEvent.Kind.INVALID);
        long bad = events.stream().filter(e -> e.kind().isBadRecord()).count();
        assertThat((double) bad / events.size()).isBetween(0.002, 0.01);

        for (SimEvent e : byKind.get(SimEvent.Kind.POISON_PILL)) {
            assertThat(e.record()).isNull();
            assertThat(e.payload()).isNotEmpty();
            assertThat(e.eventId()).isNull();
            assertThat(SIX_DIGITS.matcher(e.key()).matches()).isTrue();
        }
        for (SimEvent e : byKind.get(SimEvent.Kind.LATE)) {
            assertThat(violations(e)).isEmpty();
            assertThat(e.timestamp() - e.occurredAt().toEpochMilli()).isGreaterThanOrEqualTo(3 * DAY.toMillis());
            assertThat(e.occurredAt()).isAfterOrEqualTo(FROM);
        }
        for (SimEvent e : byKind.get(SimEvent.Kind.INVALID)) {
            assertThat(violations(e)).as("%s", e).isNotEmpty();
        }
        Set<String> invalidKinds = byKind.get(SimEvent.Kind.INVALID).stream()
                .map(e -> String.join(",", violations(e)).replaceAll("[ -].*", ""))
                .collect(Collectors.toSet());
        assertThat(invalidKinds).contains("suspects", "county", "grams", "vehicles", "flow");
        // a duplicate is never of a planted event, and bad records go nowhere near the 10 kg mark
        assertThat(byKind.get(SimEvent.Kind.DUPLICATE))
                .allMatch(e -> !(e.record() instanceof Seizure s) || s.getQuantityGrams() < 10_000);
    }

    @Test
    void describeNamesEveryPlantedAnomaly() {
        EventGenerator g = new EventGenerator(counties(), 1, FROM, TO_90, all(), GeneratorOptions.defaults());
        assertThat(g.planted()).extracting(PlantedAnomaly::scenario).containsExactly(Scenario.values());
        String d = g.describe();
        assertThat(d)
                .contains(
                        "LARGE_SEIZURE " + JINPING,
                        "ARREST_SPIKE " + JIANGHAN,
                        "WASTEWATER_RISE " + LUDIAN,
                        "CHECKPOINT_SURGE " + JINPING,
                        "BAD_RECORDS all counties");
        assertThat(new EventGenerator(counties(), 1, FROM, TO_90).describe()).isEqualTo("nothing planted");
    }

    @Test
    void targetsFallBackWhenThePreferredCountiesAreMissing() {
        List<County> list = List.of(
                county("110101", "东城区", null, false),
                county("653101", "喀什市", 700_000L, false),
                county("623001", "合作市", null, true),
                county("532532", "河口瑶族自治县", null, true),
                county("420106", "武昌区", 1_000_000L, false));
        EventGenerator g = new EventGenerator(list, 1, FROM, TO_90, all(), GeneratorOptions.defaults());
        Map<Scenario, String> target = new EnumMap<>(Scenario.class);
        g.planted().forEach(p -> target.put(p.scenario(), p.countyCode()));
        assertThat(target.get(Scenario.LARGE_SEIZURE)).isEqualTo("532532"); // a Yunnan border county
        assertThat(target.get(Scenario.CHECKPOINT_SURGE)).isEqualTo("532532");
        assertThat(target.get(Scenario.ARREST_SPIKE)).isEqualTo("420106"); // most populous inland
        assertThat(target.get(Scenario.WASTEWATER_RISE)).isEqualTo("420106");
        assertThat(g.stream().filter(e -> e.kind() == SimEvent.Kind.WASTEWATER_RISE))
                .isNotEmpty();
    }

    @Test
    void namedScenariosAreAnomaliesOfTheTruth() {
        EventGenerator g = new EventGenerator(counties(), 81, FROM, TO_90, all(), GeneratorOptions.defaults());
        List<SimEvent> events = g.stream().toList(); // a full pass: the large seizure's eventId is known after it
        Map<String, TruthLine.Anomaly> byScenario = new HashMap<>();
        Truth truth = g.truth();
        truth.anomalies().forEach(a -> byScenario.put(a.scenario() + "/" + a.kind(), a));
        assertThat(truth.anomalies()).allMatch(a -> !a.scenario().equals("ANOMALIES")); // 90 days: none random
        LocalDate lastDay = LocalDate.parse("2026-03-31");

        TruthLine.Anomaly spike = byScenario.get("ARREST_SPIKE/COUNT_RISE");
        assertThat(spike.code()).isEqualTo(JIANGHAN);
        assertThat(spike.first()).isEqualTo(spike.last()).isEqualTo(lastDay.minusDays(7));
        assertThat(spike.subject()).isEqualTo(TruthLine.ARREST_EVENTS);
        assertThat(events.stream()
                        .filter(e -> e.kind() == SimEvent.Kind.ARREST_SPIKE)
                        .count())
                .isEqualTo(Math.round(spike.expectedExtra()));

        TruthLine.Anomaly rise = byScenario.get("WASTEWATER_RISE/WASTEWATER_RAMP");
        assertThat(rise.code()).isEqualTo(LUDIAN);
        assertThat(rise.subject()).isEqualTo("METHAMPHETAMINE");
        assertThat(rise.factor()).isEqualTo(BaseRates.WASTEWATER_RISE_FACTOR);
        assertThat(rise.first()).isEqualTo(lastDay.minusDays(6));
        assertThat(rise.last()).isEqualTo(lastDay);
        assertThat(rise.enforcementResponse()).isFalse();
        TruthLine.Anomaly consumption = byScenario.get("WASTEWATER_RISE/CONSUMPTION_RISE");
        assertThat(consumption.related()).isEqualTo(rise.id());
        assertThat(consumption.first()).isEqualTo(rise.first());

        TruthLine.Anomaly surge = byScenario.get("CHECKPOINT_SURGE/HIT_RATE_SURGE");
        assertThat(surge.code()).isEqualTo(JINPING);
        assertThat(surge.factor()).isEqualTo(BaseRates.CHECKPOINT_SURGE_FACTOR);
        long extraHits = events.stream()
                .filter(e -> e.kind() == SimEvent.Kind.CHECKPOINT_SURGE)
                .count();
        assertThat((double) extraHits).isBetween(0.7 * surge.expectedExtra(), 1.3 * surge.expectedExtra());

        TruthLine.Anomaly large = byScenario.get("LARGE_SEIZURE/LARGE_SEIZURE");
        SimEvent seizure = events.stream()
                .filter(e -> e.kind() == SimEvent.Kind.LARGE_SEIZURE)
                .findFirst()
                .orElseThrow();
        assertThat(large.subject()).isEqualTo(seizure.eventId());
        assertThat(large.grams()).isEqualTo(12_500.0);
        assertThat(large.occurredAt()).isEqualTo(seizure.occurredAt());
    }

    @Test
    void theTruthIsDeterministic() {
        Truth a = new EventGenerator(counties(), 82, FROM, TO_90, all(), GeneratorOptions.defaults()).truth();
        Truth b = new EventGenerator(counties(), 82, FROM, TO_90, all(), GeneratorOptions.defaults()).truth();
        assertThat(b).isEqualTo(a);
        assertThat(a.generator().firstDay()).isEqualTo(LocalDate.parse("2026-01-01"));
        assertThat(a.generator().lastDay()).isEqualTo(LocalDate.parse("2026-03-31"));
        assertThat(a.series()).hasSize(2 * counties().size()).allMatch(x -> x.mean().length == 90);
        assertThat(a.counties())
                .extracting(TruthLine.County::code)
                .containsExactlyElementsOf(
                        counties().stream().map(County::getCode).toList());
    }

    /** The first and last day of a span that starts or ends within a day carry the mean of the part inside. */
    @Test
    void partialDaysHaveTheMeanOfTheirPart() {
        Instant from = FROM.plus(Duration.ofHours(12)); // noon
        Instant to = TO_30.plus(Duration.ofHours(12));
        Truth whole =
                new EventGenerator(counties(), 83, FROM, TO_30.plus(DAY), none(), GeneratorOptions.defaults()).truth();
        Truth part = new EventGenerator(counties(), 83, from, to, none(), GeneratorOptions.defaults()).truth();
        double[] w =
                whole.series(JIANGHAN, TruthLine.ARREST_EVENTS).orElseThrow().mean();
        double[] p =
                part.series(JIANGHAN, TruthLine.ARREST_EVENTS).orElseThrow().mean();
        assertThat(p).hasSize(w.length);
        // arrests are busier in the afternoon and evening: more than half of a day's mass after noon
        assertThat(p[0] / w[0]).isBetween(0.55, 0.75);
        assertThat(p[p.length - 1] / w[w.length - 1]).isBetween(0.25, 0.45);
        assertThat(p[5]).isEqualTo(w[5]);
    }

    @Test
    void scenarioNamesParseFromTheCommandLine() {
        assertThat(Scenario.parse("large-seizure")).isEqualTo(Scenario.LARGE_SEIZURE);
        assertThat(Scenario.parse("BAD_RECORDS")).isEqualTo(Scenario.BAD_RECORDS);
        assertThat(Scenario.parse("checkpointSurge")).isEqualTo(Scenario.CHECKPOINT_SURGE);
        assertThat(Scenario.parse("anomalies")).isEqualTo(Scenario.ANOMALIES);
        assertThat(EventType.byInput("checkpoint-inspections")).contains(EventType.CHECKPOINT_INSPECTION);
    }
}
