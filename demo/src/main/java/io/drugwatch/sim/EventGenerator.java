package io.drugwatch.sim;

import static io.drugwatch.sim.BaseRates.BORDER_SEIZURE_MEDIAN_G;
import static io.drugwatch.sim.BaseRates.BORDER_SEIZURE_SIGMA;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURE_MEDIAN_G;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURE_SIGMA;
import static io.drugwatch.sim.BaseRates.MAX_NORMAL_SEIZURE_GRAMS;

import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import io.drugwatch.sim.truth.TruthWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Deterministic generator of drug-control events over a span of event time, for demos, tests,
 * benchmarks and the evaluation of alert rules. Plain Java: no Kafka types.
 *
 * <p>It works one local day at a time. For every county it draws the day's arrests and seizures
 * from a negative binomial (a gamma-distributed intensity around the county's true mean for the
 * day, then Poisson), whose mean carries the weekday, the season, the Spring Festival, the county's
 * drift and the nationwide campaigns ({@link SimCalendar}); for every checkpoint direction the day's
 * traffic and hit rate; for every plant due that day its composite samples, diluted on rain days.
 * Events are placed in the day by a diurnal profile (local time) and sorted in O(events); anomalies
 * multiply a day's intensities or add pre-timed events. A day costs O(counties + checkpoints +
 * plants) plus O(1) per event. Rates are in {@link BaseRates}; what each county's true mean is, and
 * what was planted, is in the truth ({@link #writeTruth}, docs/evaluation.md).
 *
 * <p>A day's counts are drawn from a stream of their own (seed, day), so any span over that day,
 * with any scenarios, draws the same normal counts: a live generator started where a history ended
 * continues it, and planting anomalies leaves normal traffic as it was.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The same counties, seed, span, scenarios and options give the same events, in the same
 *       order, on every run and every call to {@link #iterator()}.</li>
 *   <li>Events come in non-decreasing occurredAt order, except {@link SimEvent.Kind#LATE} events and
 *       {@link SimEvent.Kind#DUPLICATE}s (a re-send of one of the last 64 normal events).
 *       {@link SimEvent#timestamp()} is non-decreasing for all events.</li>
 *   <li>occurredAt of every event lies in [from, to).</li>
 *   <li>eventIds are {@code sim-<seed>-<n>} with n counting from 0 in emission order: unique except
 *       for DUPLICATEs, and stable for a seed.</li>
 *   <li>Counties whose code is not six digits, and repeated codes, are left out, so every non-INVALID
 *       record has a six-digit county code equal to its key.</li>
 *   <li>No normal seizure reaches 10 kg ({@link BaseRates#MAX_NORMAL_SEIZURE_GRAMS}): every seizure of
 *       10 kg or more is a planted {@link SimEvent.Kind#LARGE_SEIZURE}.</li>
 * </ul>
 * Named scenarios' targets are fixed by the county list alone (see {@link Scenario}); each county's
 * set-up (rates, dispersion, drift, checkpoints, plants) is drawn from the seed and its code, the
 * same whichever scenarios are on and whichever other counties are in the list.
 */
public final class EventGenerator implements Iterable<SimEvent> {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final int DUPLICATE_WINDOW = 64;

    // ---- categorical distributions ----
    private static final Offense[] OFFENSES = {
        Offense.USE,
        Offense.POSSESSION,
        Offense.TRAFFICKING,
        Offense.MANUFACTURING,
        Offense.PRECURSOR_DIVERSION,
        Offense.CULTIVATION,
        Offense.OTHER
    };
    private static final double[] INLAND_OFFENSE = Rng.cumulative(68, 14, 12, 0.5, 0.5, 1, 4);
    private static final double[] BORDER_OFFENSE = Rng.cumulative(45, 12, 35, 0.5, 2, 2.5, 3);
    private static final double[] USE_SUSPECTS = Rng.cumulative(90, 8, 2);
    private static final double[] POSSESSION_SUSPECTS = Rng.cumulative(85, 12, 3);
    /** Suspects per arrest are at most this (groups of 1–6). */
    static final int MAX_SUSPECTS = 6;

    private static final DrugType[] DRUGS = {
        DrugType.METHAMPHETAMINE,
        DrugType.METH_TABLETS,
        DrugType.HEROIN,
        DrugType.KETAMINE,
        DrugType.CANNABIS,
        DrugType.MDMA,
        DrugType.NPS,
        DrugType.OPIUM,
        DrugType.COCAINE,
        DrugType.PRECURSOR,
        DrugType.OTHER
    };
    private static final double[] INLAND_ARREST_DRUG = Rng.cumulative(58, 12, 12, 9, 3, 2, 2, 0.5, 0.5, 0, 1);
    private static final double[] BORDER_ARREST_DRUG = Rng.cumulative(22, 38, 28, 3, 2, 0.5, 0.5, 5, 0, 0, 1);
    private static final double[] INLAND_SEIZURE_DRUG = Rng.cumulative(55, 14, 10, 10, 4, 2, 3, 0.5, 0.5, 0.5, 0.5);
    private static final double[] BORDER_SEIZURE_DRUG = Rng.cumulative(20, 44, 25, 2, 2, 0.5, 0.5, 4, 0, 1.5, 0.5);

    private static final SeizureSource[] SEIZURE_SOURCES = {
        SeizureSource.CHECKPOINT,
        SeizureSource.INVESTIGATION,
        SeizureSource.PATROL,
        SeizureSource.POSTAL,
        SeizureSource.OTHER
    };
    private static final double[] INLAND_SOURCE = Rng.cumulative(5, 55, 25, 10, 5);
    private static final double[] BORDER_SOURCE = Rng.cumulative(45, 35, 14, 5, 1);

    private static final InspectionOutcome[] HIT_OUTCOMES = {
        InspectionOutcome.DRUGS_FOUND,
        InspectionOutcome.USER_DETECTED,
        InspectionOutcome.WANTED_PERSON,
        InspectionOutcome.PRECURSOR_FOUND
    };
    private static final double[] HIT_OUTCOME = Rng.cumulative(45, 30, 20, 5);

    private static final double[] LOQ_NG_L = {1, 2, 2, 1};

    /** Diurnal profiles by local hour 0..23, normalised to mean 1 at class init. */
    private static final double[] ARREST_PROFILE = normalise(
            0.9, 0.7, 0.5, 0.4, 0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 1.1, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7,
            1.7, 1.5, 1.2);

    private static final double[] SEIZURE_PROFILE = normalise(
            0.5, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.4, 1.5, 1.5, 1.3, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0,
            0.9, 0.8, 0.6);
    private static final double[] TRAFFIC_PROFILE = normalise(
            0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.8, 1.3, 1.6, 1.7, 1.6, 1.5, 1.4, 1.5, 1.6, 1.7, 1.7, 1.6, 1.4, 1.1, 0.9,
            0.7, 0.5, 0.4);
    private static final double[] LATE_INPUT = Rng.cumulative(50, 30, 20);

    // day-buffer event types
    private static final byte ARREST = 0;
    private static final byte SEIZURE = 1;
    private static final byte BATCH = 2;
    private static final byte HIT = 3;
    private static final byte SAMPLE = 4;
    private static final byte ARREST_EXTRA = 5;
    private static final byte SEIZURE_EXTRA = 6;
    private static final byte HIT_EXTRA = 7;
    private static final byte OVERLAY = 8;

    // per-day random streams
    private static final int ARREST_COUNTS = 1;
    private static final int SEIZURE_COUNTS = 2;
    private static final int CHECKPOINT_COUNTS = 3;
    private static final int WASTEWATER_DRAWS = 4;
    private static final int ANOMALY_COUNTS = 5;

    private final long seed;
    private final long from;
    private final long to;
    private final Set<Scenario> scenarios;
    private final GeneratorOptions options;
    private final long offsetMs;
    private final double volume;
    private final long firstDay;
    private final long lastDay;
    private final List<County> counties;
    private final SimModel m;
    private final AnomalyPlan plan;
    /** eventIds of planted large seizures, by planted id, filled in as they are emitted. */
    private final Map<String, String> largeSeizureIds = new ConcurrentHashMap<>();

    /** Default options (volume 1, China time). */
    public EventGenerator(List<County> counties, long seed, Instant from, Instant to, Scenario... scenarios) {
        this(counties, seed, from, to, Arrays.asList(scenarios), GeneratorOptions.defaults());
    }

    /**
     * @param counties reference data; codes that are not six digits and repeated codes are ignored
     * @param seed the seed: with the same other arguments, the same seed gives the same events
     * @param from start of event time (inclusive)
     * @param to end of event time (exclusive)
     * @param scenarios what to plant (may be empty)
     * @param options volume and other knobs
     */
    public EventGenerator(
            List<County> counties,
            long seed,
            Instant from,
            Instant to,
            Collection<Scenario> scenarios,
            GeneratorOptions options) {
        Objects.requireNonNull(counties, "counties");
        this.seed = seed;
        this.from = from.toEpochMilli();
        this.to = to.toEpochMilli();
        if (this.from >= this.to) {
            throw new IllegalArgumentException("empty span [" + from + ", " + to + ")");
        }
        this.scenarios = scenarios.isEmpty() ? EnumSet.noneOf(Scenario.class) : EnumSet.copyOf(scenarios);
        this.options = Objects.requireNonNull(options, "options");
        this.offsetMs = options.zone().getRules().getOffset(from).getTotalSeconds() * 1000L;
        this.firstDay = Math.floorDiv(this.from + offsetMs, DAY);
        this.lastDay = Math.floorDiv(this.to - 1 + offsetMs, DAY);

        List<County> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (County c : counties) {
            String k = c.getCode();
            if (k != null && isSixDigits(k) && seen.add(k)) {
                kept.add(c);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no county with a six-digit code");
        }
        this.counties = List.copyOf(kept);
        this.m = new SimModel(kept, seed, options);
        double poissonPerDay = m.arrestTotal + m.seizureTotal + m.checkpointRecordsTotal;
        if (options.targetEventsPerDay() > 0 && poissonPerDay > 0) {
            volume = Math.max(1e-6, (options.targetEventsPerDay() - m.wastewaterPerDay) / poissonPerDay);
        } else {
            volume = options.volume();
        }
        this.plan = new AnomalyPlan(m, volume, this.from, this.to, offsetMs, this.scenarios, options.badRecordRate());
    }

    // ---------------------------------------------------------------- public API

    /** A fresh, deterministic pass over the events. */
    @Override
    public Iterator<SimEvent> iterator() {
        return new Run();
    }

    public Stream<SimEvent> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** One summary per enabled scenario, in {@link Scenario} order (the details of ANOMALIES are in the truth). */
    public List<PlantedAnomaly> planted() {
        return Collections.unmodifiableList(plan.summaries);
    }

    /** One line per planted anomaly, for the CLI; "nothing planted" without scenarios. */
    public String describe() {
        if (plan.summaries.isEmpty()) {
            return "nothing planted";
        }
        StringBuilder b = new StringBuilder();
        for (PlantedAnomaly p : plan.summaries) {
            b.append(p.describe()).append('\n');
        }
        return b.toString();
    }

    /** The volume multiplier in effect (from the options, or derived from the target events per day). */
    public double volume() {
        return volume;
    }

    /**
     * Expected events per simulated day at the effective volume, excluding planted and bad records,
     * from the base rates (the calendar averages about 1 over a year).
     */
    public double expectedEventsPerDay() {
        return volume * (m.arrestTotal + m.seizureTotal + m.checkpointRecordsTotal) + m.wastewaterPerDay;
    }

    /** Number of counties used (after dropping bad and repeated codes). */
    public int countyCount() {
        return m.n;
    }

    /** The counties used, in order (after dropping bad and repeated codes). */
    public List<County> counties() {
        return counties;
    }

    public long seed() {
        return seed;
    }

    public Instant from() {
        return Instant.ofEpochMilli(from);
    }

    public Instant to() {
        return Instant.ofEpochMilli(to);
    }

    /** The options this generator was made with. */
    public GeneratorOptions options() {
        return options;
    }

    public Set<Scenario> scenarios() {
        return Collections.unmodifiableSet(scenarios);
    }

    /** Local date of {@link #from()}. */
    public LocalDate firstDay() {
        return LocalDate.ofEpochDay(firstDay);
    }

    /** Local date of the last instant before {@link #to()}. */
    public LocalDate lastDay() {
        return LocalDate.ofEpochDay(lastDay);
    }

    // ---------------------------------------------------------------- truth

    /**
     * Writes the truth of this span (docs/evaluation.md): generator, campaigns, counties, the true
     * daily means of arrests and seizures, and every planted anomaly. Write it after a full pass over
     * the events: a planted large seizure's subject is its eventId, known once it was emitted (null
     * before). Streams the series, so a national file needs no more memory than a county's days.
     */
    public void writeTruth(TruthWriter out) throws IOException {
        truthLines(out::write);
    }

    /** The truth in memory; see {@link #writeTruth}. */
    public Truth truth() {
        List<TruthLine.Generator> g = new ArrayList<>();
        List<TruthLine.Campaign> campaigns = new ArrayList<>();
        List<TruthLine.County> countyLines = new ArrayList<>();
        List<TruthLine.Series> series = new ArrayList<>();
        List<TruthLine.Anomaly> anomalies = new ArrayList<>();
        try {
            truthLines(line -> {
                if (line instanceof TruthLine.Generator x) {
                    g.add(x);
                } else if (line instanceof TruthLine.Campaign x) {
                    campaigns.add(x);
                } else if (line instanceof TruthLine.County x) {
                    countyLines.add(x);
                } else if (line instanceof TruthLine.Series x) {
                    series.add(x);
                } else {
                    anomalies.add((TruthLine.Anomaly) line);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Truth(g.get(0), campaigns, countyLines, series, anomalies);
    }

    private interface LineSink {
        void accept(TruthLine line) throws IOException;
    }

    private void truthLines(LineSink out) throws IOException {
        List<String> names = new ArrayList<>();
        scenarios.forEach(s -> names.add(s.name()));
        out.accept(new TruthLine.Generator(
                TruthLine.VERSION,
                seed,
                from(),
                to(),
                firstDay(),
                lastDay(),
                options.zone().getId(),
                volume,
                m.n,
                names));
        for (SimCalendar.Campaign c : m.calendar.campaignsBetween(firstDay, lastDay)) {
            out.accept(new TruthLine.Campaign(
                    c.name(), LocalDate.ofEpochDay(c.first()), LocalDate.ofEpochDay(c.last()), c.uplift()));
        }
        double[] cpVehicles = new double[m.n];
        double[] cpHits = new double[m.n];
        double[] cpHitsSquared = new double[m.n];
        for (int e = 0; e < m.cpCounty.length; e++) {
            double hits = m.cpVehiclesPerDay[e] * m.cpHitRate[e];
            cpVehicles[m.cpCounty[e]] += m.cpVehiclesPerDay[e];
            cpHits[m.cpCounty[e]] += hits;
            cpHitsSquared[m.cpCounty[e]] += hits * hits;
        }
        // each direction's day hit rate is × an independent lognormal, so a county's day hits are
        // overdispersed by Σ(its share of the hits)² · (e^σ² − 1)
        double dayExcess = Math.expm1(BaseRates.HIT_RATE_DAY_SIGMA * BaseRates.HIT_RATE_DAY_SIGMA);
        // hits are drawn per median vehicle, but the vehicles inspected average e^(σ²/2) × the median
        double perInspected = Math.exp(-0.5 * BaseRates.BATCH_SIGMA * BaseRates.BATCH_SIGMA);
        for (int c = 0; c < m.n; c++) {
            List<TruthLine.Plant> plants = new ArrayList<>();
            for (int p : m.countyPlants[c]) {
                plants.add(new TruthLine.Plant(m.plantId[p], m.plantCadence[p], m.plantPopulation[p], m.plantSigma[p]));
            }
            out.accept(new TruthLine.County(
                    m.code[c],
                    m.border[c],
                    significant(m.arrestBase[c] * volume),
                    m.size[c],
                    m.countyCheckpoints[c].length,
                    plants,
                    significant(m.seizureBase[c] * volume),
                    m.trend[c],
                    cpVehicles[c] == 0 ? 0 : significant(cpHits[c] / cpVehicles[c] * perInspected),
                    cpHits[c] == 0 ? 0 : significant(cpHits[c] * cpHits[c] / (cpHitsSquared[c] * dayExcess))));
        }
        int days = (int) (lastDay - firstDay + 1);
        double[] national = new double[days];
        SimCalendar.Campaign[] campaign = new SimCalendar.Campaign[days];
        for (int i = 0; i < days; i++) {
            national[i] = m.calendar.national(firstDay + i) * volume;
            campaign[i] = m.calendar.campaignOn(firstDay + i);
        }
        // the part of the first and last day inside [from, to), by each input's diurnal profile
        double arrestHead = dayShare(ARREST_PROFILE, firstDay, from, to);
        double arrestTail = dayShare(ARREST_PROFILE, lastDay, from, to);
        double seizureHead = dayShare(SEIZURE_PROFILE, firstDay, from, to);
        double seizureTail = dayShare(SEIZURE_PROFILE, lastDay, from, to);
        LocalDate first = firstDay();
        for (int c = 0; c < m.n; c++) {
            for (int subject = 0; subject < 2; subject++) {
                boolean arrests = subject == 0;
                double[] mean = new double[days];
                for (int i = 0; i < days; i++) {
                    double mu = m.countyMean(c, firstDay + i, national[i], campaign[i], arrests);
                    if (i == 0) {
                        mu *= arrests ? arrestHead : seizureHead;
                    }
                    if (i == days - 1) {
                        mu *= arrests ? arrestTail : seizureTail;
                    }
                    mean[i] = significant(mu);
                }
                out.accept(new TruthLine.Series(
                        m.code[c],
                        arrests ? TruthLine.ARREST_EVENTS : TruthLine.SEIZURE_EVENTS,
                        m.size[c],
                        first,
                        mean));
            }
        }
        for (Planted p : plan.all) {
            out.accept(anomalyLine(p));
        }
    }

    private TruthLine.Anomaly anomalyLine(Planted p) {
        String subject = switch (p.kind) {
            case COUNT_RISE -> p.subject == Planted.ARRESTS ? TruthLine.ARREST_EVENTS : TruthLine.SEIZURE_EVENTS;
            case WASTEWATER_RAMP -> SimModel.SUBSTANCES[p.subject].name();
            case CONSUMPTION_RISE -> TruthLine.CONSUMPTION;
            case HIT_RATE_SURGE -> TruthLine.CHECKPOINTS;
            case LARGE_SEIZURE -> largeSeizureIds.get(p.id);
        };
        boolean wastewater = p.kind == AnomalyKind.WASTEWATER_RAMP || p.kind == AnomalyKind.CONSUMPTION_RISE;
        boolean large = p.kind == AnomalyKind.LARGE_SEIZURE;
        return new TruthLine.Anomaly(
                p.id,
                p.kind,
                p.kind.rule(),
                m.code[p.county],
                subject,
                LocalDate.ofEpochDay(p.first),
                LocalDate.ofEpochDay(p.last),
                p.factor,
                p.shape,
                wastewater ? LocalDate.ofEpochDay(p.rampLast) : null,
                p.kind == AnomalyKind.WASTEWATER_RAMP ? p.enforcementResponse : null,
                p.related,
                large ? p.grams : null,
                large ? p.drug.name() : null,
                large ? Instant.ofEpochMilli(p.at) : null,
                Double.isNaN(p.expectedExtra) ? null : significant(p.expectedExtra),
                p.scenario.name());
    }

    /** Share of a local day's diurnal mass that lies in [lo, hi). */
    private double dayShare(double[] profile, long day, long lo, long hi) {
        long start = day * DAY - offsetMs;
        double inside = 0;
        for (int h = 0; h < 24; h++) {
            long a = Math.max(lo, start + h * HOUR);
            long b = Math.min(hi, start + (h + 1) * HOUR);
            if (b > a) {
                inside += profile[h] * (b - a) / (double) HOUR;
            }
        }
        return inside / 24;
    }

    private static final double[] POWERS_OF_TEN = {
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    /** Rounded to 4 significant digits (the nearest double to the 4-digit decimal, so it prints short). */
    static double significant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        int decimals = 3 - (int) Math.floor(Math.log10(Math.abs(v)));
        if (decimals >= 0 && decimals < POWERS_OF_TEN.length) {
            // an integer below 2^53 over an exact power of ten: one correctly rounded division
            double scale = POWERS_OF_TEN[decimals];
            return Math.round(v * scale) / scale;
        }
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isSixDigits(String s) {
        if (s.length() != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static double[] normalise(double... profile) {
        double mean = SimModel.sum(profile) / profile.length;
        double[] p = new double[profile.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = profile[i] / mean;
        }
        return p;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    // ---------------------------------------------------------------- one pass

    private final class Run implements Iterator<SimEvent> {
        private final String idPrefix = "sim-" + seed + "-";
        private long counter;
        private final AliasTable arrestHours = new AliasTable(ARREST_PROFILE);
        private final AliasTable seizureHours = new AliasTable(SEIZURE_PROFILE);
        private final AliasTable trafficHours = new AliasTable(TRAFFIC_PROFILE);
        // attribute streams: normal events of each input draw from their own, planted events from theirs
        private final Rng arrestRng = Rng.derive(seed, 3);
        private final Rng seizureRng = Rng.derive(seed, 4);
        private final Rng checkpointRng = Rng.derive(seed, 5);
        private final Rng plantedRng = Rng.derive(seed, 7);
        // bad records
        private final AliasTable arrestTable = new AliasTable(m.arrestBase);
        private final AliasTable seizureTable = new AliasTable(m.seizureBase);
        private final AliasTable checkpointTable;
        private final boolean bad = scenarios.contains(Scenario.BAD_RECORDS) && options.badRecordRate() > 0;
        private final double badRate = options.badRecordRate();
        private final Rng badRng = Rng.derive(seed, 9);
        private final SimEvent[] recent = new SimEvent[DUPLICATE_WINDOW];
        private int recentCount;
        private int recentNext;
        private SimEvent pendingBad;
        private long now = Long.MIN_VALUE;

        // the day being emitted
        private final DayBuffer buffer = new DayBuffer();
        private long day = firstDay;
        private long dayStart;
        private int pos;
        private final double[] arrestMean = new double[m.n];
        private final double[] seizureMean = new double[m.n];
        private final Planted[] arrestRise = new Planted[m.n];
        private final Planted[] seizureRise = new Planted[m.n];
        private final Planted[] hitSurge = new Planted[m.n];
        private final Planted[] ramp = new Planted[m.n * SimModel.SUBSTANCES.length];
        private final double[] batchVehicles = new double[m.cpCounty.length];
        private final List<WastewaterSample> samples = new ArrayList<>();
        private final List<SimEvent.Kind> sampleKinds = new ArrayList<>();
        private final List<Planted> active = new ArrayList<>();
        private final List<Planted> multipliers = new ArrayList<>();
        private int nextPlanted;
        private int nextOverlay;

        Run() {
            double[] records = new double[m.cpCounty.length];
            for (int e = 0; e < records.length; e++) {
                records[e] = m.cpBatchesPerDay[e] + m.cpVehiclesPerDay[e] * m.cpHitRate[e];
            }
            checkpointTable = new AliasTable(records);
            for (Planted p : plan.all) {
                if (p.isMultiplier()) {
                    multipliers.add(p);
                }
            }
            fill();
        }

        @Override
        public boolean hasNext() {
            return pendingBad != null || pos < buffer.size();
        }

        @Override
        public SimEvent next() {
            if (pendingBad != null) {
                SimEvent e = pendingBad;
                pendingBad = null;
                return e;
            }
            if (pos >= buffer.size()) {
                throw new NoSuchElementException();
            }
            long t = dayStart + buffer.msOfDay(pos);
            int slot = buffer.slot(pos);
            pos++;
            now = t;
            SimEvent e = build(slot, t, nextId());
            if (pos >= buffer.size()) {
                fill();
            }
            if (e.kind() == SimEvent.Kind.NORMAL) {
                recent[recentNext] = e;
                recentNext = (recentNext + 1) % DUPLICATE_WINDOW;
                recentCount = Math.min(recentCount + 1, DUPLICATE_WINDOW);
            }
            if (bad && badRng.nextDouble() < badRate) {
                pendingBad = badRecord();
            }
            return e;
        }

        private String nextId() {
            return idPrefix + counter++;
        }

        // ---- one day ----

        /** Fills the buffer with the next day that has events, or leaves it empty at the end. */
        private void fill() {
            buffer.clear();
            pos = 0;
            while (buffer.size() == 0 && day <= lastDay) {
                fillDay(day);
                day++;
            }
        }

        private void fillDay(long d) {
            dayStart = d * DAY - offsetMs;
            samples.clear();
            sampleKinds.clear();
            activate(d);
            m.means(d, volume, arrestMean, seizureMean);
            Rng extra = Rng.derive(seed, (d << 4) | ANOMALY_COUNTS);

            Rng r = Rng.derive(seed, (d << 4) | ARREST_COUNTS);
            for (int c = 0; c < m.n; c++) {
                double lambda = r.gammaIntensity(arrestMean[c], m.size[c]);
                place(r, r.poisson(lambda), ARREST, c, -1, arrestHours, Long.MIN_VALUE);
                Planted p = arrestRise[c];
                if (p != null) {
                    place(
                            extra,
                            extra.poisson(lambda * (p.multiplier(d) - 1)),
                            ARREST_EXTRA,
                            c,
                            p.index,
                            arrestHours,
                            p.fromMs);
                }
            }
            r = Rng.derive(seed, (d << 4) | SEIZURE_COUNTS);
            for (int c = 0; c < m.n; c++) {
                double lambda = r.gammaIntensity(seizureMean[c], m.size[c]);
                place(r, r.poisson(lambda), SEIZURE, c, -1, seizureHours, Long.MIN_VALUE);
                Planted p = seizureRise[c];
                if (p != null) {
                    place(
                            extra,
                            extra.poisson(lambda * (p.multiplier(d) - 1)),
                            SEIZURE_EXTRA,
                            c,
                            p.index,
                            seizureHours,
                            p.fromMs);
                }
            }
            r = Rng.derive(seed, (d << 4) | CHECKPOINT_COUNTS);
            double weekday = SimCalendar.trafficWeekday(d);
            for (int e = 0; e < m.cpCounty.length; e++) {
                double traffic = weekday * r.noise(BaseRates.TRAFFIC_DAY_SIGMA);
                double hitRate = m.cpHitRate[e] * r.noise(BaseRates.HIT_RATE_DAY_SIGMA);
                double hitsMean = volume * m.cpVehiclesPerDay[e] * traffic * hitRate;
                batchVehicles[e] = m.cpVehiclesPerDay[e] / m.cpBatchesPerDay[e] * traffic;
                place(r, r.poisson(volume * m.cpBatchesPerDay[e]), BATCH, e, -1, trafficHours, Long.MIN_VALUE);
                place(r, r.poisson(hitsMean), HIT, e, -1, trafficHours, Long.MIN_VALUE);
                Planted p = hitSurge[m.cpCounty[e]];
                if (p != null) {
                    place(
                            extra,
                            extra.poisson(hitsMean * (p.multiplier(d) - 1)),
                            HIT_EXTRA,
                            e,
                            p.index,
                            trafficHours,
                            p.fromMs);
                }
            }
            r = Rng.derive(seed, (d << 4) | WASTEWATER_DRAWS);
            double rainShare = BaseRates.RAIN_DAY_SHARE
                    + BaseRates.RAIN_SEASON_AMPLITUDE
                            * StrictMath.cos(
                                    2 * Math.PI * (LocalDate.ofEpochDay(d).getDayOfYear() - 196) / 365.25);
            for (int c = 0; c < m.n; c++) {
                int[] plants = m.countyPlants[c];
                if (plants.length == 0) {
                    continue;
                }
                boolean rain = r.chance(rainShare);
                double dilution = rain ? 1 + Math.min(2, 0.25 + 0.5 * r.nextExp()) : 1;
                for (int p : plants) {
                    if (m.sampledOn(p, d)) {
                        sample(r, c, p, d, rain, dilution);
                    }
                }
            }
            while (nextOverlay < plan.overlay.size()
                    && plan.overlay.get(nextOverlay).time() < dayStart + DAY) {
                AnomalyPlan.Overlay o = plan.overlay.get(nextOverlay);
                if (o.time() >= from && o.time() < to && o.time() >= dayStart) {
                    buffer.add(o.time() - dayStart, OVERLAY, nextOverlay, o.planted().index);
                }
                nextOverlay++;
            }
            buffer.sort();
        }

        /** Places k events of a type in the day by a diurnal profile; those outside [from, to) are dropped. */
        private void place(Rng r, long k, byte type, int who, int tag, AliasTable hours, long notBefore) {
            for (long i = 0; i < k; i++) {
                long ms = hours.sample(r) * (long) HOUR + (long) (r.nextDouble() * HOUR);
                long t = dayStart + ms;
                if (t >= from && t < to && t >= notBefore) {
                    buffer.add(ms, type, who, tag);
                }
            }
        }

        /** Sets the day's planted multipliers: those active on day d, by county. */
        private void activate(long d) {
            for (Planted p : active) {
                switch (p.kind) {
                    case COUNT_RISE -> (p.subject == Planted.ARRESTS ? arrestRise : seizureRise)[p.county] = null;
                    case WASTEWATER_RAMP -> ramp[p.county * SimModel.SUBSTANCES.length + p.subject] = null;
                    default -> hitSurge[p.county] = null;
                }
            }
            active.removeIf(p -> p.last < d);
            while (nextPlanted < multipliers.size() && multipliers.get(nextPlanted).first <= d) {
                Planted p = multipliers.get(nextPlanted++);
                if (p.last >= d) {
                    active.add(p);
                }
            }
            for (Planted p : active) {
                switch (p.kind) {
                    case COUNT_RISE -> (p.subject == Planted.ARRESTS ? arrestRise : seizureRise)[p.county] = p;
                    case WASTEWATER_RAMP -> ramp[p.county * SimModel.SUBSTANCES.length + p.subject] = p;
                    default -> hitSurge[p.county] = p;
                }
            }
        }

        /** A plant's composite of the day: one sample per substance, same time, flow and lab delay. */
        private void sample(Rng r, int c, int p, long d, boolean rain, double dilution) {
            long t = dayStart + 8 * HOUR + m.plantMinute[p] * MINUTE;
            long population = m.plantPopulation[p];
            double dryFlow = population * m.plantFlowPerCapita[p] * r.lognormal(1, 0.08);
            double flow = Math.max(1, Math.round(dryFlow * dilution));
            double lab = Math.min(72 * HOUR, Math.max(2 * HOUR, r.lognormal(20 * HOUR, 0.5)));
            boolean inside = t >= from && t < to;
            Instant occurred = Instant.ofEpochMilli(t);
            Instant reportedAt = Instant.ofEpochMilli(t + (long) lab);
            for (int s = 0; s < SimModel.SUBSTANCES.length; s++) {
                double load = m.baselineLoad[c][s]
                        * r.noise(m.plantSigma[p])
                        * (rain ? r.noise(BaseRates.RAIN_LOAD_SIGMA) : 1);
                SimEvent.Kind kind = SimEvent.Kind.NORMAL;
                Planted up = ramp[c * SimModel.SUBSTANCES.length + s];
                if (up != null && t >= up.fromMs) {
                    load *= up.multiplier(d);
                    kind = up.eventKind;
                }
                if (!inside) {
                    continue;
                }
                // the load comes back as concentration × flow / population; rain dilutes the concentration
                double concentration = load * population / flow;
                boolean belowLoq = concentration < LOQ_NG_L[s];
                concentration = belowLoq ? LOQ_NG_L[s] : Math.max(LOQ_NG_L[s], round1(concentration));
                // the eventId is set when the sample is emitted
                buffer.add(t - dayStart, SAMPLE, samples.size(), -1);
                samples.add(new WastewaterSample(
                        null,
                        occurred,
                        reportedAt,
                        m.code[c],
                        m.plantId[p],
                        SimModel.SUBSTANCES[s],
                        concentration,
                        flow,
                        population,
                        belowLoq));
                sampleKinds.add(kind);
            }
        }

        // ---- records ----

        private SimEvent build(int slot, long t, String id) {
            int who = buffer.who(slot);
            switch (buffer.type(slot)) {
                case ARREST:
                    return event(
                            EventType.ARREST,
                            who,
                            arrest(id, who, t, reported(arrestRng, t, 0.7), arrestRng),
                            SimEvent.Kind.NORMAL,
                            t);
                case SEIZURE:
                    return event(
                            EventType.SEIZURE,
                            who,
                            seizure(id, who, t, reported(seizureRng, t, 0.7), seizureRng),
                            SimEvent.Kind.NORMAL,
                            t);
                case BATCH:
                    return event(
                            EventType.CHECKPOINT_INSPECTION,
                            m.cpCounty[who],
                            inspection(
                                    id,
                                    who,
                                    t,
                                    false,
                                    reported(checkpointRng, t, 0.3),
                                    checkpointRng,
                                    batchVehicles[who]),
                            SimEvent.Kind.NORMAL,
                            t);
                case HIT:
                    return event(
                            EventType.CHECKPOINT_INSPECTION,
                            m.cpCounty[who],
                            inspection(id, who, t, true, reported(checkpointRng, t, 0.3), checkpointRng, 0),
                            SimEvent.Kind.NORMAL,
                            t);
                case SAMPLE: {
                    WastewaterSample w = samples.get(who);
                    w.setEventId(id);
                    return new SimEvent(
                            EventType.WASTEWATER_SAMPLE, w.getCountyCode(), w, null, sampleKinds.get(who), t);
                }
                case ARREST_EXTRA:
                    return event(
                            EventType.ARREST,
                            who,
                            arrest(id, who, t, reported(plantedRng, t, 0.7), plantedRng),
                            plan.all.get(buffer.tag(slot)).eventKind,
                            t);
                case SEIZURE_EXTRA:
                    return event(
                            EventType.SEIZURE,
                            who,
                            seizure(id, who, t, reported(plantedRng, t, 0.7), plantedRng),
                            plan.all.get(buffer.tag(slot)).eventKind,
                            t);
                case HIT_EXTRA:
                    return event(
                            EventType.CHECKPOINT_INSPECTION,
                            m.cpCounty[who],
                            inspection(id, who, t, true, reported(plantedRng, t, 0.3), plantedRng, 0),
                            plan.all.get(buffer.tag(slot)).eventKind,
                            t);
                case OVERLAY:
                    return overlay(plan.overlay.get(who).planted(), t, id);
                default:
                    throw new IllegalStateException("event type " + buffer.type(slot));
            }
        }

        private SimEvent overlay(Planted p, long t, String id) {
            int c = p.county;
            if (p.kind == AnomalyKind.LARGE_SEIZURE) {
                String[] cps = m.countyCheckpoints[c];
                boolean checkpoint = cps.length > 0 && (m.border[c] || p.scenario == Scenario.LARGE_SEIZURE);
                String caseId = p.scenario == Scenario.LARGE_SEIZURE
                        ? "sim-case-" + seed + "-large"
                        : "sim-case-" + seed + "-" + p.id;
                Seizure s = new Seizure(
                        id,
                        Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(t + 2 * HOUR),
                        m.code[c],
                        caseId,
                        p.drug,
                        p.grams,
                        checkpoint ? SeizureSource.CHECKPOINT : SeizureSource.INVESTIGATION,
                        checkpoint ? cps[0] : null,
                        null);
                largeSeizureIds.put(p.id, id);
                return event(EventType.SEIZURE, c, s, SimEvent.Kind.LARGE_SEIZURE, t);
            }
            Arrest a = arrest(id, c, t, reported(plantedRng, t, 0.7), plantedRng);
            return event(EventType.ARREST, c, a, p.eventKind, t);
        }

        private Instant reported(Rng r, long t, double share) {
            if (!r.chance(share)) {
                return null;
            }
            double delay = Math.min(48 * HOUR, Math.max(MINUTE, r.lognormal(40 * MINUTE, 1.1)));
            return Instant.ofEpochMilli(t + (long) delay);
        }

        private Arrest arrest(String id, int c, long t, Instant reportedAt, Rng r) {
            boolean b = m.border[c];
            Offense offense = OFFENSES[r.pick(b ? BORDER_OFFENSE : INLAND_OFFENSE)];
            int suspects;
            switch (offense) {
                case USE -> suspects = 1 + r.pick(USE_SUSPECTS);
                case POSSESSION -> suspects = 1 + r.pick(POSSESSION_SUSPECTS);
                case TRAFFICKING -> suspects = geometric(r, 0.45, MAX_SUSPECTS);
                default -> suspects = geometric(r, 0.35, MAX_SUSPECTS);
            }
            DrugType drug = r.chance(0.1) ? null : DRUGS[r.pick(b ? BORDER_ARREST_DRUG : INLAND_ARREST_DRUG)];
            boolean relapse = r.chance(offense == Offense.USE ? 0.35 : 0.03);
            return new Arrest(
                    id,
                    Instant.ofEpochMilli(t),
                    reportedAt,
                    m.code[c],
                    null,
                    m.agency[c],
                    offense,
                    suspects,
                    drug,
                    relapse);
        }

        private int geometric(Rng r, double p, int cap) {
            int k = 1;
            while (k < cap && r.chance(p)) {
                k++;
            }
            return k;
        }

        private Seizure seizure(String id, int c, long t, Instant reportedAt, Rng r) {
            boolean b = m.border[c];
            DrugType drug = DRUGS[r.pick(b ? BORDER_SEIZURE_DRUG : INLAND_SEIZURE_DRUG)];
            double median = b ? BORDER_SEIZURE_MEDIAN_G : INLAND_SEIZURE_MEDIAN_G;
            if (drug == DrugType.PRECURSOR) {
                median *= 20;
            }
            double grams = grams(r, median, b ? BORDER_SEIZURE_SIGMA : INLAND_SEIZURE_SIGMA);
            SeizureSource source = SEIZURE_SOURCES[r.pick(b ? BORDER_SOURCE : INLAND_SOURCE)];
            String checkpoint = null;
            if (source == SeizureSource.CHECKPOINT) {
                String[] cps = m.countyCheckpoints[c];
                if (cps.length == 0) {
                    source = SeizureSource.PATROL;
                } else {
                    checkpoint = cps[r.nextInt(cps.length)];
                }
            }
            Double cash = grams >= 100 && r.chance(0.15) ? (double) Math.round(grams * r.uniform(60, 300)) : null;
            return new Seizure(
                    id, Instant.ofEpochMilli(t), reportedAt, m.code[c], null, drug, grams, source, checkpoint, cash);
        }

        /** Lognormal grams, redrawn while at or above the cap, so never 10 kg or more. */
        private double grams(Rng r, double median, double sigma) {
            for (int attempt = 0; attempt < 32; attempt++) {
                double g = r.lognormal(median, sigma);
                if (g < MAX_NORMAL_SEIZURE_GRAMS) {
                    return Math.max(0.01, round2(g));
                }
            }
            return MAX_NORMAL_SEIZURE_GRAMS;
        }

        /** A hit (one vehicle) or a batch of CLEAR vehicles of lognormal size with median meanVehicles. */
        private CheckpointInspection inspection(
                String id, int e, long t, boolean hit, Instant reportedAt, Rng r, double meanVehicles) {
            int vehicles;
            InspectionOutcome outcome;
            if (hit) {
                vehicles = 1;
                outcome = HIT_OUTCOMES[r.pick(HIT_OUTCOME)];
            } else {
                long v = Math.round(r.lognormal(meanVehicles, BaseRates.BATCH_SIGMA));
                vehicles = (int) Math.max(1, Math.min(100_000, v));
                outcome = InspectionOutcome.CLEAR;
            }
            return new CheckpointInspection(
                    id,
                    Instant.ofEpochMilli(t),
                    reportedAt,
                    m.code[m.cpCounty[e]],
                    m.cpId[e],
                    m.cpDirection[e],
                    vehicles,
                    outcome);
        }

        private SimEvent event(
                EventType<?> input,
                int county,
                org.apache.avro.specific.SpecificRecord record,
                SimEvent.Kind kind,
                long timestamp) {
            return new SimEvent(input, m.code[county], record, null, kind, timestamp);
        }

        // ---- bad records ----

        private SimEvent badRecord() {
            Rng r = badRng;
            int which = r.nextInt(4);
            if (which == 1 && recentCount == 0) {
                which = 2;
            }
            if (which == 2 && now - 3 * DAY < from) {
                which = 3;
            }
            switch (which) {
                case 0:
                    return poisonPill(r);
                case 1: {
                    SimEvent original =
                            recent[Math.floorMod(recentNext - 1 - r.nextInt(recentCount), DUPLICATE_WINDOW)];
                    return new SimEvent(
                            original.input(), original.key(), original.record(), null, SimEvent.Kind.DUPLICATE, now);
                }
                case 2:
                    return late(r);
                default:
                    return invalid(r);
            }
        }

        private SimEvent poisonPill(Rng r) {
            EventType<?> input = EventType.ALL.get(r.nextInt(EventType.ALL.size()));
            String key = m.code[arrestTable.sample(r)];
            String id = nextId();
            byte[] payload;
            switch (r.nextInt(3)) {
                case 0 ->
                    payload = ("{\"eventId\":\"" + id + "\",\"countyCode\":\"" + key
                                    + "\",\"note\":\"json, not avro\"}")
                            .getBytes(StandardCharsets.UTF_8);
                case 1 -> {
                    payload = new byte[8 + r.nextInt(57)];
                    for (int k = 0; k < payload.length; k++) {
                        payload[k] = (byte) r.nextLong();
                    }
                    payload[0] = (byte) (1 + r.nextInt(255)); // never the Confluent magic byte 0
                }
                default -> {
                    // Confluent framing with a schema id no registry hands out, then junk
                    payload = new byte[5 + 4 + r.nextInt(16)];
                    payload[0] = 0;
                    payload[1] = 0x7f;
                    payload[2] = (byte) 0xff;
                    payload[3] = (byte) 0xff;
                    payload[4] = (byte) (0xf0 | r.nextInt(16));
                    for (int k = 5; k < payload.length; k++) {
                        payload[k] = (byte) r.nextLong();
                    }
                }
            }
            return new SimEvent(input, key, null, payload, SimEvent.Kind.POISON_PILL, now);
        }

        private double baseBatchVehicles(int e) {
            return m.cpVehiclesPerDay[e] / m.cpBatchesPerDay[e];
        }

        private SimEvent late(Rng r) {
            long maxLateness = Math.min(8 * DAY, now - from);
            long t = now - (long) r.uniform(3 * DAY, maxLateness);
            Instant reportedAt = Instant.ofEpochMilli(now);
            String id = nextId();
            int which = r.pick(LATE_INPUT);
            if (which == 0 || checkpointTable.total() == 0) {
                int c = arrestTable.sample(r);
                return event(EventType.ARREST, c, arrest(id, c, t, reportedAt, r), SimEvent.Kind.LATE, now);
            }
            if (which == 1) {
                int c = seizureTable.sample(r);
                return event(EventType.SEIZURE, c, seizure(id, c, t, reportedAt, r), SimEvent.Kind.LATE, now);
            }
            int e = checkpointTable.sample(r);
            boolean hit = r.nextDouble()
                    < m.cpHitRate[e]
                            * m.cpVehiclesPerDay[e]
                            / (m.cpBatchesPerDay[e] + m.cpHitRate[e] * m.cpVehiclesPerDay[e]);
            CheckpointInspection ci = inspection(id, e, t, hit, reportedAt, r, baseBatchVehicles(e));
            return event(EventType.CHECKPOINT_INSPECTION, m.cpCounty[e], ci, SimEvent.Kind.LATE, now);
        }

        private SimEvent invalid(Rng r) {
            String id = nextId();
            long t = now;
            Instant reportedAt = Instant.ofEpochMilli(t);
            int c = arrestTable.sample(r);
            SimEvent.Kind kind = SimEvent.Kind.INVALID;
            switch (r.nextInt(6)) {
                case 0 -> {
                    Arrest a = arrest(id, c, t, reportedAt, r);
                    a.setSuspects(0);
                    return event(EventType.ARREST, c, a, kind, now);
                }
                case 1 -> {
                    Arrest a = arrest(id, c, t, reportedAt, r);
                    String badCode = m.code[c].substring(0, 5);
                    a.setCountyCode(badCode);
                    return new SimEvent(EventType.ARREST, badCode, a, null, kind, now);
                }
                case 2 -> {
                    Seizure s = seizure(id, c, t, reportedAt, r);
                    s.setQuantityGrams(-s.getQuantityGrams());
                    return event(EventType.SEIZURE, c, s, kind, now);
                }
                case 3 -> {
                    Seizure s = seizure(id, c, t, reportedAt, r);
                    String badCode = "ABC" + m.code[c].substring(3);
                    s.setCountyCode(badCode);
                    return new SimEvent(EventType.SEIZURE, badCode, s, null, kind, now);
                }
                case 4 -> {
                    if (checkpointTable.total() > 0) {
                        int e = checkpointTable.sample(r);
                        CheckpointInspection ci = inspection(id, e, t, false, reportedAt, r, baseBatchVehicles(e));
                        ci.setVehicles(0);
                        return event(EventType.CHECKPOINT_INSPECTION, m.cpCounty[e], ci, kind, now);
                    }
                    Arrest a = arrest(id, c, t, reportedAt, r);
                    a.setSuspects(0);
                    return event(EventType.ARREST, c, a, kind, now);
                }
                default -> {
                    WastewaterSample w = new WastewaterSample(
                            id,
                            Instant.ofEpochMilli(t),
                            reportedAt,
                            m.code[c],
                            m.code[c] + "-WWTP1",
                            Substance.METHAMPHETAMINE,
                            120.0,
                            0.0,
                            100_000L,
                            false);
                    return event(EventType.WASTEWATER_SAMPLE, c, w, kind, now);
                }
            }
        }
    }
}
