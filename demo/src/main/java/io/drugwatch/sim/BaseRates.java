package io.drugwatch.sim;

/**
 * The base rates of normal traffic at volume 1, "in the spirit of" the seed reports
 * (/work/shared/seeds) and the national figures in docs/domain.md. Rates are expected events per
 * simulated day; a diurnal profile (local time) shapes them within the day.
 *
 * <ul>
 *   <li><b>Arrests.</b> MPS 2013–2022: 1.28 M suspects + 6.79 M user findings in 10 years, about
 *       0.8 M a year for 1.4 G people, i.e. ~0.5 a day per 300,000; recent years are lower, so a
 *       county's mean is {@value #ARRESTS_PER_DAY_PER_300K} arrest events a day per 300,000
 *       inhabitants, most of them USE (68 %) and POSSESSION (14 %) inland. Border counties have
 *       1 + {@value #BORDER_ARREST_EXTRA} × border weight times that, with a third TRAFFICKING. Each
 *       county's base rate is lognormal around that mean (log-sd {@value #ARREST_RATE_SIGMA}, mean
 *       kept) and clamped to [{@value #MIN_ARRESTS_PER_DAY}, {@value #MAX_ARRESTS_PER_DAY}]: about
 *       70 % of county-days have no arrest, and the busiest counties see a few a day. Jianghan district
 *       (650 k) reports ~1,400 offenders a year, 3.8 a day: its mean here is 0.86 events before the
 *       lognormal spread, of 1–6 suspects each (one to three for use and possession); as the arrest
 *       target it keeps at least {@value #ARREST_TARGET_MIN_PER_DAY} a day.</li>
 *   <li><b>Daily counts.</b> A county's arrests and seizures of a day are negative binomial around
 *       its true mean: a gamma intensity with the county's size (uniform in [{@value #MIN_SIZE},
 *       {@value #MAX_SIZE}]), then Poisson, so the variance is mean + mean²/size, 2–4 × the mean in
 *       the busiest counties, as case counts are. The true mean is the base rate × volume × weekday
 *       (weekends 15 % lower) × season (±10–15 % over the year, peak in summer, from the seed) ×
 *       Spring Festival (down to 35 % lower in the holiday week) × the county's drift (log-linear,
 *       sd {@value #TREND_SD} a year) × campaign uplift. Campaigns: 6·26 (every June, 2–5 weeks up to
 *       the 26th), 冬春肃毒 (every winter, 4–6 weeks from late November or December), 集中收戒 (most
 *       springs, 2–4 weeks) and 百日行动 (some late summers, 4–6 weeks), each ×1.3–1.6 nationwide, each
 *       county within ±20 % of that uplift; dates and uplifts are drawn from the seed and the year.
 *       The truth file records every county's true mean for every day.</li>
 *   <li><b>Seizures.</b> Inland {@value #INLAND_SEIZURES_PER_DAY_PER_300K} a day per 300,000 (Ludian,
 *       400 k: 15 cases a year), lognormal around that by county (log-sd {@value #SEIZURE_RATE_SIGMA}),
 *       of lognormal grams, median {@value #INLAND_SEIZURE_MEDIAN_G} g, log-sd
 *       {@value #INLAND_SEIZURE_SIGMA} (mean ~15 g; Ludian: 1,443 g / 15 cases). Border counties add
 *       {@value #BORDER_SEIZURES_PER_DAY} × border weight × √(population/300,000) a day of median
 *       {@value #BORDER_SEIZURE_MEDIAN_G} g, log-sd {@value #BORDER_SEIZURE_SIGMA} (mean ~440 g, 8 %
 *       at least 1 kg): for Jinping that is ~40 kg and ~7 千克 cases in six months, against the seed's
 *       54 kg with 5 千克 and 2 万克 cases. Mostly meth tablets, heroin and methamphetamine at the
 *       border. Same calendar as arrests, without campaigns.</li>
 *   <li><b>The 10 kg cap.</b> A normal seizure is redrawn while it would reach
 *       {@value #MAX_NORMAL_SEIZURE_GRAMS} g, so no normal seizure (precursors included) is ever
 *       ≥ 10,000 g: a 万克 seizure in the output is always planted ({@link Scenario#LARGE_SEIZURE} or
 *       {@link Scenario#ANOMALIES}).</li>
 *   <li><b>Checkpoints.</b> Every border county has 2–3 checkpoints, {@value #INLAND_CHECKPOINT_SHARE_DOC}
 *       of inland counties one; each checks both directions (双向查缉). Per direction, border
 *       300–1,500 vehicles a day (600–3,000 per checkpoint) with 1.5–3 hits per 1,000, inland 100–450
 *       with 0.8–1.5 per 1,000. Traffic varies by weekday (Friday and weekends heavier) and by day
 *       (lognormal, log-sd {@value #TRAFFIC_DAY_SIGMA}); the hit rate of each checkpoint direction and
 *       day is × a lognormal of log-sd {@value #HIT_RATE_DAY_SIGMA} (mean 1). CLEAR vehicles are
 *       summarised in batch records, about {@value #BORDER_BATCHES_PER_DAY} (border) or
 *       {@value #INLAND_BATCHES_PER_DAY} (inland) per direction a day; each hit is its own one-vehicle
 *       record.</li>
 *   <li><b>Wastewater.</b> {@value #WASTEWATER_COUNTY_SHARE_DOC} of counties monitor 1–3 plants
 *       serving 35–75 % of the population at 0.18–0.30 m³ per person a day. Each plant takes a 24 h
 *       composite (ending 08:00–10:00 local) daily, weekly or every 28 days (15 / 65 / 20 % of plants),
 *       analysed for methamphetamine, ketamine, morphine and MDMA. County baseline loads
 *       (mg/day/1000) are lognormal: methamphetamine median 70 (log-sd 0.7, ×1.8 at the border; China
 *       2018: 23–376, mean 157), ketamine median 2 (log-sd 1.2; China 2015: &lt;0.2–90), morphine
 *       median 15, MDMA median 0.3; each sample has lognormal noise with the plant's own log-sd
 *       (uniform in [{@value #MIN_PLANT_SIGMA}, {@value #MAX_PLANT_SIGMA}]), mean kept.
 *       Concentration = load × population served / flow, so a pipeline computing load =
 *       concentration × flow / population gets the load back. Rain days (about
 *       {@value #RAIN_DAY_SHARE} of days, more in summer) raise a county's flows 1.25–3 × and dilute
 *       the concentrations as much, so the load is kept but noisier (extra log-sd
 *       {@value #RAIN_LOAD_SIGMA}). Samples under the limit of quantification (1–2 ng/L) are
 *       belowLoq with the LOQ as concentration: some ketamine, many MDMA.</li>
 *   <li><b>Reporting.</b> Arrests and seizures carry reportedAt 70 % of the time, checkpoint batches
 *       30 %, with a lognormal delay (median 40 min, 1 min to 48 h); lab results always, 2–72 h later.</li>
 *   <li><b>Planted anomalies</b> ({@link Scenario#ANOMALIES}) start {@value #ANOMALY_BASELINE_DAYS}
 *       days into the span or later and are {@value #ANOMALY_SPACING_DAYS} days apart within a rule
 *       family and county; each county draws them as a renewal process with the mean extra gaps
 *       below. Over 300 counties and 3 years that is about 650 count rises, 130 wastewater ramps,
 *       250 hit-rate surges and 10–20 万克 seizures.</li>
 * </ul>
 * With the ~2,850 mainland counties this gives about 40,000 events a day, most of them checkpoint
 * batches: three years are ~43 M events.
 */
public final class BaseRates {

    public static final long DEFAULT_POPULATION = 300_000;
    public static final double ARRESTS_PER_DAY_PER_300K = 0.4;
    /** Log-sd of a county's base arrest rate around its population- and border-driven mean (mean kept). */
    public static final double ARREST_RATE_SIGMA = 0.8;

    public static final double MIN_ARRESTS_PER_DAY = 0.03;
    public static final double MAX_ARRESTS_PER_DAY = 5;
    /**
     * Arrest events a day, at least, of the arrest target county (420103 Jianghan, whose seed reports
     * ~1,400 offenders a year): the random draw can leave it so sparse that at the demo's volume its
     * count rules have too little to judge, and the demo's one-day spike would go unseen.
     */
    public static final double ARREST_TARGET_MIN_PER_DAY = 0.7;
    /** Log-sd of a county's base seizure rate around its mean (mean kept). */
    public static final double SEIZURE_RATE_SIGMA = 0.5;
    /** Negative binomial size of a county's daily counts: uniform in [MIN_SIZE, MAX_SIZE]. */
    public static final double MIN_SIZE = 1.3;

    public static final double MAX_SIZE = 4;
    /** Standard deviation of a county's log-linear drift per year (clamped at 2.5 sd). */
    public static final double TREND_SD = 0.03;
    /** Log-sd of a batch of CLEAR vehicles around its median size, so batches average e^(σ²/2) × the median. */
    public static final double BATCH_SIGMA = 0.3;
    /** Log-sd of a checkpoint direction's day-to-day vehicle count (mean kept). */
    public static final double TRAFFIC_DAY_SIGMA = 0.12;
    /** Log-sd of a checkpoint direction's day-to-day hit rate (mean kept). */
    public static final double HIT_RATE_DAY_SIGMA = 0.35;
    /** A plant's sample-to-sample log-sd of the load is uniform in [MIN_PLANT_SIGMA, MAX_PLANT_SIGMA]. */
    public static final double MIN_PLANT_SIGMA = 0.25;

    public static final double MAX_PLANT_SIGMA = 0.40;
    /** Share of rain days over the year; ± RAIN_SEASON_AMPLITUDE, most in July. */
    public static final double RAIN_DAY_SHARE = 0.2;

    public static final double RAIN_SEASON_AMPLITUDE = 0.13;
    /** Extra log-sd of a rain day's load (dilution, overflows, first flush). */
    public static final double RAIN_LOAD_SIGMA = 0.15;

    // ---- planted anomalies (Scenario.ANOMALIES) ----
    /** Random anomalies start this many days into the span, so rules have a baseline. */
    public static final int ANOMALY_BASELINE_DAYS = 120;
    /** Anomalies of one rule family in one county are at least this many days apart. */
    public static final int ANOMALY_SPACING_DAYS = 60;
    /** Mean extra gap (days) between a county's count rises, after the spacing. */
    public static final double COUNT_RISE_GAP_DAYS = 400;
    /** Share of count rises on seizures rather than arrests. */
    public static final double SEIZURE_RISE_SHARE = 0.2;
    /** Mean extra gap between a monitored county's wastewater ramps. */
    public static final double RAMP_GAP_DAYS = 200;
    /** Share of wastewater ramps with an enforcement response, and its factor on arrests. */
    public static final double ENFORCEMENT_RESPONSE_SHARE = 0.5;

    public static final double RESPONSE_FACTOR = 1.5;
    /** Mean extra gap between hit-rate surges of a county with checkpoints. */
    public static final double SURGE_GAP_DAYS = 300;
    /** Random 万克 seizures a year per border and per inland county. */
    public static final double BORDER_LARGE_SEIZURES_PER_YEAR = 0.2;

    public static final double INLAND_LARGE_SEIZURES_PER_YEAR = 0.01;
    public static final double MAX_LARGE_SEIZURE_GRAMS = 80_000;
    public static final double BORDER_ARREST_EXTRA = 1.5;
    public static final double INLAND_SEIZURES_PER_DAY_PER_300K = 0.06;
    public static final double BORDER_SEIZURES_PER_DAY = 0.5;
    public static final double INLAND_SEIZURE_MEDIAN_G = 3;
    public static final double INLAND_SEIZURE_SIGMA = 1.8;
    public static final double BORDER_SEIZURE_MEDIAN_G = 60;
    public static final double BORDER_SEIZURE_SIGMA = 2.0;
    /** Normal seizures stay at or below this; see the class comment. */
    public static final double MAX_NORMAL_SEIZURE_GRAMS = 9_999.0;
    /** Border weight of border counties in Yunnan (53) and Guangxi (45), the Golden Triangle routes. */
    public static final double MAIN_ROUTE_BORDER_WEIGHT = 1.0;
    /** Border weight of other border counties (Xinjiang, Tibet, Inner Mongolia, the north-east). */
    public static final double OTHER_BORDER_WEIGHT = 0.4;

    public static final double BORDER_BATCHES_PER_DAY = 24;
    public static final double INLAND_BATCHES_PER_DAY = 12;
    /** The size of the planted large seizure; see {@link Scenario#LARGE_SEIZURE}. */
    public static final double LARGE_SEIZURE_GRAMS = 12_500;
    /** Methamphetamine concentration factor of {@link Scenario#WASTEWATER_RISE}. */
    public static final double WASTEWATER_RISE_FACTOR = 2.5;
    /** Hit rate factor of {@link Scenario#CHECKPOINT_SURGE}: extra hits at (factor − 1) × baseline. */
    public static final double CHECKPOINT_SURGE_FACTOR = 4;

    static final String INLAND_CHECKPOINT_SHARE_DOC = "25 % (by default)";
    static final String WASTEWATER_COUNTY_SHARE_DOC = "15 % (by default)";

    private BaseRates() {}
}
