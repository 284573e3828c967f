package io.drugwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.EventType;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated data is as hard as the real thing: each realism property of {@link BaseRates} is
 * measured on generated events, against the truth where the truth says what to expect.
 */
class EventGeneratorRealismTest {

    private static final ZoneId CHINA = GeneratorOptions.CHINA;
    private static final LocalDate FIRST = LocalDate.parse("2023-12-01");
    private static final int DAYS = 731;

    /** Daily arrest and seizure counts (normal traffic) of Yunnan and Hubei counties over two years. */
    private static Truth truth;

    private static int[][] arrests;
    private static int[][] seizures;

    @BeforeAll
    static void generate() {
        List<County> counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().startsWith("53") || c.getCode().startsWith("42"))
                .toList();
        // checkpoints and plants do not change the counts (their days are drawn apart), only the run time
        GeneratorOptions options =
                GeneratorOptions.defaults().withInlandCheckpointShare(0).withWastewaterCountyShare(0);
        EventGenerator g =
                new EventGenerator(counties, 1, start(FIRST), start(FIRST.plusDays(DAYS)), List.of(), options);
        truth = g.truth();
        Map<String, Integer> index = new HashMap<>();
        g.counties().forEach(c -> index.put(c.getCode(), index.size()));
        arrests = new int[index.size()][DAYS];
        seizures = new int[index.size()][DAYS];
        for (SimEvent e : g) {
            if (e.input() == EventType.ARREST || e.input() == EventType.SEIZURE) {
                int d = (int) (LocalDate.ofInstant(e.occurredAt(), CHINA).toEpochDay() - FIRST.toEpochDay());
                (e.input() == EventType.ARREST ? arrests : seizures)[index.get(e.key())][d]++;
            }
        }
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(CHINA).toInstant();
    }

    private static double[] mean(int county, String subject) {
        TruthLine.Series s = truth.series().get(2 * county + (subject.equals(TruthLine.ARREST_EVENTS) ? 0 : 1));
        assertThat(s.subject()).isEqualTo(subject);
        return s.mean();
    }

    private static long total(int[][] counts, int day) {
        long sum = 0;
        for (int[] county : counts) {
            sum += county[day];
        }
        return sum;
    }

    // ------------------------------------------------------------------ counts

    @Test
    void countsFollowTheTrueMeansOfTheTruthFile() {
        for (String subject : List.of(TruthLine.ARREST_EVENTS, TruthLine.SEIZURE_EVENTS)) {
            int[][] counts = subject.equals(TruthLine.ARREST_EVENTS) ? arrests : seizures;
            double observed = 0;
            double expected = 0;
            for (int c = 0; c < counts.length; c++) {
                double[] mu = mean(c, subject);
                for (int d = 0; d < DAYS; d++) {
                    observed += counts[c][d];
                    expected += mu[d];
                }
            }
            assertThat(observed / expected).as(subject).isBetween(0.97, 1.03);
        }
    }

    @Test
    void mostCountyDaysHaveNoArrestAndBaseRatesSpanTheRange() {
        long zero = 0;
        long all = 0;
        for (int[] county : arrests) {
            for (int n : county) {
                zero += n == 0 ? 1 : 0;
                all++;
            }
        }
        assertThat((double) zero / all).isBetween(0.55, 0.85);
        // national set-up: base rates from 0.03 to 5 a day, lognormal around the population-driven mean
        Truth national = new EventGenerator(
                        CountyReference.bundled(),
                        1,
                        start(FIRST),
                        start(FIRST.plusDays(1)),
                        List.of(),
                        GeneratorOptions.defaults())
                .truth();
        List<Double> rates = national.counties().stream()
                .map(TruthLine.County::arrestsPerDay)
                .sorted()
                .toList();
        assertThat(rates.get(0))
                .isGreaterThanOrEqualTo(BaseRates.MIN_ARRESTS_PER_DAY)
                .isLessThan(0.05);
        assertThat(rates.get(rates.size() - 1))
                .isLessThanOrEqualTo(BaseRates.MAX_ARRESTS_PER_DAY)
                .isGreaterThan(3);
        assertThat(rates.get(rates.size() / 2)).isBetween(0.2, 0.45);
        assertThat(national.counties()).allMatch(c -> c.size() >= BaseRates.MIN_SIZE && c.size() <= BaseRates.MAX_SIZE);
    }

    /**
     * Busy counties' daily arrests are negative binomial: their variance around the true mean is
     * mean + mean²/size (Pearson's dispersion, against 1 for Poisson), and their plain variance is
     * 2–4 times their mean.
     */
    @Test
    void dailyCountsAreOverdispersedAsTheTruthSays() {
        double pearson = 0;
        double model = 0;
        double mass = 0;
        int busy = 0;
        double maxRatio = 0;
        for (int c = 0; c < arrests.length; c++) {
            double[] mu = mean(c, TruthLine.ARREST_EVENTS);
            double size = truth.counties().get(c).size();
            double sum = 0;
            for (double m : mu) {
                sum += m;
            }
            if (sum / DAYS < 1.2) {
                continue;
            }
            busy++;
            double p = 0;
            double v = 0;
            for (int d = 0; d < DAYS; d++) {
                double r = arrests[c][d] - mu[d];
                p += r * r;
                v += mu[d] + mu[d] * mu[d] / size;
            }
            assertThat(p / sum)
                    .as("county %s dispersion", truth.counties().get(c).code())
                    .isBetween(0.7 * v / sum, 1.35 * v / sum)
                    .isGreaterThan(1.3);
            pearson += p;
            model += v;
            mass += sum;
            double plainMean = sum / DAYS;
            double plainVariance = 0;
            for (int d = 0; d < DAYS; d++) {
                plainVariance += (arrests[c][d] - plainMean) * (arrests[c][d] - plainMean) / (DAYS - 1);
            }
            maxRatio = Math.max(maxRatio, plainVariance / plainMean);
        }
        assertThat(busy).isGreaterThanOrEqualTo(5);
        assertThat(pearson / mass).isBetween(0.9 * model / mass, 1.1 * model / mass);
        assertThat(model / mass).isBetween(1.6, 3.5);
        assertThat(maxRatio).isBetween(2.0, 5.0);
    }

    @Test
    void weekendsHaveAbout15PercentFewerArrestsAndSeizures() {
        for (int[][] counts : List.of(arrests, seizures)) {
            double weekend = 0;
            double weekday = 0;
            int weekends = 0;
            for (int d = 0; d < DAYS; d++) {
                DayOfWeek dow = FIRST.plusDays(d).getDayOfWeek();
                if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
                    weekend += total(counts, d);
                    weekends++;
                } else {
                    weekday += total(counts, d);
                }
            }
            double ratio = (weekend / weekends) / (weekday / (DAYS - weekends));
            assertThat(ratio).isBetween(0.80, 0.90);
        }
    }

    /**
     * In a campaign every county's arrests rise by about the campaign's uplift: the campaign's days
     * against the 28 days either side (winter sweeps left out: the Spring Festival falls next to them).
     */
    @Test
    void campaignsRaiseArrestsByTheirUplift() {
        assertThat(truth.campaigns()).extracting(TruthLine.Campaign::name).contains("6·26", "冬春肃毒");
        double observed = 0;
        double claimed = 0;
        int judged = 0;
        for (TruthLine.Campaign campaign : truth.campaigns()) {
            int first = (int) (campaign.first().toEpochDay() - FIRST.toEpochDay());
            int last = (int) (campaign.last().toEpochDay() - FIRST.toEpochDay());
            assertThat(campaign.uplift()).isBetween(1.3, 1.6);
            assertThat(last - first + 1).isBetween(14, 42);
            if (campaign.name().equals("冬春肃毒") || first < 28 || last + 28 >= DAYS) {
                continue;
            }
            double in = 0;
            double out = 0;
            for (int d = first - 28; d <= last + 28; d++) {
                if (d >= first && d <= last) {
                    in += total(arrests, d);
                } else {
                    out += total(arrests, d);
                }
            }
            double ratio = (in / (last - first + 1)) / (out / 56);
            assertThat(ratio).as(campaign.toString()).isBetween(campaign.uplift() - 0.25, campaign.uplift() + 0.25);
            observed += ratio;
            claimed += campaign.uplift();
            judged++;
        }
        assertThat(judged).isGreaterThanOrEqualTo(2);
        assertThat(observed / judged).isBetween(claimed / judged - 0.08, claimed / judged + 0.08);
    }

    @Test
    void campaignsComeAtTheirTimesOfYear() {
        SimCalendar calendar = new SimCalendar(99);
        for (int year = 2015; year <= 2035; year++) {
            for (SimCalendar.Campaign c : calendar.campaigns(year)) {
                LocalDate first = LocalDate.ofEpochDay(c.first());
                LocalDate last = LocalDate.ofEpochDay(c.last());
                switch (c.type()) {
                    case JUNE_26 -> assertThat(last).isBetween(LocalDate.of(year, 6, 26), LocalDate.of(year, 6, 30));
                    case WINTER_SPRING ->
                        assertThat(first).isBetween(LocalDate.of(year, 11, 11), LocalDate.of(year, 12, 21));
                    case COLLECTION -> assertThat(first.getMonthValue()).isBetween(3, 4);
                    case HUNDRED_DAYS -> assertThat(first.getMonthValue()).isBetween(8, 9);
                    default -> throw new AssertionError(c);
                }
                assertThat(calendar.campaignsBetween(c.first(), c.last())).containsExactly(c); // never overlapping
            }
        }
    }

    /** The festival week has about 35 % fewer arrests than the month before it (campaign days left out). */
    @Test
    void theSpringFestivalWeekIsQuieter() {
        for (String festival : List.of("2024-02-10", "2025-01-29")) {
            int f = (int) (LocalDate.parse(festival).toEpochDay() - FIRST.toEpochDay());
            double in = 0;
            for (int d = f; d < f + 7; d++) {
                in += total(arrests, d);
            }
            double before = 0;
            int days = 0;
            for (int d = f - 45; d < f - 17; d++) {
                LocalDate day = FIRST.plusDays(d);
                if (truth.campaigns().stream().noneMatch(c -> !day.isBefore(c.first()) && !day.isAfter(c.last()))) {
                    before += total(arrests, d);
                    days++;
                }
            }
            assertThat((in / 7) / (before / days)).as(festival).isBetween(0.52, 0.78);
        }
        // the table's dates, cross-checked: 2026 is the year of the horse from 17 February
        assertThat(LocalDate.ofEpochDay(SimCalendar.springFestival(2026))).isEqualTo(LocalDate.parse("2026-02-17"));
        assertThat(LocalDate.ofEpochDay(SimCalendar.springFestival(2035))).isEqualTo(LocalDate.parse("2035-02-08"));
    }

    @Test
    void seasonAndDriftShapeTheMeans() {
        // season: ±10–15 % over the year, whatever the seed
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(new SimCalendar(seed).seasonAmplitude()).isBetween(0.10, 0.15);
        }
        // drift: a county's mean on the same weekday 52 weeks later differs by e^(trend · 364/365.25)
        // (on days clear of campaigns and the festival, the season being the same a year on)
        LocalDate a = LocalDate.parse("2024-05-06");
        LocalDate b = a.plusDays(364);
        for (int c = 0; c < truth.counties().size(); c += 7) {
            TruthLine.Series s = truth.series().get(2 * c + 1); // seizures: no campaigns
            double ratio = s.meanOn(b) / s.meanOn(a);
            double season = new SimCalendar(1).season(b.toEpochDay()) / new SimCalendar(1).season(a.toEpochDay());
            double trend = truth.counties().get(c).trendPerYear();
            assertThat(ratio / season)
                    .isCloseTo(Math.exp(trend * 364 / 365.25), org.assertj.core.data.Offset.offset(0.003));
            assertThat(Math.abs(trend)).isLessThanOrEqualTo(2.5 * BaseRates.TREND_SD + 1e-9);
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * Vehicles vary by weekday and day; a direction's hit rate varies about 35 % from day to day
     * (hits alone, Poisson at a fixed rate, would vary far less at this volume).
     */
    @Test
    void checkpointTrafficAndHitRatesVaryByDay() {
        List<County> counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().equals("532530") || c.getCode().equals("532532"))
                .toList();
        EventGenerator g = new EventGenerator(
                counties,
                3,
                start(FIRST),
                start(FIRST.plusDays(120)),
                List.of(),
                GeneratorOptions.defaults().withVolume(10));
        Map<String, long[][]> perDirection = new TreeMap<>(); // {vehicles, hits} per day
        for (SimEvent e : g) {
            if (e.record() instanceof CheckpointInspection c) {
                int d = (int) (LocalDate.ofInstant(e.occurredAt(), CHINA).toEpochDay() - FIRST.toEpochDay());
                long[][] days = perDirection.computeIfAbsent(
                        c.getCheckpointId() + "/" + c.getDirection(), k -> new long[120][2]);
                days[d][0] += c.getVehicles();
                days[d][1] += c.getOutcome() == InspectionOutcome.CLEAR ? 0 : c.getVehicles();
            }
        }
        assertThat(perDirection).hasSizeGreaterThanOrEqualTo(8);
        double fridays = 0;
        double tuesdays = 0;
        long fridayCount = FIRST.datesUntil(FIRST.plusDays(120))
                .filter(d -> d.getDayOfWeek() == DayOfWeek.FRIDAY)
                .count();
        long tuesdayCount = FIRST.datesUntil(FIRST.plusDays(120))
                .filter(d -> d.getDayOfWeek() == DayOfWeek.TUESDAY)
                .count();
        for (long[][] days : perDirection.values()) {
            List<Double> logRate = new ArrayList<>();
            List<Double> logVehicles = new ArrayList<>();
            double expectedPoisson = 0;
            for (int d = 0; d < days.length; d++) {
                logVehicles.add(Math.log(days[d][0]));
                if (days[d][1] > 0) {
                    logRate.add(Math.log((double) days[d][1] / days[d][0]));
                    expectedPoisson += 1.0 / days[d][1];
                }
                DayOfWeek dow = FIRST.plusDays(d).getDayOfWeek();
                fridays += dow == DayOfWeek.FRIDAY ? days[d][0] / (double) fridayCount : 0;
                tuesdays += dow == DayOfWeek.TUESDAY ? days[d][0] / (double) tuesdayCount : 0;
            }
            double poissonSd = Math.sqrt(expectedPoisson / logRate.size());
            double sd = sd(logRate);
            // day-to-day log-sd ≈ √(0.35² + Poisson part)
            assertThat(sd)
                    .isBetween(
                            Math.sqrt(0.25 * 0.25 + poissonSd * poissonSd),
                            Math.sqrt(0.45 * 0.45 + poissonSd * poissonSd));
            assertThat(sd(logVehicles)).isBetween(0.08, 0.25);
        }
        // Friday traffic is about 10 % heavier than Tuesday's
        assertThat(fridays / tuesdays).isBetween(1.06, 1.15);
    }

    /**
     * The truth's hitRate and hitSize describe a county's day hits given its vehicles, as the ideal
     * checkpoint detector of {@code evaluate} uses them: mean V × hitRate, variance mean + mean²/hitSize.
     */
    @Test
    void theTruthCarriesEachCountysHitRateAndItsDayToDaySpread() {
        List<County> counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().equals("532530") || c.getCode().equals("532532"))
                .toList();
        int days = 360;
        EventGenerator g = new EventGenerator(
                counties,
                5,
                start(FIRST),
                start(FIRST.plusDays(days)),
                List.of(),
                GeneratorOptions.defaults().withVolume(10));
        Map<String, long[][]> perCounty = new TreeMap<>(); // {vehicles, hits} per day
        for (SimEvent e : g) {
            if (e.record() instanceof CheckpointInspection c) {
                int d = (int) (LocalDate.ofInstant(e.occurredAt(), CHINA).toEpochDay() - FIRST.toEpochDay());
                long[] day = perCounty.computeIfAbsent(e.key(), k -> new long[days][2])[d];
                day[0] += c.getVehicles();
                day[1] += c.getOutcome() == InspectionOutcome.CLEAR ? 0 : c.getVehicles();
            }
        }
        assertThat(perCounty).hasSize(2);
        perCounty.forEach((code, perDay) -> {
            TruthLine.County truthOf = g.truth().county(code).orElseThrow();
            assertThat(truthOf.hitRate()).as(code).isPositive();
            double expected = 0;
            double observed = 0;
            double squares = 0;
            double variance = 0;
            for (long[] day : perDay) {
                double mean = day[0] * truthOf.hitRate();
                expected += mean;
                observed += day[1];
                squares += (day[1] - mean) * (day[1] - mean);
                variance += mean + mean * mean / truthOf.hitSize();
            }
            assertThat(observed / expected)
                    .as(code + " hits against V × hitRate")
                    .isBetween(0.95, 1.05);
            assertThat(squares / variance)
                    .as(code + " spread against the truth's")
                    .isBetween(0.8, 1.25);
            // and far more than Poisson at that mean
            assertThat(squares / expected).as(code).isGreaterThan(1.5);
        });
    }

    private static double sd(List<Double> xs) {
        double mean = xs.stream().mapToDouble(x -> x).average().orElseThrow();
        double v = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (xs.size() - 1);
        return Math.sqrt(v);
    }

    // ------------------------------------------------------------------ wastewater

    @Test
    void mostPlantsSampleWeeklySomeDailyOrMonthly() {
        Truth national = new EventGenerator(
                        CountyReference.bundled(),
                        1,
                        start(FIRST),
                        start(FIRST.plusDays(1)),
                        List.of(),
                        GeneratorOptions.defaults())
                .truth();
        Map<Integer, Integer> byCadence = new TreeMap<>();
        int plants = 0;
        for (TruthLine.County c : national.counties()) {
            for (TruthLine.Plant p : c.plants()) {
                byCadence.merge(p.cadenceDays(), 1, Integer::sum);
                plants++;
                assertThat(p.noiseSigma()).isBetween(BaseRates.MIN_PLANT_SIGMA, BaseRates.MAX_PLANT_SIGMA);
            }
        }
        assertThat(byCadence).containsOnlyKeys(1, 7, 28);
        assertThat(plants).isGreaterThan(300);
        assertThat((double) byCadence.get(1) / plants).isBetween(0.10, 0.20);
        assertThat((double) byCadence.get(7) / plants).isBetween(0.58, 0.72);
        assertThat((double) byCadence.get(28) / plants).isBetween(0.15, 0.25);
    }

    /**
     * A plant's loads are lognormal with its own log-sd (25–40 %); rain days raise the flow and dilute
     * the concentration so that the load stays about the same, only noisier.
     */
    @Test
    void wastewaterIsNoisyAndRainDilutesIt() {
        List<County> counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().equals("530621"))
                .toList();
        EventGenerator g = new EventGenerator(
                counties, 5, start(FIRST), start(FIRST.plusDays(365)), List.of(), GeneratorOptions.defaults());
        Map<String, Double> sigma = new HashMap<>();
        g.truth().counties().get(0).plants().forEach(p -> sigma.put(p.plant(), p.noiseSigma()));
        assertThat(g.truth().counties().get(0).plants())
                .allMatch(p -> p.cadenceDays() == 1); // the target samples daily
        Map<String, List<double[]>> byPlant = new TreeMap<>(); // {flow, log load}
        for (SimEvent e : g) {
            if (e.record() instanceof WastewaterSample w && w.getSubstance() == Substance.METHAMPHETAMINE) {
                byPlant.computeIfAbsent(w.getPlantId(), k -> new ArrayList<>()).add(new double[] {
                    w.getFlowM3PerDay(),
                    Math.log(w.getConcentrationNgL() * w.getFlowM3PerDay() / w.getPopulationServed())
                });
            }
        }
        assertThat(byPlant).hasSize(3);
        for (Map.Entry<String, List<double[]>> plant : byPlant.entrySet()) {
            List<double[]> samples = plant.getValue();
            assertThat(samples).hasSizeBetween(360, 366);
            double medianFlow = samples.stream().mapToDouble(s -> s[0]).sorted().toArray()[samples.size() / 2];
            List<Double> dry = new ArrayList<>();
            List<Double> wet = new ArrayList<>();
            for (double[] s : samples) {
                (s[0] > 1.2 * medianFlow ? wet : dry).add(s[1]);
            }
            double wetShare = (double) wet.size() / samples.size();
            assertThat(wetShare).as("rain days").isBetween(0.1, 0.32);
            double dryMean = dry.stream().mapToDouble(x -> x).average().orElseThrow();
            double wetMean = wet.stream().mapToDouble(x -> x).average().orElseThrow();
            assertThat(wetMean - dryMean).as("the load is kept").isBetween(-0.15, 0.15);
            assertThat(sd(dry)).isBetween(sigma.get(plant.getKey()) - 0.06, sigma.get(plant.getKey()) + 0.06);
            assertThat(sd(wet)).isGreaterThan(sd(dry) - 0.03);
        }
    }
}
