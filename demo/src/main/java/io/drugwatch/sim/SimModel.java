package io.drugwatch.sim;

import static io.drugwatch.sim.BaseRates.ARRESTS_PER_DAY_PER_300K;
import static io.drugwatch.sim.BaseRates.ARREST_RATE_SIGMA;
import static io.drugwatch.sim.BaseRates.BORDER_ARREST_EXTRA;
import static io.drugwatch.sim.BaseRates.BORDER_BATCHES_PER_DAY;
import static io.drugwatch.sim.BaseRates.BORDER_SEIZURES_PER_DAY;
import static io.drugwatch.sim.BaseRates.DEFAULT_POPULATION;
import static io.drugwatch.sim.BaseRates.INLAND_BATCHES_PER_DAY;
import static io.drugwatch.sim.BaseRates.INLAND_SEIZURES_PER_DAY_PER_300K;
import static io.drugwatch.sim.BaseRates.MAX_ARRESTS_PER_DAY;
import static io.drugwatch.sim.BaseRates.MIN_ARRESTS_PER_DAY;
import static io.drugwatch.sim.BaseRates.SEIZURE_RATE_SIGMA;

import io.drugwatch.model.County;
import io.drugwatch.model.Direction;
import io.drugwatch.model.Substance;
import java.util.ArrayList;
import java.util.List;

/**
 * The counties as the generator sees them: base rates, dispersion, drift, checkpoints and plants,
 * and the true daily means. Each county's set-up is drawn from the seed and its code alone, so a
 * county is the same in a national run and in a sample, whatever the scenarios.
 */
final class SimModel {

    static final int MAX_CHECKPOINTS = 3;
    static final int MAX_PLANTS = 3;
    /** Drift is relative to this day (2025-01-01). */
    static final long DRIFT_REFERENCE_DAY = java.time.LocalDate.of(2025, 1, 1).toEpochDay();

    static final Direction[] DIRECTIONS = {Direction.INBOUND, Direction.OUTBOUND};

    /** Substances analysed in every composite, with baseline load medians, log-sds and LOQs. */
    static final Substance[] SUBSTANCES = {
        Substance.METHAMPHETAMINE, Substance.KETAMINE, Substance.MORPHINE, Substance.MDMA
    };

    static final int METH = 0;
    private static final double[] LOAD_MEDIAN = {70, 2, 15, 0.3};
    private static final double[] LOAD_SIGMA = {0.7, 1.2, 0.6, 1.0};
    private static final double[] LOAD_MIN = {5, 0.05, 2, 0.01};
    private static final double[] LOAD_MAX = {600, 90, 120, 10};
    private static final double[] BORDER_LOAD_FACTOR = {1.8, 1, 1.5, 1};
    /** Sampling cadences in days and their shares among plants (daily, weekly, monthly). */
    static final int[] CADENCES = {1, 7, 28};

    private static final double[] CADENCE_SHARE = Rng.cumulative(15, 65, 20);

    private static final String[] PREFERRED_BORDER = {"532530"};
    private static final String[] PREFERRED_ARREST = {"420103"};
    private static final String[] PREFERRED_WASTEWATER = {"530621", "640302"};

    final long seed;
    final GeneratorOptions options;
    final SimCalendar calendar;

    final int n;
    final String[] code;
    final String[] name;
    final String[] agency;
    final boolean[] border;
    final long[] codeKey;
    final double[] population;
    /** Base arrest and seizure events a day at volume 1, before calendar, drift and campaigns. */
    final double[] arrestBase;

    final double[] seizureBase;
    /** Negative binomial size of the county's daily counts. */
    final double[] size;
    /** Log-linear drift per year. */
    final double[] trend;

    final String[][] countyCheckpoints;
    final double[][] baselineLoad;
    final int[][] countyPlants;

    // checkpoint directions ("entries")
    final int[] cpCounty;
    final String[] cpId;
    final Direction[] cpDirection;
    final double[] cpVehiclesPerDay;
    final double[] cpHitRate;
    final double[] cpBatchesPerDay;

    // wastewater plants
    final int[] plantCounty;
    final String[] plantId;
    final long[] plantPopulation;
    final double[] plantFlowPerCapita;
    final int[] plantCadence;
    final int[] plantPhase;
    final int[] plantMinute;
    final double[] plantSigma;

    final int borderTarget;
    final int arrestTarget;
    final int wastewaterTarget;

    final double arrestTotal;
    final double seizureTotal;
    final double checkpointRecordsTotal;
    final double wastewaterPerDay;

    SimModel(List<County> kept, long seed, GeneratorOptions options) {
        this.seed = seed;
        this.options = options;
        this.calendar = new SimCalendar(seed);
        n = kept.size();
        code = new String[n];
        name = new String[n];
        agency = new String[n];
        border = new boolean[n];
        codeKey = new long[n];
        population = new double[n];
        double[] borderWeight = new double[n];
        arrestBase = new double[n];
        seizureBase = new double[n];
        size = new double[n];
        trend = new double[n];
        for (int i = 0; i < n; i++) {
            County c = kept.get(i);
            code[i] = c.getCode();
            name[i] = c.getName();
            agency[i] = "PSB-" + code[i];
            border[i] = Boolean.TRUE.equals(c.getBorder());
            codeKey[i] = Long.parseLong(code[i]);
            Long p = c.getPopulation();
            population[i] = p == null || p <= 0 ? DEFAULT_POPULATION : p;
            boolean mainRoute = code[i].startsWith("53") || code[i].startsWith("45");
            borderWeight[i] =
                    !border[i] ? 0 : mainRoute ? BaseRates.MAIN_ROUTE_BORDER_WEIGHT : BaseRates.OTHER_BORDER_WEIGHT;
        }

        borderTarget = pick(PREFERRED_BORDER, i -> border[i] && code[i].startsWith("53"), i -> border[i]);
        arrestTarget = pick(PREFERRED_ARREST, i -> false, i -> !border[i]);
        wastewaterTarget = pick(PREFERRED_WASTEWATER, i -> false, i -> !border[i]);

        List<Integer> cpc = new ArrayList<>();
        List<String> cpi = new ArrayList<>();
        List<Direction> cpd = new ArrayList<>();
        List<double[]> cpv = new ArrayList<>(); // {vehiclesPerDay, hitRate, batchesPerDay}
        List<Integer> pc = new ArrayList<>();
        List<String> pi = new ArrayList<>();
        List<long[]> pl = new ArrayList<>(); // {population, cadence, phase, minute}
        List<double[]> pf = new ArrayList<>(); // {flow per capita, sigma}
        countyCheckpoints = new String[n][];
        baselineLoad = new double[n][];
        countyPlants = new int[n][];
        for (int i = 0; i < n; i++) {
            // the county's own stream: the same draws in every run with this seed, whatever the
            // other counties, the span and the scenarios
            Rng cfg = Rng.derive(seed, 0xC0_0000_0000L ^ codeKey[i]);
            double scale = population[i] / DEFAULT_POPULATION;
            double arrestMean = ARRESTS_PER_DAY_PER_300K * scale * (1 + BORDER_ARREST_EXTRA * borderWeight[i]);
            arrestBase[i] = clamp(arrestMean * cfg.noise(ARREST_RATE_SIGMA), MIN_ARRESTS_PER_DAY, MAX_ARRESTS_PER_DAY);
            if (i == arrestTarget) {
                arrestBase[i] = Math.max(arrestBase[i], BaseRates.ARREST_TARGET_MIN_PER_DAY);
            }
            double seizureMean = INLAND_SEIZURES_PER_DAY_PER_300K * scale
                    + BORDER_SEIZURES_PER_DAY * borderWeight[i] * Math.sqrt(scale);
            seizureBase[i] = seizureMean * cfg.noise(SEIZURE_RATE_SIGMA);
            size[i] = round3(cfg.uniform(BaseRates.MIN_SIZE, BaseRates.MAX_SIZE));
            trend[i] = round4(clamp(
                    BaseRates.TREND_SD * cfg.nextGaussian(), -2.5 * BaseRates.TREND_SD, 2.5 * BaseRates.TREND_SD));

            double uCheckpoint = cfg.nextDouble();
            double[] vehicles = new double[MAX_CHECKPOINTS * 2];
            double[] hits = new double[MAX_CHECKPOINTS * 2];
            for (int k = 0; k < vehicles.length; k++) {
                vehicles[k] = border[i] ? cfg.uniform(300, 1500) : cfg.uniform(100, 450);
                hits[k] = (border[i] ? cfg.uniform(1.5, 3.0) : cfg.uniform(0.8, 1.5)) / 1000;
            }
            int checkpoints =
                    border[i] ? (uCheckpoint < 0.4 ? 3 : 2) : uCheckpoint < options.inlandCheckpointShare() ? 1 : 0;
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
                    cpv.add(new double[] {
                        vehicles[2 * k + d],
                        hits[2 * k + d],
                        border[i] ? BORDER_BATCHES_PER_DAY : INLAND_BATCHES_PER_DAY
                    });
                }
            }

            double uWastewater = cfg.nextDouble();
            double uPlants = cfg.nextDouble();
            double served = population[i] * cfg.uniform(0.35, 0.75);
            double[] share = new double[MAX_PLANTS];
            double[] perCapita = new double[MAX_PLANTS];
            int[] cadence = new int[MAX_PLANTS];
            int[] phase = new int[MAX_PLANTS];
            int[] minute = new int[MAX_PLANTS];
            double[] sigma = new double[MAX_PLANTS];
            for (int k = 0; k < MAX_PLANTS; k++) {
                share[k] = cfg.uniform(0.5, 1.5);
                perCapita[k] = cfg.uniform(0.18, 0.30);
                cadence[k] = CADENCES[cfg.pick(CADENCE_SHARE)];
                phase[k] = cfg.nextInt(cadence[k]);
                minute[k] = cfg.nextInt(120);
                sigma[k] = round3(cfg.uniform(BaseRates.MIN_PLANT_SIGMA, BaseRates.MAX_PLANT_SIGMA));
            }
            double[] base = new double[SUBSTANCES.length];
            for (int s = 0; s < SUBSTANCES.length; s++) {
                double load = cfg.lognormal(LOAD_MEDIAN[s], LOAD_SIGMA[s]) * (border[i] ? BORDER_LOAD_FACTOR[s] : 1);
                base[s] = Math.min(LOAD_MAX[s], Math.max(LOAD_MIN[s], load));
            }
            int plants =
                    uWastewater < options.wastewaterCountyShare() ? (uPlants < 0.5 ? 1 : uPlants < 0.85 ? 2 : 3) : 0;
            boolean daily = i == wastewaterTarget;
            if (daily) {
                plants = MAX_PLANTS;
            }
            countyPlants[i] = new int[plants];
            if (plants > 0) {
                baselineLoad[i] = base;
                double shareTotal = 0;
                for (int k = 0; k < plants; k++) {
                    shareTotal += share[k];
                }
                for (int k = 0; k < plants; k++) {
                    countyPlants[i][k] = pc.size();
                    pc.add(i);
                    pi.add(code[i] + "-WWTP" + (k + 1));
                    long pop = Math.max(5_000, Math.round(served * share[k] / shareTotal));
                    pl.add(new long[] {pop, daily ? 1 : cadence[k], daily ? 0 : phase[k], minute[k]});
                    pf.add(new double[] {perCapita[k], sigma[k]});
                }
            }
        }
        int entries = cpc.size();
        cpCounty = new int[entries];
        cpId = new String[entries];
        cpDirection = new Direction[entries];
        cpVehiclesPerDay = new double[entries];
        cpHitRate = new double[entries];
        cpBatchesPerDay = new double[entries];
        double records = 0;
        for (int e = 0; e < entries; e++) {
            cpCounty[e] = cpc.get(e);
            cpId[e] = cpi.get(e);
            cpDirection[e] = cpd.get(e);
            double[] v = cpv.get(e);
            cpVehiclesPerDay[e] = v[0];
            cpHitRate[e] = v[1];
            cpBatchesPerDay[e] = v[2];
            records += v[2] + v[0] * v[1];
        }
        int plants = pc.size();
        plantCounty = new int[plants];
        plantId = new String[plants];
        plantPopulation = new long[plants];
        plantFlowPerCapita = new double[plants];
        plantCadence = new int[plants];
        plantPhase = new int[plants];
        plantMinute = new int[plants];
        plantSigma = new double[plants];
        double ww = 0;
        for (int p = 0; p < plants; p++) {
            plantCounty[p] = pc.get(p);
            plantId[p] = pi.get(p);
            long[] v = pl.get(p);
            plantPopulation[p] = v[0];
            plantCadence[p] = (int) v[1];
            plantPhase[p] = (int) v[2];
            plantMinute[p] = (int) v[3];
            plantFlowPerCapita[p] = pf.get(p)[0];
            plantSigma[p] = pf.get(p)[1];
            ww += SUBSTANCES.length / (double) plantCadence[p];
        }
        wastewaterPerDay = ww;
        arrestTotal = sum(arrestBase);
        seizureTotal = sum(seizureBase);
        checkpointRecordsTotal = records;
    }

    /** Whether plant p takes a composite on this local day. */
    boolean sampledOn(int p, long day) {
        return Math.floorMod(day + plantPhase[p], (long) plantCadence[p]) == 0;
    }

    /** Drift factor of county c on a day. */
    double drift(int c, long day) {
        return StrictMath.exp(trend[c] * (day - DRIFT_REFERENCE_DAY) / 365.25);
    }

    /**
     * The true daily means of every county on one day, at volume {@code volume}: arrests (campaigns
     * included) and seizures. The single definition used both to draw counts and to write the truth.
     */
    void means(long day, double volume, double[] arrests, double[] seizures) {
        double national = calendar.national(day) * volume;
        SimCalendar.Campaign campaign = calendar.campaignOn(day);
        for (int c = 0; c < n; c++) {
            double f = national * drift(c, day);
            double uplift = campaign == null ? 1 : calendar.countyUplift(campaign, codeKey[c]);
            arrests[c] = arrestBase[c] * f * uplift;
            seizures[c] = seizureBase[c] * f;
        }
    }

    /**
     * One county's true mean on a day, as {@link #means} computes it.
     *
     * @param national {@code calendar.national(day) * volume}
     * @param campaign {@code calendar.campaignOn(day)}
     */
    double countyMean(int c, long day, double national, SimCalendar.Campaign campaign, boolean arrests) {
        double f = national * drift(c, day);
        if (!arrests) {
            return seizureBase[c] * f;
        }
        double uplift = campaign == null ? 1 : calendar.countyUplift(campaign, codeKey[c]);
        return arrestBase[c] * f * uplift;
    }

    // ---------------------------------------------------------------- helpers

    private interface IntPredicate {
        boolean test(int i);
    }

    /** First preferred code present; else first index matching a, then the most populous matching b; else the most populous. */
    private int pick(String[] preferred, IntPredicate a, IntPredicate b) {
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
            if (b.test(i) && (best < 0 || population[i] > population[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            return best;
        }
        best = 0;
        for (int i = 1; i < n; i++) {
            if (population[i] > population[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The county codes the named scenarios prefer, in the order of {@link Scenario}'s list. */
    static List<String> preferredTargets() {
        List<String> out = new ArrayList<>();
        out.addAll(List.of(PREFERRED_BORDER));
        out.addAll(List.of(PREFERRED_ARREST));
        out.addAll(List.of(PREFERRED_WASTEWATER));
        return out;
    }

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
