package io.drugwatch.sim;

import static io.drugwatch.sim.BaseRates.ANOMALY_BASELINE_DAYS;
import static io.drugwatch.sim.BaseRates.ANOMALY_SPACING_DAYS;

import io.drugwatch.model.DrugType;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Shape;
import io.drugwatch.sim.truth.TruthLine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the scenarios plant, decided before any event is drawn: the named scenarios at fixed places
 * (see {@link Scenario}), and with {@link Scenario#ANOMALIES} random anomalies in every county,
 * drawn from the seed and the county's code.
 *
 * <p>Random anomalies start no earlier than {@value BaseRates#ANOMALY_BASELINE_DAYS} days into the
 * span (the rules need a baseline), end by its last day, and anomalies that one rule family judges
 * in one county are at least {@value BaseRates#ANOMALY_SPACING_DAYS} days apart (from one's last
 * day to the next one's first). Count rises also keep that distance from wastewater ramps, so
 * that a ramp without enforcement response really has flat enforcement.
 */
final class AnomalyPlan {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private static final double[] RAMP_SUBSTANCE = Rng.cumulative(80, 15, 5, 0); // meth, ketamine, morphine, MDMA
    private static final double[] COUNT_FACTORS = {1.5, 2, 3};
    private static final DrugType[] LARGE_BORDER_DRUGS = {
        DrugType.METH_TABLETS, DrugType.METHAMPHETAMINE, DrugType.HEROIN
    };
    private static final double[] LARGE_BORDER_DRUG = Rng.cumulative(50, 30, 20);
    private static final DrugType[] LARGE_INLAND_DRUGS = {DrugType.METHAMPHETAMINE, DrugType.KETAMINE, DrugType.HEROIN};
    private static final double[] LARGE_INLAND_DRUG = Rng.cumulative(70, 20, 10);

    /** The rule families whose anomalies are kept apart, plus ramps as a blocker of count rises. */
    private enum Family {
        COUNT,
        WASTEWATER,
        CONSUMPTION,
        HIT_RATE,
        LARGE,
        RAMP_BLOCK
    }

    private final SimModel m;
    private final double volume;
    private final long from;
    private final long to;
    private final long offsetMs;
    private final long firstDay;
    private final long lastDay;

    /** Every planted anomaly, by first day then id. */
    final List<Planted> all = new ArrayList<>();
    /** Pre-timed single events (arrest-spike arrests, large seizures), by time. */
    final List<Overlay> overlay = new ArrayList<>();
    /** One summary per enabled scenario, in {@link Scenario} order. */
    final List<PlantedAnomaly> summaries = new ArrayList<>();

    private final List<Map<Family, List<long[]>>> occupied = new ArrayList<>();

    AnomalyPlan(
            SimModel m,
            double volume,
            long from,
            long to,
            long offsetMs,
            Set<Scenario> scenarios,
            double badRecordRate) {
        this.m = m;
        this.volume = volume;
        this.from = from;
        this.to = to;
        this.offsetMs = offsetMs;
        this.firstDay = day(from);
        this.lastDay = day(to - 1);
        for (int c = 0; c < m.n; c++) {
            occupied.add(new EnumMap<>(Family.class));
        }
        List<Planted> named = new ArrayList<>();
        Rng planRng = Rng.derive(m.seed, 2);
        if (scenarios.contains(Scenario.LARGE_SEIZURE)) {
            named.add(largeSeizure());
        }
        if (scenarios.contains(Scenario.ARREST_SPIKE)) {
            named.add(arrestSpike(planRng));
        }
        if (scenarios.contains(Scenario.WASTEWATER_RISE)) {
            named.add(wastewaterRise());
        }
        if (scenarios.contains(Scenario.CHECKPOINT_SURGE)) {
            named.add(checkpointSurge());
        }
        if (scenarios.contains(Scenario.ANOMALIES)) {
            plantRandom();
        }
        if (scenarios.contains(Scenario.BAD_RECORDS)) {
            summaries.add(new PlantedAnomaly(
                    Scenario.BAD_RECORDS,
                    null,
                    null,
                    Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(to),
                    "after each event, with probability " + fmt(100 * badRecordRate, 2)
                            + " %, a poison pill, duplicate, late report or invalid record"));
        }
        summaries.sort(Comparator.comparing(PlantedAnomaly::scenario));
        all.sort(Comparator.comparingLong((Planted p) -> p.first).thenComparing(p -> p.id));
        for (int i = 0; i < all.size(); i++) {
            all.get(i).index = i;
        }
        overlay.sort(Comparator.comparingLong(Overlay::time).thenComparing(o -> o.planted().id));
    }

    /** One pre-timed planted event. */
    record Overlay(long time, Planted planted) {}

    private void addOverlay(long time, Planted p) {
        overlay.add(new Overlay(time, p));
    }

    // ---------------------------------------------------------------- named scenarios

    private Planted largeSeizure() {
        int c = m.borderTarget;
        long mid = from + (to - from) / 4 * 3;
        long candidate = localMidnight(mid) + 14 * HOUR + 30 * MINUTE;
        long at = candidate >= from && candidate < to ? candidate : Math.max(from, mid / MINUTE * MINUTE);
        Planted p = named(
                AnomalyKind.LARGE_SEIZURE,
                Scenario.LARGE_SEIZURE,
                SimEvent.Kind.LARGE_SEIZURE,
                c,
                -1,
                day(at),
                day(at),
                1,
                Shape.STEP,
                day(at),
                TruthLine.ARREST_EVENTS);
        p.at = at;
        p.grams = BaseRates.LARGE_SEIZURE_GRAMS;
        p.drug = DrugType.METHAMPHETAMINE;
        addOverlay(at, p);
        occupy(c, Family.LARGE, p.first, p.last);
        String[] cps = m.countyCheckpoints[c];
        summaries.add(new PlantedAnomaly(
                Scenario.LARGE_SEIZURE,
                m.code[c],
                m.name[c],
                Instant.ofEpochMilli(at),
                Instant.ofEpochMilli(at + 1),
                fmt(p.grams, 0) + " g METHAMPHETAMINE, "
                        + (cps.length > 0 ? "source CHECKPOINT at " + cps[0] : "source INVESTIGATION")));
        return p;
    }

    private Planted arrestSpike(Rng planRng) {
        int c = m.arrestTarget;
        long lastMidnight = localMidnight(to - 1);
        long spikeDay = Math.max(localMidnight(from), lastMidnight - 7 * DAY);
        long spikeFrom = Math.max(from, spikeDay);
        long spikeTo = Math.min(to, spikeDay + DAY);
        long d = day(spikeDay);
        double mean = mean(c, d, Planted.ARRESTS);
        long extra = Math.max(Math.round(4 * mean), 12);
        Planted p = named(
                AnomalyKind.COUNT_RISE,
                Scenario.ARREST_SPIKE,
                SimEvent.Kind.ARREST_SPIKE,
                c,
                Planted.ARRESTS,
                d,
                d,
                round2((mean + extra) / Math.max(mean, 1e-9)),
                Shape.STEP,
                d,
                TruthLine.ARREST_EVENTS);
        p.expectedExtra = extra;
        for (long k = 0; k < extra; k++) {
            addOverlay(spikeFrom + (long) (planRng.nextDouble() * (spikeTo - spikeFrom)), p);
        }
        occupy(c, Family.COUNT, d, d);
        summaries.add(new PlantedAnomaly(
                Scenario.ARREST_SPIKE,
                m.code[c],
                m.name[c],
                Instant.ofEpochMilli(spikeFrom),
                Instant.ofEpochMilli(spikeTo),
                extra + " extra arrests on top of a mean of " + fmt(mean, 2) + " that day"));
        return p;
    }

    private Planted wastewaterRise() {
        int c = m.wastewaterTarget;
        long riseFrom = Math.max(from, to - 7 * DAY);
        long first = day(riseFrom);
        Planted p = named(
                AnomalyKind.WASTEWATER_RAMP,
                Scenario.WASTEWATER_RISE,
                SimEvent.Kind.WASTEWATER_RISE,
                c,
                SimModel.METH,
                first,
                lastDay,
                BaseRates.WASTEWATER_RISE_FACTOR,
                Shape.STEP,
                first,
                SimModel.SUBSTANCES[SimModel.METH].name());
        p.fromMs = riseFrom;
        p.enforcementResponse = false;
        Planted consumption = named(
                AnomalyKind.CONSUMPTION_RISE,
                Scenario.WASTEWATER_RISE,
                SimEvent.Kind.NORMAL,
                c,
                -1,
                first,
                lastDay,
                BaseRates.WASTEWATER_RISE_FACTOR,
                Shape.STEP,
                first,
                TruthLine.CONSUMPTION);
        link(p, consumption);
        occupy(c, Family.WASTEWATER, first, lastDay);
        occupy(c, Family.CONSUMPTION, first, lastDay);
        occupy(c, Family.RAMP_BLOCK, first, lastDay);
        summaries.add(new PlantedAnomaly(
                Scenario.WASTEWATER_RISE,
                m.code[c],
                m.name[c],
                Instant.ofEpochMilli(riseFrom),
                Instant.ofEpochMilli(to),
                "METHAMPHETAMINE concentration x" + fmt(BaseRates.WASTEWATER_RISE_FACTOR, 1)
                        + " at " + m.countyPlants[c].length + " daily-sampled plants; baseline load "
                        + fmt(m.baselineLoad[c][SimModel.METH], 1) + " mg/day/1000"));
        return p;
    }

    private Planted checkpointSurge() {
        int c = m.borderTarget;
        long surgeFrom = Math.max(from, to - 7 * DAY);
        long first = day(surgeFrom);
        double factor = BaseRates.CHECKPOINT_SURGE_FACTOR;
        Planted p = named(
                AnomalyKind.HIT_RATE_SURGE,
                Scenario.CHECKPOINT_SURGE,
                SimEvent.Kind.CHECKPOINT_SURGE,
                c,
                -1,
                first,
                lastDay,
                factor,
                Shape.STEP,
                first,
                TruthLine.CHECKPOINTS);
        p.fromMs = surgeFrom;
        p.expectedExtra = expectedExtraHits(c, first, lastDay, factor);
        occupy(c, Family.HIT_RATE, first, lastDay);
        double hits = 0;
        double vehicles = 0;
        for (int e = 0; e < m.cpCounty.length; e++) {
            if (m.cpCounty[e] == c) {
                hits += m.cpVehiclesPerDay[e] * m.cpHitRate[e];
                vehicles += m.cpVehiclesPerDay[e];
            }
        }
        summaries.add(new PlantedAnomaly(
                Scenario.CHECKPOINT_SURGE,
                m.code[c],
                m.name[c],
                Instant.ofEpochMilli(surgeFrom),
                Instant.ofEpochMilli(to),
                "hit rate x" + fmt(factor, 0) + ": about " + fmt(p.expectedExtra, 0)
                        + " extra hits; baseline " + fmt(hits * volume, 1) + " hits in " + fmt(vehicles * volume, 0)
                        + " vehicles a day (" + fmt(1000 * hits / Math.max(1e-9, vehicles), 2) + " per 1,000)"));
        return p;
    }

    private Planted named(
            AnomalyKind kind,
            Scenario scenario,
            SimEvent.Kind eventKind,
            int c,
            int subject,
            long first,
            long last,
            double factor,
            Shape shape,
            long rampLast,
            String subjectName) {
        Planted p = new Planted(
                id(kind, c, subjectName, first),
                kind,
                scenario,
                eventKind,
                c,
                subject,
                first,
                last,
                factor,
                shape,
                rampLast);
        all.add(p);
        return p;
    }

    // ---------------------------------------------------------------- random anomalies

    private void plantRandom() {
        long start = firstDay + ANOMALY_BASELINE_DAYS;
        int[] counts = new int[6]; // arrest rises, seizure rises, ramps, responses, surges, large
        for (int c = 0; c < m.n && start <= lastDay; c++) {
            Rng r = Rng.derive(m.seed, 0xA0_0000_0000L ^ m.codeKey[c]);
            if (m.countyPlants[c].length > 0) {
                counts[2] += plantRamps(r, c, start, counts);
            }
            if (m.countyCheckpoints[c].length > 0) {
                counts[4] += plantSurges(r, c, start);
            }
            plantCountRises(r, c, start, counts);
            counts[5] += plantLargeSeizures(r, c, start);
        }
        int rises = counts[0] + counts[1];
        summaries.add(new PlantedAnomaly(
                Scenario.ANOMALIES,
                null,
                null,
                Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to),
                rises + " count rises (" + counts[0] + " arrests, " + counts[1]
                        + " seizures), " + counts[2] + " wastewater ramps (" + counts[3]
                        + " with an enforcement response), "
                        + counts[4] + " hit-rate surges, " + counts[5] + " large seizures; dates in the truth file"));
    }

    private int plantRamps(Rng r, int c, long start, int[] counts) {
        int planted = 0;
        long t = start + (long) (r.nextExp() * BaseRates.RAMP_GAP_DAYS);
        while (true) {
            int rampDays = 7 + r.nextInt(15);
            int plateau = 14 + r.nextInt(43);
            double factor = round2(r.uniform(1.5, 3));
            int substance = r.pick(RAMP_SUBSTANCE);
            boolean response = r.chance(BaseRates.ENFORCEMENT_RESPONSE_SHARE);
            long gap = ANOMALY_SPACING_DAYS + (long) (r.nextExp() * BaseRates.RAMP_GAP_DAYS);
            long first = t;
            long rampLast = first + rampDays - 1;
            long last = rampLast + plateau;
            if (last > lastDay) {
                return planted;
            }
            if (free(c, Family.WASTEWATER, first, last) && free(c, Family.CONSUMPTION, first, last)) {
                boolean respond = response && free(c, Family.COUNT, rampLast + 1, last);
                Planted ramp = random(
                        AnomalyKind.WASTEWATER_RAMP,
                        SimEvent.Kind.WASTEWATER_RAMP,
                        c,
                        substance,
                        first,
                        last,
                        factor,
                        Shape.RAMP,
                        rampLast,
                        SimModel.SUBSTANCES[substance].name());
                ramp.enforcementResponse = respond;
                occupy(c, Family.WASTEWATER, first, last);
                occupy(c, Family.RAMP_BLOCK, first, last);
                if (respond) {
                    Planted rise =
                            countRise(c, Planted.ARRESTS, rampLast + 1, last, BaseRates.RESPONSE_FACTOR, Shape.STEP);
                    link(ramp, rise);
                    counts[3]++;
                } else {
                    Planted consumption = random(
                            AnomalyKind.CONSUMPTION_RISE,
                            SimEvent.Kind.NORMAL,
                            c,
                            -1,
                            first,
                            last,
                            factor,
                            Shape.RAMP,
                            rampLast,
                            TruthLine.CONSUMPTION);
                    link(ramp, consumption);
                    occupy(c, Family.CONSUMPTION, first, last);
                }
                planted++;
                t = last + gap;
            } else {
                t += gap;
            }
        }
    }

    private int plantSurges(Rng r, int c, long start) {
        int planted = 0;
        long t = start + (long) (r.nextExp() * BaseRates.SURGE_GAP_DAYS);
        while (true) {
            int days = 7 + r.nextInt(15);
            double factor = round2(r.uniform(2, 4));
            long gap = ANOMALY_SPACING_DAYS + (long) (r.nextExp() * BaseRates.SURGE_GAP_DAYS);
            long first = t;
            long last = first + days - 1;
            if (last > lastDay) {
                return planted;
            }
            if (free(c, Family.HIT_RATE, first, last)) {
                Planted p = random(
                        AnomalyKind.HIT_RATE_SURGE,
                        SimEvent.Kind.HIT_RATE_SURGE,
                        c,
                        -1,
                        first,
                        last,
                        factor,
                        Shape.STEP,
                        first,
                        TruthLine.CHECKPOINTS);
                p.expectedExtra = expectedExtraHits(c, first, last, factor);
                occupy(c, Family.HIT_RATE, first, last);
                planted++;
                t = last + gap;
            } else {
                t += gap;
            }
        }
    }

    private void plantCountRises(Rng r, int c, long start, int[] counts) {
        long t = start + (long) (r.nextExp() * BaseRates.COUNT_RISE_GAP_DAYS);
        while (true) {
            int days = 3 + r.nextInt(19);
            double factor = COUNT_FACTORS[r.nextInt(COUNT_FACTORS.length)];
            Shape shape = r.chance(0.5) ? Shape.STEP : Shape.RAMP;
            int subject = r.chance(BaseRates.SEIZURE_RISE_SHARE) ? Planted.SEIZURES : Planted.ARRESTS;
            long gap = ANOMALY_SPACING_DAYS + (long) (r.nextExp() * BaseRates.COUNT_RISE_GAP_DAYS);
            long first = t;
            long last = first + days - 1;
            if (last > lastDay) {
                return;
            }
            if (free(c, Family.COUNT, first, last) && free(c, Family.RAMP_BLOCK, first, last)) {
                countRise(c, subject, first, last, factor, shape);
                counts[subject == Planted.ARRESTS ? 0 : 1]++;
                t = last + gap;
            } else {
                t += gap;
            }
        }
    }

    private Planted countRise(int c, int subject, long first, long last, double factor, Shape shape) {
        String subjectName = subject == Planted.ARRESTS ? TruthLine.ARREST_EVENTS : TruthLine.SEIZURE_EVENTS;
        Planted p = random(
                AnomalyKind.COUNT_RISE,
                SimEvent.Kind.COUNT_RISE,
                c,
                subject,
                first,
                last,
                factor,
                shape,
                first,
                subjectName);
        double extra = 0;
        for (long d = first; d <= last; d++) {
            extra += mean(c, d, subject) * (p.multiplier(d) - 1);
        }
        p.expectedExtra = extra;
        occupy(c, Family.COUNT, first, last);
        return p;
    }

    private int plantLargeSeizures(Rng r, int c, long start) {
        int planted = 0;
        double perYear =
                m.border[c] ? BaseRates.BORDER_LARGE_SEIZURES_PER_YEAR : BaseRates.INLAND_LARGE_SEIZURES_PER_YEAR;
        double meanGap = 365.25 / perYear;
        long t = start + (long) (r.nextExp() * meanGap);
        while (true) {
            long minute = 8 * 60 + r.nextInt(12 * 60);
            double grams = Math.min(
                    BaseRates.MAX_LARGE_SEIZURE_GRAMS, Math.round(10_000 * (1 + r.nextExp() * 0.8) * 100) / 100.0);
            DrugType drug = m.border[c]
                    ? LARGE_BORDER_DRUGS[r.pick(LARGE_BORDER_DRUG)]
                    : LARGE_INLAND_DRUGS[r.pick(LARGE_INLAND_DRUG)];
            long gap = ANOMALY_SPACING_DAYS + (long) (r.nextExp() * meanGap);
            long at = dayStart(t) + minute * MINUTE;
            if (t > lastDay || at >= to) {
                return planted;
            }
            if (free(c, Family.LARGE, t, t)) {
                Planted p = random(
                        AnomalyKind.LARGE_SEIZURE,
                        SimEvent.Kind.LARGE_SEIZURE,
                        c,
                        -1,
                        t,
                        t,
                        1,
                        Shape.STEP,
                        t,
                        TruthLine.SEIZURE_EVENTS);
                p.at = at;
                p.grams = grams;
                p.drug = drug;
                addOverlay(at, p);
                occupy(c, Family.LARGE, t, t);
                planted++;
            }
            t += gap;
        }
    }

    private Planted random(
            AnomalyKind kind,
            SimEvent.Kind eventKind,
            int c,
            int subject,
            long first,
            long last,
            double factor,
            Shape shape,
            long rampLast,
            String subjectName) {
        Planted p = new Planted(
                id(kind, c, subjectName, first),
                kind,
                Scenario.ANOMALIES,
                eventKind,
                c,
                subject,
                first,
                last,
                factor,
                shape,
                rampLast);
        all.add(p);
        return p;
    }

    // ---------------------------------------------------------------- helpers

    private static void link(Planted a, Planted b) {
        a.related = b.id;
        b.related = a.id;
    }

    private boolean free(int c, Family f, long first, long last) {
        List<long[]> taken = occupied.get(c).get(f);
        if (taken == null) {
            return true;
        }
        for (long[] w : taken) {
            if (!(first >= w[1] + ANOMALY_SPACING_DAYS || last + ANOMALY_SPACING_DAYS <= w[0])) {
                return false;
            }
        }
        return true;
    }

    private void occupy(int c, Family f, long first, long last) {
        occupied.get(c).computeIfAbsent(f, k -> new ArrayList<>()).add(new long[] {first, last});
    }

    /** The true mean of a county's arrests or seizures on a day (the series value). */
    private double mean(int c, long day, int subject) {
        SimCalendar.Campaign campaign = m.calendar.campaignOn(day);
        double national = m.calendar.national(day) * volume;
        return m.countyMean(c, day, national, campaign, subject == Planted.ARRESTS);
    }

    /** Expected extra hits of a hit-rate surge: (factor − 1) × the county's expected hits on each day. */
    private double expectedExtraHits(int c, long first, long last, double factor) {
        double perDay = 0;
        for (int e = 0; e < m.cpCounty.length; e++) {
            if (m.cpCounty[e] == c) {
                perDay += m.cpVehiclesPerDay[e] * m.cpHitRate[e];
            }
        }
        double extra = 0;
        for (long d = first; d <= last; d++) {
            extra += (factor - 1) * volume * perDay * SimCalendar.trafficWeekday(d);
        }
        return extra;
    }

    private String id(AnomalyKind kind, int c, String subject, long first) {
        String date = LocalDate.ofEpochDay(first).format(ID_DATE);
        return kind == AnomalyKind.COUNT_RISE
                ? kind + "-" + m.code[c] + "-" + subject + "-" + date
                : kind + "-" + m.code[c] + "-" + date;
    }

    private long day(long t) {
        return Math.floorDiv(t + offsetMs, DAY);
    }

    private long dayStart(long day) {
        return day * DAY - offsetMs;
    }

    private long localMidnight(long t) {
        return Math.floorDiv(t + offsetMs, DAY) * DAY - offsetMs;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
