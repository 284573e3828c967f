package io.drugwatch.sim;

import static io.drugwatch.sim.BaseRates.ARRESTS_PER_DAY_PER_300K;
import static io.drugwatch.sim.BaseRates.BORDER_ARREST_EXTRA;
import static io.drugwatch.sim.BaseRates.BORDER_BATCHES_PER_DAY;
import static io.drugwatch.sim.BaseRates.BORDER_SEIZURES_PER_DAY;
import static io.drugwatch.sim.BaseRates.BORDER_SEIZURE_MEDIAN_G;
import static io.drugwatch.sim.BaseRates.BORDER_SEIZURE_SIGMA;
import static io.drugwatch.sim.BaseRates.DEFAULT_POPULATION;
import static io.drugwatch.sim.BaseRates.INLAND_BATCHES_PER_DAY;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURES_PER_DAY_PER_300K;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURE_MEDIAN_G;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURE_SIGMA;
import static io.drugwatch.sim.BaseRates.MAX_NORMAL_SEIZURE_GRAMS;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Deterministic generator of drug-control events over a span of event time, for demos, tests and
 * benchmarks. Plain Java: no Kafka types.
 *
 * <p>Arrests, seizures and checkpoint records are non-homogeneous Poisson processes (hourly
 * piecewise-constant rates following a local diurnal profile); each input is one superposed
 * process over all counties (or checkpoint directions), whose events are assigned to a county by an
 * alias table, so generation costs O(1) per event regardless of the number of counties.
 * Wastewater samples follow a per-plant schedule. Planted anomalies are a small pre-computed
 * sorted list; all of these are merged by occurredAt. Rates are in {@link BaseRates}.
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
 *   <li>No normal seizure reaches 10 kg ({@link BaseRates#MAX_NORMAL_SEIZURE_GRAMS}).</li>
 * </ul>
 * Anomaly targets are fixed by the county list alone (see {@link Scenario}); the rest of the county
 * setup (checkpoints, plants, baselines) is drawn from the seed, the same whichever scenarios are on.
 */
public final class EventGenerator implements Iterable<SimEvent> {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private static final int MAX_CHECKPOINTS = 3;
    private static final int MAX_PLANTS = 3;
    private static final int DUPLICATE_WINDOW = 64;

    // ---- categorical distributions ----
    private static final Offense[] OFFENSES = {Offense.USE, Offense.POSSESSION, Offense.TRAFFICKING,
        Offense.MANUFACTURING, Offense.PRECURSOR_DIVERSION, Offense.CULTIVATION, Offense.OTHER};
    private static final double[] INLAND_OFFENSE = Rng.cumulative(68, 14, 12, 0.5, 0.5, 1, 4);
    private static final double[] BORDER_OFFENSE = Rng.cumulative(45, 12, 35, 0.5, 2, 2.5, 3);
    private static final double[] USE_SUSPECTS = Rng.cumulative(90, 8, 2);
    private static final double[] POSSESSION_SUSPECTS = Rng.cumulative(85, 12, 3);

    private static final DrugType[] DRUGS = {DrugType.METHAMPHETAMINE, DrugType.METH_TABLETS, DrugType.HEROIN,
        DrugType.KETAMINE, DrugType.CANNABIS, DrugType.MDMA, DrugType.NPS, DrugType.OPIUM, DrugType.COCAINE,
        DrugType.PRECURSOR, DrugType.OTHER};
    private static final double[] INLAND_ARREST_DRUG = Rng.cumulative(58, 12, 12, 9, 3, 2, 2, 0.5, 0.5, 0, 1);
    private static final double[] BORDER_ARREST_DRUG = Rng.cumulative(22, 38, 28, 3, 2, 0.5, 0.5, 5, 0, 0, 1);
    private static final double[] INLAND_SEIZURE_DRUG = Rng.cumulative(55, 14, 10, 10, 4, 2, 3, 0.5, 0.5, 0.5, 0.5);
    private static final double[] BORDER_SEIZURE_DRUG = Rng.cumulative(20, 44, 25, 2, 2, 0.5, 0.5, 4, 0, 1.5, 0.5);

    private static final SeizureSource[] SEIZURE_SOURCES = {SeizureSource.CHECKPOINT, SeizureSource.INVESTIGATION,
        SeizureSource.PATROL, SeizureSource.POSTAL, SeizureSource.OTHER};
    private static final double[] INLAND_SOURCE = Rng.cumulative(5, 55, 25, 10, 5);
    private static final double[] BORDER_SOURCE = Rng.cumulative(45, 35, 14, 5, 1);

    private static final InspectionOutcome[] HIT_OUTCOMES = {InspectionOutcome.DRUGS_FOUND,
        InspectionOutcome.USER_DETECTED, InspectionOutcome.WANTED_PERSON, InspectionOutcome.PRECURSOR_FOUND};
    private static final double[] HIT_OUTCOME = Rng.cumulative(45, 30, 20, 5);
    private static final Direction[] DIRECTIONS = {Direction.INBOUND, Direction.OUTBOUND};

    /** Substances analysed in every composite, with baseline load medians, log-sds and LOQs. */
    private static final Substance[] SUBSTANCES = {Substance.METHAMPHETAMINE, Substance.KETAMINE,
        Substance.MORPHINE, Substance.MDMA};
    private static final double[] LOAD_MEDIAN = {70, 2, 15, 0.3};
    private static final double[] LOAD_SIGMA = {0.7, 1.2, 0.6, 1.0};
    private static final double[] LOAD_MIN = {5, 0.05, 2, 0.01};
    private static final double[] LOAD_MAX = {600, 90, 120, 10};
    private static final double[] BORDER_LOAD_FACTOR = {1.8, 1, 1.5, 1};
    private static final double[] LOQ_NG_L = {1, 2, 2, 1};
    private static final double DAILY_LOAD_SIGMA = 0.3;
    private static final int METH = 0;

    /** Diurnal profiles by local hour 0..23, normalised to mean 1 at class init. */
    private static final double[] ARREST_PROFILE = normalise(0.9, 0.7, 0.5, 0.4, 0.3, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1,
            1.1, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.7, 1.5, 1.2);
    private static final double[] SEIZURE_PROFILE = normalise(0.5, 0.4, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 1.2, 1.4,
            1.5, 1.5, 1.3, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.6);
    private static final double[] TRAFFIC_PROFILE = normalise(0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.8, 1.3, 1.6, 1.7,
            1.6, 1.5, 1.4, 1.5, 1.6, 1.7, 1.7, 1.6, 1.4, 1.1, 0.9, 0.7, 0.5, 0.4);

    private static final String[] PREFERRED_BORDER = {"532530"};
    private static final String[] PREFERRED_ARREST = {"420103"};
    private static final String[] PREFERRED_WASTEWATER = {"530621", "640302"};

    private final long seed;
    private final long from;
    private final long to;
    private final Set<Scenario> scenarios;
    private final GeneratorOptions options;
    private final long offsetMs;
    private final double volume;

    // counties (after filtering), by index
    private final int n;
    private final String[] code;
    private final String[] name;
    private final String[] agency;
    private final boolean[] border;
    private final double[] arrestRate;
    private final double[] seizureRate;
    private final String[][] countyCheckpoints;
    private final double[][] baselineLoad;

    // checkpoint directions ("entries")
    private final int[] cpCounty;
    private final String[] cpId;
    private final Direction[] cpDirection;
    private final double[] cpMeanBatchVehicles;
    private final double[] cpHitShare;
    private final double[] cpRecordRate;
    private final double[] cpHitsPerDay;

    // wastewater plants
    private final int[] plantCounty;
    private final String[] plantId;
    private final long[] plantPopulation;
    private final double[] plantFlowPerCapita;
    private final int[] plantInterval;
    private final int[] plantPhase;
    private final int[] plantMinute;

    private final double arrestTotal;
    private final double seizureTotal;
    private final double checkpointTotal;
    private final double wastewaterPerDay;

    // targets and plan
    private final int borderTarget;
    private final int arrestTarget;
    private final int wastewaterTarget;
    private final long largeSeizureAt;
    private final long spikeFrom;
    private final long spikeTo;
    private final long riseFrom;
    private final long surgeFrom;
    private final long[] overlayTime;
    private final SimEvent.Kind[] overlayKind;
    private final int[] overlayIndex;
    private final List<PlantedAnomaly> planted;

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
    public EventGenerator(List<County> counties, long seed, Instant from, Instant to,
                          Collection<Scenario> scenarios, GeneratorOptions options) {
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

        // ---- counties ----
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
        n = kept.size();
        code = new String[n];
        name = new String[n];
        agency = new String[n];
        border = new boolean[n];
        double[] pop = new double[n];
        double[] borderWeight = new double[n];
        arrestRate = new double[n];
        seizureRate = new double[n];
        for (int i = 0; i < n; i++) {
            County c = kept.get(i);
            code[i] = c.getCode();
            name[i] = c.getName();
            agency[i] = "PSB-" + code[i];
            border[i] = Boolean.TRUE.equals(c.getBorder());
            Long p = c.getPopulation();
            pop[i] = p == null || p <= 0 ? DEFAULT_POPULATION : p;
            boolean mainRoute = code[i].startsWith("53") || code[i].startsWith("45");
            borderWeight[i] = !border[i] ? 0
                    : mainRoute ? BaseRates.MAIN_ROUTE_BORDER_WEIGHT : BaseRates.OTHER_BORDER_WEIGHT;
            double scale = pop[i] / DEFAULT_POPULATION;
            arrestRate[i] = ARRESTS_PER_DAY_PER_300K * scale * (1 + BORDER_ARREST_EXTRA * borderWeight[i]);
            seizureRate[i] = INLAND_SEIZURES_PER_DAY_PER_300K * scale
                    + BORDER_SEIZURES_PER_DAY * borderWeight[i] * Math.sqrt(scale);
        }

        // ---- targets: from the county list alone ----
        borderTarget = pick(PREFERRED_BORDER, i -> border[i] && code[i].startsWith("53"), i -> border[i], pop);
        arrestTarget = pick(PREFERRED_ARREST, i -> false, i -> !border[i], pop);
        wastewaterTarget = pick(PREFERRED_WASTEWATER, i -> false, i -> !border[i], pop);

        // ---- county setup from the seed: the same draws whatever the targets and scenarios ----
        Rng cfg = Rng.derive(seed, 1);
        List<Integer> cpc = new ArrayList<>();
        List<String> cpi = new ArrayList<>();
        List<Direction> cpd = new ArrayList<>();
        List<double[]> cpv = new ArrayList<>(); // {vehiclesPerDay, hitRate, batchesPerDay}
        List<Integer> pc = new ArrayList<>();
        List<String> pi = new ArrayList<>();
        List<long[]> pl = new ArrayList<>(); // {population, interval, phase, minute}
        List<Double> pf = new ArrayList<>();
        countyCheckpoints = new String[n][];
        baselineLoad = new double[n][];
        for (int i = 0; i < n; i++) {
            double uCheckpoint = cfg.nextDouble();
            double[] vehicles = new double[MAX_CHECKPOINTS * 2];
            double[] hits = new double[MAX_CHECKPOINTS * 2];
            for (int k = 0; k < vehicles.length; k++) {
                vehicles[k] = border[i] ? cfg.uniform(300, 1500) : cfg.uniform(100, 450);
                hits[k] = (border[i] ? cfg.uniform(1.5, 3.0) : cfg.uniform(0.8, 1.5)) / 1000;
            }
            int checkpoints = border[i] ? (uCheckpoint < 0.4 ? 3 : 2)
                    : uCheckpoint < options.inlandCheckpointShare() ? 1 : 0;
            if (i == borderTarget) {
                checkpoints = Math.max(checkpoints, border[i] ? 2 : 1);
            }
            countyCheckpoints[i] = new String[checkpoints];
            for (int k = 0; k < checkpoints; k++) {
                String id = code[i] + "-CP" + (k + 1);
                countyCheckpoints[i][k] = id;
                for (int d = 0; d < 2; d++) {
                    cpc.add(i);
                    cpi.add(id);
                    cpd.add(DIRECTIONS[d]);
                    cpv.add(new double[] {vehicles[2 * k + d], hits[2 * k + d],
                        border[i] ? BORDER_BATCHES_PER_DAY : INLAND_BATCHES_PER_DAY});
                }
            }

            double uWastewater = cfg.nextDouble();
            double uPlants = cfg.nextDouble();
            double served = pop[i] * cfg.uniform(0.35, 0.75);
            double[] share = new double[MAX_PLANTS];
            double[] perCapita = new double[MAX_PLANTS];
            int[] interval = new int[MAX_PLANTS];
            int[] phase = new int[MAX_PLANTS];
            int[] minute = new int[MAX_PLANTS];
            for (int k = 0; k < MAX_PLANTS; k++) {
                share[k] = cfg.uniform(0.5, 1.5);
                perCapita[k] = cfg.uniform(0.18, 0.30);
                interval[k] = 3 + cfg.nextInt(5);
                phase[k] = cfg.nextInt(interval[k]);
                minute[k] = cfg.nextInt(120);
            }
            double[] base = new double[SUBSTANCES.length];
            for (int s = 0; s < SUBSTANCES.length; s++) {
                double load = cfg.lognormal(LOAD_MEDIAN[s], LOAD_SIGMA[s]) * (border[i] ? BORDER_LOAD_FACTOR[s] : 1);
                base[s] = Math.min(LOAD_MAX[s], Math.max(LOAD_MIN[s], load));
            }
            int plants = uWastewater < options.wastewaterCountyShare()
                    ? (uPlants < 0.5 ? 1 : uPlants < 0.85 ? 2 : 3) : 0;
            boolean daily = i == wastewaterTarget;
            if (daily) {
                plants = MAX_PLANTS;
            }
            if (plants > 0) {
                baselineLoad[i] = base;
                double shareTotal = 0;
                for (int k = 0; k < plants; k++) {
                    shareTotal += share[k];
                }
                for (int k = 0; k < plants; k++) {
                    pc.add(i);
                    pi.add(code[i] + "-WWTP" + (k + 1));
                    long population = Math.max(5_000, Math.round(served * share[k] / shareTotal));
                    pl.add(new long[] {population, daily ? 1 : interval[k], daily ? 0 : phase[k], minute[k]});
                    pf.add(perCapita[k]);
                }
            }
        }
        int entries = cpc.size();
        cpCounty = new int[entries];
        cpId = new String[entries];
        cpDirection = new Direction[entries];
        cpMeanBatchVehicles = new double[entries];
        cpHitShare = new double[entries];
        cpRecordRate = new double[entries];
        cpHitsPerDay = new double[entries];
        for (int e = 0; e < entries; e++) {
            cpCounty[e] = cpc.get(e);
            cpId[e] = cpi.get(e);
            cpDirection[e] = cpd.get(e);
            double[] v = cpv.get(e);
            double hitsPerDay = v[0] * v[1];
            cpMeanBatchVehicles[e] = v[0] / v[2];
            cpHitsPerDay[e] = hitsPerDay;
            cpRecordRate[e] = v[2] + hitsPerDay;
            cpHitShare[e] = hitsPerDay / cpRecordRate[e];
        }
        int plants = pc.size();
        plantCounty = new int[plants];
        plantId = new String[plants];
        plantPopulation = new long[plants];
        plantFlowPerCapita = new double[plants];
        plantInterval = new int[plants];
        plantPhase = new int[plants];
        plantMinute = new int[plants];
        double ww = 0;
        for (int p = 0; p < plants; p++) {
            plantCounty[p] = pc.get(p);
            plantId[p] = pi.get(p);
            long[] v = pl.get(p);
            plantPopulation[p] = v[0];
            plantInterval[p] = (int) v[1];
            plantPhase[p] = (int) v[2];
            plantMinute[p] = (int) v[3];
            plantFlowPerCapita[p] = pf.get(p);
            ww += SUBSTANCES.length / (double) plantInterval[p];
        }
        wastewaterPerDay = ww;
        arrestTotal = sum(arrestRate);
        seizureTotal = sum(seizureRate);
        checkpointTotal = sum(cpRecordRate);
        double poissonPerDay = arrestTotal + seizureTotal + checkpointTotal;
        if (options.targetEventsPerDay() > 0 && poissonPerDay > 0) {
            volume = Math.max(1e-6, (options.targetEventsPerDay() - wastewaterPerDay) / poissonPerDay);
        } else {
            volume = options.volume();
        }

        // ---- plan ----
        long mid = this.from + (this.to - this.from) / 4 * 3;
        long candidate = localMidnight(mid) + 14 * HOUR + 30 * MINUTE;
        largeSeizureAt = candidate >= this.from && candidate < this.to ? candidate
                : Math.max(this.from, mid / MINUTE * MINUTE);
        long lastDay = localMidnight(this.to - 1);
        long spikeDay = Math.max(localMidnight(this.from), lastDay - 7 * DAY);
        spikeFrom = Math.max(this.from, spikeDay);
        spikeTo = Math.min(this.to, spikeDay + DAY);
        riseFrom = Math.max(this.from, this.to - 7 * DAY);
        surgeFrom = riseFrom;

        List<long[]> overlay = new ArrayList<>(); // {time, kind ordinal, index}
        List<PlantedAnomaly> plan = new ArrayList<>();
        Rng planRng = Rng.derive(seed, 2);
        if (this.scenarios.contains(Scenario.LARGE_SEIZURE)) {
            overlay.add(new long[] {largeSeizureAt, SimEvent.Kind.LARGE_SEIZURE.ordinal(), borderTarget});
            String[] cps = countyCheckpoints[borderTarget];
            plan.add(new PlantedAnomaly(Scenario.LARGE_SEIZURE, code[borderTarget], name[borderTarget],
                    Instant.ofEpochMilli(largeSeizureAt), Instant.ofEpochMilli(largeSeizureAt + 1),
                    fmt(BaseRates.LARGE_SEIZURE_GRAMS, 0) + " g METHAMPHETAMINE, "
                            + (cps.length > 0 ? "source CHECKPOINT at " + cps[0] : "source INVESTIGATION")));
        }
        if (this.scenarios.contains(Scenario.ARREST_SPIKE)) {
            double baseline = arrestRate[arrestTarget] * volume;
            long extra = Math.max(Math.round(4 * baseline), 12);
            for (long k = 0; k < extra; k++) {
                long t = spikeFrom + (long) (planRng.nextDouble() * (spikeTo - spikeFrom));
                overlay.add(new long[] {t, SimEvent.Kind.ARREST_SPIKE.ordinal(), arrestTarget});
            }
            plan.add(new PlantedAnomaly(Scenario.ARREST_SPIKE, code[arrestTarget], name[arrestTarget],
                    Instant.ofEpochMilli(spikeFrom), Instant.ofEpochMilli(spikeTo),
                    extra + " extra arrests on top of a baseline of " + fmt(baseline, 2) + " a day"));
        }
        if (this.scenarios.contains(Scenario.WASTEWATER_RISE)) {
            int count = 0;
            for (int p = 0; p < plants; p++) {
                count += plantCounty[p] == wastewaterTarget ? 1 : 0;
            }
            plan.add(new PlantedAnomaly(Scenario.WASTEWATER_RISE, code[wastewaterTarget], name[wastewaterTarget],
                    Instant.ofEpochMilli(riseFrom), Instant.ofEpochMilli(this.to),
                    "METHAMPHETAMINE concentration x" + fmt(BaseRates.WASTEWATER_RISE_FACTOR, 1) + " at " + count
                            + " daily-sampled plants; baseline load " + fmt(baselineLoad[wastewaterTarget][METH], 1)
                            + " mg/day/1000"));
        }
        if (this.scenarios.contains(Scenario.CHECKPOINT_SURGE)) {
            double hitsPerDay = 0;
            double vehiclesPerDay = 0;
            List<Integer> mine = new ArrayList<>();
            for (int e = 0; e < entries; e++) {
                if (cpCounty[e] == borderTarget) {
                    mine.add(e);
                    hitsPerDay += cpHitsPerDay[e];
                    vehiclesPerDay += cpMeanBatchVehicles[e] * (cpRecordRate[e] - cpHitsPerDay[e]);
                }
            }
            double[] weights = new double[mine.size()];
            for (int k = 0; k < weights.length; k++) {
                weights[k] = cpHitsPerDay[mine.get(k)];
            }
            double[] cumulative = Rng.cumulative(weights);
            double days = (this.to - surgeFrom) / (double) DAY;
            long extra = planRng.poisson((BaseRates.CHECKPOINT_SURGE_FACTOR - 1) * hitsPerDay * volume * days);
            for (long k = 0; k < extra; k++) {
                long t = surgeFrom + (long) (planRng.nextDouble() * (this.to - surgeFrom));
                overlay.add(new long[] {t, SimEvent.Kind.CHECKPOINT_SURGE.ordinal(), mine.get(planRng.pick(cumulative))});
            }
            plan.add(new PlantedAnomaly(Scenario.CHECKPOINT_SURGE, code[borderTarget], name[borderTarget],
                    Instant.ofEpochMilli(surgeFrom), Instant.ofEpochMilli(this.to),
                    extra + " extra hits; baseline " + fmt(hitsPerDay * volume, 1) + " hits in "
                            + fmt(vehiclesPerDay * volume, 0) + " vehicles a day ("
                            + fmt(1000 * hitsPerDay / Math.max(1e-9, vehiclesPerDay), 2) + " per 1,000)"));
        }
        if (this.scenarios.contains(Scenario.BAD_RECORDS)) {
            plan.add(new PlantedAnomaly(Scenario.BAD_RECORDS, null, null, from, to,
                    "after each event, with probability " + fmt(100 * options.badRecordRate(), 2)
                            + " %, a poison pill, duplicate, late report or invalid record"));
        }
        overlay.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        overlayTime = new long[overlay.size()];
        overlayKind = new SimEvent.Kind[overlay.size()];
        overlayIndex = new int[overlay.size()];
        for (int k = 0; k < overlay.size(); k++) {
            long[] o = overlay.get(k);
            overlayTime[k] = o[0];
            overlayKind[k] = SimEvent.Kind.values()[(int) o[1]];
            overlayIndex[k] = (int) o[2];
        }
        planted = List.copyOf(plan);
    }

    // ---------------------------------------------------------------- public API

    /** A fresh, deterministic pass over the events. */
    @Override
    public Iterator<SimEvent> iterator() {
        return new Run();
    }

    public Stream<SimEvent> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** What the enabled scenarios planted, in {@link Scenario} order. */
    public List<PlantedAnomaly> planted() {
        return planted;
    }

    /** One line per planted anomaly, for the CLI; "nothing planted" without scenarios. */
    public String describe() {
        if (planted.isEmpty()) {
            return "nothing planted";
        }
        StringBuilder b = new StringBuilder();
        for (PlantedAnomaly p : planted) {
            b.append(p.describe()).append('\n');
        }
        return b.toString();
    }

    /** The volume multiplier in effect (from the options, or derived from the target events per day). */
    public double volume() {
        return volume;
    }

    /** Expected events per simulated day at the effective volume, excluding planted and bad records. */
    public double expectedEventsPerDay() {
        return volume * (arrestTotal + seizureTotal + checkpointTotal) + wastewaterPerDay;
    }

    /** Number of counties used (after dropping bad and repeated codes). */
    public int countyCount() {
        return n;
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

    public Set<Scenario> scenarios() {
        return java.util.Collections.unmodifiableSet(scenarios);
    }

    // ---------------------------------------------------------------- helpers

    private interface IntPredicate {
        boolean test(int i);
    }

    /** First preferred code present; else first index matching a, then b; else the most populous. */
    private int pick(String[] preferred, IntPredicate a, IntPredicate b, double[] pop) {
        for (String p : preferred) {
            for (int i = 0; i < n; i++) {
                if (code[i].equals(p)) {
                    return i;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (a.test(i)) {
                return i;
            }
        }
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (b.test(i) && (best < 0 || pop[i] > pop[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            return best;
        }
        best = 0;
        for (int i = 1; i < n; i++) {
            if (pop[i] > pop[best]) {
                best = i;
            }
        }
        return best;
    }

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

    private long localMidnight(long t) {
        return Math.floorDiv(t + offsetMs, DAY) * DAY - offsetMs;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double[] normalise(double... profile) {
        double mean = sum(profile) / profile.length;
        double[] p = new double[profile.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = profile[i] / mean;
        }
        return p;
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Arrival times of a Poisson process whose rate is piecewise constant over local clock hours
     * (total daily rate × diurnal profile). Exact: an exponential amount of "rate mass" is consumed
     * hour by hour.
     */
    private final class PoissonClock {
        private final double perMsAtMean;
        private final double[] profile;
        private double t;
        private long bucketEnd;
        private double rate;

        PoissonClock(double perDay, double[] profile) {
            this.perMsAtMean = perDay / DAY;
            this.profile = profile;
            this.t = from;
            enterBucket();
        }

        private void enterBucket() {
            long local = (long) t + offsetMs;
            long hourStart = Math.floorDiv(local, HOUR) * HOUR;
            bucketEnd = hourStart + HOUR - offsetMs;
            rate = perMsAtMean * profile[(int) Math.floorMod(hourStart / HOUR, 24L)];
        }

        /** Next arrival in epoch millis, or Long.MAX_VALUE once past the end of the span. */
        long next(Rng rng) {
            if (!(perMsAtMean > 0)) {
                return Long.MAX_VALUE;
            }
            double mass = rng.nextExp();
            while (true) {
                double capacity = rate * (bucketEnd - t);
                if (mass < capacity) {
                    t += mass / rate;
                    break;
                }
                mass -= capacity;
                t = bucketEnd;
                if (t >= to) {
                    return Long.MAX_VALUE;
                }
                enterBucket();
            }
            long ms = (long) t;
            return ms >= to ? Long.MAX_VALUE : ms;
        }
    }

    // ---------------------------------------------------------------- one pass

    private abstract static class Source {
        /** occurredAt of the pending event, or Long.MAX_VALUE when exhausted. */
        long time = Long.MAX_VALUE;

        /** Builds the pending event with this id and moves to the next. */
        abstract SimEvent emit(String eventId);
    }

    private final class Run implements Iterator<SimEvent> {
        private final String idPrefix = "sim-" + seed + "-";
        private long counter;
        private final Source[] sources;
        private final AliasTable arrestTable = new AliasTable(arrestRate);
        private final AliasTable seizureTable = new AliasTable(seizureRate);
        private final AliasTable checkpointTable = new AliasTable(cpRecordRate);
        private final boolean bad = scenarios.contains(Scenario.BAD_RECORDS) && options.badRecordRate() > 0;
        private final double badRate = options.badRecordRate();
        private final Rng badRng = Rng.derive(seed, 9);
        private final SimEvent[] recent = new SimEvent[DUPLICATE_WINDOW];
        private int recentCount;
        private int recentNext;
        private SimEvent pendingBad;
        private long now = Long.MIN_VALUE;

        Run() {
            List<Source> list = new ArrayList<>();
            list.add(new ArrestStream());
            list.add(new SeizureStream());
            list.add(new CheckpointStream());
            list.add(new WastewaterStream());
            if (overlayTime.length > 0) {
                list.add(new OverlayStream());
            }
            sources = list.toArray(new Source[0]);
        }

        @Override
        public boolean hasNext() {
            if (pendingBad != null) {
                return true;
            }
            for (Source s : sources) {
                if (s.time != Long.MAX_VALUE) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public SimEvent next() {
            if (pendingBad != null) {
                SimEvent e = pendingBad;
                pendingBad = null;
                return e;
            }
            Source best = null;
            long bestTime = Long.MAX_VALUE;
            for (Source s : sources) {
                if (s.time < bestTime) {
                    bestTime = s.time;
                    best = s;
                }
            }
            if (best == null) {
                throw new NoSuchElementException();
            }
            SimEvent e = best.emit(nextId());
            now = bestTime;
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

        // ---- record factories (shared by normal, planted and bad events) ----

        private Instant reported(Rng r, long t, double share) {
            if (!r.chance(share)) {
                return null;
            }
            double delay = Math.min(48 * HOUR, Math.max(MINUTE, r.lognormal(40 * MINUTE, 1.1)));
            return Instant.ofEpochMilli(t + (long) delay);
        }

        private Arrest arrest(String id, int c, long t, Instant reportedAt, Rng r) {
            boolean b = border[c];
            Offense offense = OFFENSES[r.pick(b ? BORDER_OFFENSE : INLAND_OFFENSE)];
            int suspects;
            switch (offense) {
                case USE -> suspects = 1 + r.pick(USE_SUSPECTS);
                case POSSESSION -> suspects = 1 + r.pick(POSSESSION_SUSPECTS);
                case TRAFFICKING -> suspects = geometric(r, 0.45, 12);
                default -> suspects = geometric(r, 0.35, 8);
            }
            DrugType drug = r.chance(0.1) ? null : DRUGS[r.pick(b ? BORDER_ARREST_DRUG : INLAND_ARREST_DRUG)];
            boolean relapse = r.chance(offense == Offense.USE ? 0.35 : 0.03);
            return new Arrest(id, Instant.ofEpochMilli(t), reportedAt, code[c], null, agency[c], offense, suspects,
                    drug, relapse);
        }

        private int geometric(Rng r, double p, int cap) {
            int k = 1;
            while (k < cap && r.chance(p)) {
                k++;
            }
            return k;
        }

        private Seizure seizure(String id, int c, long t, Instant reportedAt, Rng r) {
            boolean b = border[c];
            DrugType drug = DRUGS[r.pick(b ? BORDER_SEIZURE_DRUG : INLAND_SEIZURE_DRUG)];
            double median = b ? BORDER_SEIZURE_MEDIAN_G : INLAND_SEIZURE_MEDIAN_G;
            if (drug == DrugType.PRECURSOR) {
                median *= 20;
            }
            double grams = grams(r, median, b ? BORDER_SEIZURE_SIGMA : INLAND_SEIZURE_SIGMA);
            SeizureSource source = SEIZURE_SOURCES[r.pick(b ? BORDER_SOURCE : INLAND_SOURCE)];
            String checkpoint = null;
            if (source == SeizureSource.CHECKPOINT) {
                String[] cps = countyCheckpoints[c];
                if (cps.length == 0) {
                    source = SeizureSource.PATROL;
                } else {
                    checkpoint = cps[r.nextInt(cps.length)];
                }
            }
            Double cash = grams >= 100 && r.chance(0.15) ? (double) Math.round(grams * r.uniform(60, 300)) : null;
            return new Seizure(id, Instant.ofEpochMilli(t), reportedAt, code[c], null, drug, grams, source,
                    checkpoint, cash);
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

        private CheckpointInspection inspection(String id, int e, long t, boolean hit, Instant reportedAt, Rng r) {
            int vehicles;
            InspectionOutcome outcome;
            if (hit) {
                vehicles = 1;
                outcome = HIT_OUTCOMES[r.pick(HIT_OUTCOME)];
            } else {
                long v = Math.round(r.lognormal(cpMeanBatchVehicles[e], 0.3));
                vehicles = (int) Math.max(1, Math.min(100_000, v));
                outcome = InspectionOutcome.CLEAR;
            }
            return new CheckpointInspection(id, Instant.ofEpochMilli(t), reportedAt, code[cpCounty[e]], cpId[e],
                    cpDirection[e], vehicles, outcome);
        }

        private SimEvent event(SimInput input, int county, org.apache.avro.specific.SpecificRecord record,
                               SimEvent.Kind kind, long timestamp) {
            return new SimEvent(input, code[county], record, null, kind, timestamp);
        }

        // ---- sources ----

        private final class ArrestStream extends Source {
            private final Rng rng = Rng.derive(seed, 3);
            private final PoissonClock clock = new PoissonClock(arrestTotal * volume, ARREST_PROFILE);

            ArrestStream() {
                time = clock.next(rng);
            }

            @Override
            SimEvent emit(String id) {
                long t = time;
                int c = arrestTable.sample(rng);
                Arrest a = arrest(id, c, t, reported(rng, t, 0.7), rng);
                time = clock.next(rng);
                return event(SimInput.ARRESTS, c, a, SimEvent.Kind.NORMAL, t);
            }
        }

        private final class SeizureStream extends Source {
            private final Rng rng = Rng.derive(seed, 4);
            private final PoissonClock clock = new PoissonClock(seizureTotal * volume, SEIZURE_PROFILE);

            SeizureStream() {
                time = clock.next(rng);
            }

            @Override
            SimEvent emit(String id) {
                long t = time;
                int c = seizureTable.sample(rng);
                Seizure s = seizure(id, c, t, reported(rng, t, 0.7), rng);
                time = clock.next(rng);
                return event(SimInput.SEIZURES, c, s, SimEvent.Kind.NORMAL, t);
            }
        }

        private final class CheckpointStream extends Source {
            private final Rng rng = Rng.derive(seed, 5);
            private final PoissonClock clock = new PoissonClock(checkpointTotal * volume, TRAFFIC_PROFILE);

            CheckpointStream() {
                time = clock.next(rng);
            }

            @Override
            SimEvent emit(String id) {
                long t = time;
                int e = checkpointTable.sample(rng);
                boolean hit = rng.nextDouble() < cpHitShare[e];
                CheckpointInspection ci = inspection(id, e, t, hit, reported(rng, t, 0.3), rng);
                time = clock.next(rng);
                return event(SimInput.CHECKPOINT_INSPECTIONS, cpCounty[e], ci, SimEvent.Kind.NORMAL, t);
            }
        }

        /** Scheduled 24 h composites, generated one local day at a time. */
        private final class WastewaterStream extends Source {
            private final Rng rng = Rng.derive(seed, 6);
            private final boolean rise = scenarios.contains(Scenario.WASTEWATER_RISE);
            private long day = localMidnight(from);
            private final List<WastewaterSample> buffer = new ArrayList<>();
            private final List<SimEvent.Kind> kinds = new ArrayList<>();
            private int pos;

            WastewaterStream() {
                advance();
            }

            private void advance() {
                while (pos >= buffer.size()) {
                    buffer.clear();
                    kinds.clear();
                    pos = 0;
                    if (day >= to || plantCounty.length == 0) {
                        time = Long.MAX_VALUE;
                        return;
                    }
                    fillDay(day);
                    day += DAY;
                }
                time = buffer.get(pos).getOccurredAt().toEpochMilli();
            }

            private void fillDay(long dayStart) {
                long dayIndex = Math.floorDiv(dayStart + offsetMs, DAY);
                for (int p = 0; p < plantCounty.length; p++) {
                    if (Math.floorMod(dayIndex + plantPhase[p], (long) plantInterval[p]) != 0) {
                        continue;
                    }
                    long t = dayStart + 8 * HOUR + plantMinute[p] * MINUTE;
                    if (t < from || t >= to) {
                        continue;
                    }
                    int c = plantCounty[p];
                    long population = plantPopulation[p];
                    double flow = Math.max(1, Math.round(population * plantFlowPerCapita[p] * rng.lognormal(1, 0.08)));
                    double lab = Math.min(72 * HOUR, Math.max(2 * HOUR, rng.lognormal(20 * HOUR, 0.5)));
                    Instant occurred = Instant.ofEpochMilli(t);
                    Instant reportedAt = Instant.ofEpochMilli(t + (long) lab);
                    for (int s = 0; s < SUBSTANCES.length; s++) {
                        double load = baselineLoad[c][s] * rng.lognormal(1, DAILY_LOAD_SIGMA);
                        SimEvent.Kind kind = SimEvent.Kind.NORMAL;
                        if (rise && s == METH && c == wastewaterTarget && t >= riseFrom) {
                            load *= BaseRates.WASTEWATER_RISE_FACTOR;
                            kind = SimEvent.Kind.WASTEWATER_RISE;
                        }
                        double concentration = load * population / flow;
                        boolean belowLoq = concentration < LOQ_NG_L[s];
                        concentration = belowLoq ? LOQ_NG_L[s] : Math.max(LOQ_NG_L[s], round1(concentration));
                        // the eventId is set when the sample is emitted
                        buffer.add(new WastewaterSample(null, occurred, reportedAt, code[c], plantId[p],
                                SUBSTANCES[s], concentration, flow, population, belowLoq));
                        kinds.add(kind);
                    }
                }
                // all of one day's composites end in 08:00-10:00; order them by time, stably
                Integer[] order = new Integer[buffer.size()];
                for (int k = 0; k < order.length; k++) {
                    order[k] = k;
                }
                Arrays.sort(order, (x, y) -> buffer.get(x).getOccurredAt().compareTo(buffer.get(y).getOccurredAt()));
                List<WastewaterSample> sorted = new ArrayList<>(order.length);
                List<SimEvent.Kind> sortedKinds = new ArrayList<>(order.length);
                for (Integer k : order) {
                    sorted.add(buffer.get(k));
                    sortedKinds.add(kinds.get(k));
                }
                buffer.clear();
                buffer.addAll(sorted);
                kinds.clear();
                kinds.addAll(sortedKinds);
            }

            @Override
            SimEvent emit(String id) {
                WastewaterSample w = buffer.get(pos);
                SimEvent.Kind kind = kinds.get(pos);
                pos++;
                w.setEventId(id);
                long t = w.getOccurredAt().toEpochMilli();
                advance();
                return new SimEvent(SimInput.WASTEWATER_SAMPLES, w.getCountyCode(), w, null, kind, t);
            }
        }

        /** The planted events, pre-timed in the constructor. */
        private final class OverlayStream extends Source {
            private final Rng rng = Rng.derive(seed, 7);
            private int pos;

            OverlayStream() {
                time = overlayTime[0];
            }

            @Override
            SimEvent emit(String id) {
                long t = overlayTime[pos];
                SimEvent.Kind kind = overlayKind[pos];
                int index = overlayIndex[pos];
                pos++;
                time = pos < overlayTime.length ? overlayTime[pos] : Long.MAX_VALUE;
                switch (kind) {
                    case LARGE_SEIZURE -> {
                        String[] cps = countyCheckpoints[index];
                        Seizure s = new Seizure(id, Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + 2 * HOUR),
                                code[index], "sim-case-" + seed + "-large", DrugType.METHAMPHETAMINE,
                                BaseRates.LARGE_SEIZURE_GRAMS,
                                cps.length > 0 ? SeizureSource.CHECKPOINT : SeizureSource.INVESTIGATION,
                                cps.length > 0 ? cps[0] : null, null);
                        return event(SimInput.SEIZURES, index, s, kind, t);
                    }
                    case ARREST_SPIKE -> {
                        Arrest a = arrest(id, index, t, reported(rng, t, 0.7), rng);
                        return event(SimInput.ARRESTS, index, a, kind, t);
                    }
                    case CHECKPOINT_SURGE -> {
                        CheckpointInspection ci = inspection(id, index, t, true, reported(rng, t, 0.3), rng);
                        return event(SimInput.CHECKPOINT_INSPECTIONS, cpCounty[index], ci, kind, t);
                    }
                    default -> throw new IllegalStateException(kind.toString());
                }
            }
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
                    SimEvent original = recent[Math.floorMod(recentNext - 1 - r.nextInt(recentCount),
                            DUPLICATE_WINDOW)];
                    return new SimEvent(original.input(), original.key(), original.record(), null,
                            SimEvent.Kind.DUPLICATE, now);
                }
                case 2:
                    return late(r);
                default:
                    return invalid(r);
            }
        }

        private SimEvent poisonPill(Rng r) {
            SimInput input = SimInput.values()[r.nextInt(4)];
            String key = code[arrestTable.sample(r)];
            String id = nextId();
            byte[] payload;
            switch (r.nextInt(3)) {
                case 0 -> payload = ("{\"eventId\":\"" + id + "\",\"countyCode\":\"" + key + "\",\"note\":\"json, not avro\"}")
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

        private SimEvent late(Rng r) {
            long maxLateness = Math.min(8 * DAY, now - from);
            long t = now - (long) r.uniform(3 * DAY, maxLateness);
            Instant reportedAt = Instant.ofEpochMilli(now);
            String id = nextId();
            int which = r.pick(LATE_INPUT);
            if (which == 0 || checkpointTable.total() == 0) {
                int c = arrestTable.sample(r);
                return event(SimInput.ARRESTS, c, arrest(id, c, t, reportedAt, r), SimEvent.Kind.LATE, now);
            }
            if (which == 1) {
                int c = seizureTable.sample(r);
                return event(SimInput.SEIZURES, c, seizure(id, c, t, reportedAt, r), SimEvent.Kind.LATE, now);
            }
            int e = checkpointTable.sample(r);
            CheckpointInspection ci = inspection(id, e, t, r.nextDouble() < cpHitShare[e], reportedAt, r);
            return event(SimInput.CHECKPOINT_INSPECTIONS, cpCounty[e], ci, SimEvent.Kind.LATE, now);
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
                    return event(SimInput.ARRESTS, c, a, kind, now);
                }
                case 1 -> {
                    Arrest a = arrest(id, c, t, reportedAt, r);
                    String bad = code[c].substring(0, 5);
                    a.setCountyCode(bad);
                    return new SimEvent(SimInput.ARRESTS, bad, a, null, kind, now);
                }
                case 2 -> {
                    Seizure s = seizure(id, c, t, reportedAt, r);
                    s.setQuantityGrams(-s.getQuantityGrams());
                    return event(SimInput.SEIZURES, c, s, kind, now);
                }
                case 3 -> {
                    Seizure s = seizure(id, c, t, reportedAt, r);
                    String bad = "ABC" + code[c].substring(3);
                    s.setCountyCode(bad);
                    return new SimEvent(SimInput.SEIZURES, bad, s, null, kind, now);
                }
                case 4 -> {
                    if (checkpointTable.total() > 0) {
                        int e = checkpointTable.sample(r);
                        CheckpointInspection ci = inspection(id, e, t, false, reportedAt, r);
                        ci.setVehicles(0);
                        return event(SimInput.CHECKPOINT_INSPECTIONS, cpCounty[e], ci, kind, now);
                    }
                    Arrest a = arrest(id, c, t, reportedAt, r);
                    a.setSuspects(0);
                    return event(SimInput.ARRESTS, c, a, kind, now);
                }
                default -> {
                    WastewaterSample w = new WastewaterSample(id, Instant.ofEpochMilli(t), reportedAt, code[c],
                            code[c] + "-WWTP1", Substance.METHAMPHETAMINE, 120.0, 0.0, 100_000L, false);
                    return event(SimInput.WASTEWATER_SAMPLES, c, w, kind, now);
                }
            }
        }
    }

    private static final double[] LATE_INPUT = Rng.cumulative(50, 30, 20);
}
