package io.drugwatch.sim;

/**
 * The base rates of normal traffic at volume 1, "in the spirit of" the seed reports
 * (/work/shared/seeds) and the national figures in docs/domain.md. Rates are expected events per
 * simulated day; a diurnal profile (local time) shapes them within the day.
 *
 * <ul>
 *   <li><b>Arrests.</b> MPS 2013–2022: 1.28 M suspects + 6.79 M user findings in 10 years, about
 *       0.8 M a year for 1.4 G people, i.e. ~0.5 a day per 300,000; recent years are lower, so
 *       {@value #ARRESTS_PER_DAY_PER_300K} arrest events a day per 300,000 inhabitants, most of them
 *       USE (68 %) and POSSESSION (14 %) inland. Border counties have
 *       1 + {@value #BORDER_ARREST_EXTRA} × border weight times that, with a third TRAFFICKING.
 *       Jianghan district (650 k) reports ~1,400 offenders a year: 3.8 a day, this gives ~1.1 events
 *       with 1.3 suspects each, the order of magnitude of an average district.</li>
 *   <li><b>Seizures.</b> Inland {@value #INLAND_SEIZURES_PER_DAY_PER_300K} a day per 300,000 (Ludian,
 *       400 k: 15 cases a year) of lognormal grams, median {@value #INLAND_SEIZURE_MEDIAN_G} g, log-sd
 *       {@value #INLAND_SEIZURE_SIGMA} (mean ~15 g; Ludian: 1,443 g / 15 cases). Border counties add
 *       {@value #BORDER_SEIZURES_PER_DAY} × border weight × √(population/300,000) a day of median
 *       {@value #BORDER_SEIZURE_MEDIAN_G} g, log-sd {@value #BORDER_SEIZURE_SIGMA} (mean ~440 g, 8 %
 *       at least 1 kg): for Jinping that is ~40 kg and ~7 千克 cases in six months, against the seed's
 *       54 kg with 5 千克 and 2 万克 cases. Mostly meth tablets, heroin and methamphetamine at the
 *       border.</li>
 *   <li><b>The 10 kg cap.</b> A normal seizure is redrawn while it would reach
 *       {@value #MAX_NORMAL_SEIZURE_GRAMS} g, so no normal seizure (precursors included) is ever
 *       ≥ 10,000 g: a 万克 seizure in the output is always the planted {@link Scenario#LARGE_SEIZURE}.</li>
 *   <li><b>Checkpoints.</b> Every border county has 2–3 checkpoints, {@value #INLAND_CHECKPOINT_SHARE_DOC}
 *       of inland counties one; each checks both directions (双向查缉). Per direction, border
 *       300–1,500 vehicles a day (600–3,000 per checkpoint) with 1.5–3 hits per 1,000, inland 100–450
 *       with 0.8–1.5 per 1,000. CLEAR vehicles are summarised in batch records, about
 *       {@value #BORDER_BATCHES_PER_DAY} (border) or {@value #INLAND_BATCHES_PER_DAY} (inland) per
 *       direction a day; each hit is its own one-vehicle record.</li>
 *   <li><b>Wastewater.</b> {@value #WASTEWATER_COUNTY_SHARE_DOC} of counties monitor 1–3 plants
 *       serving 35–75 % of the population at 0.18–0.30 m³ per person a day. Each plant takes a 24 h
 *       composite every 3–7 days (ending 08:00–10:00 local) analysed for methamphetamine, ketamine,
 *       morphine and MDMA. County baseline loads (mg/day/1000) are lognormal: methamphetamine median
 *       70 (log-sd 0.7, ×1.8 at the border; China 2018: 23–376, mean 157), ketamine median 2 (log-sd
 *       1.2; China 2015: &lt;0.2–90), morphine median 15, MDMA median 0.3; each sample adds lognormal
 *       day-to-day noise (log-sd 0.3). Concentration = load × population served / flow, so a pipeline
 *       computing load = concentration × flow / population gets the load back. Samples under the
 *       limit of quantification (1–2 ng/L) are belowLoq with the LOQ as concentration: some
 *       ketamine, many MDMA.</li>
 *   <li><b>Reporting.</b> Arrests and seizures carry reportedAt 70 % of the time, checkpoint batches
 *       30 %, with a lognormal delay (median 40 min, 1 min to 48 h); lab results always, 2–72 h later.</li>
 * </ul>
 * With the ~2,850 mainland counties this gives about 36,000 events a day, most of them checkpoint
 * batches: a 90-day month of history is ~3 M events.
 */
public final class BaseRates {

    public static final long DEFAULT_POPULATION = 300_000;
    public static final double ARRESTS_PER_DAY_PER_300K = 0.4;
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

    private BaseRates() {
    }
}
