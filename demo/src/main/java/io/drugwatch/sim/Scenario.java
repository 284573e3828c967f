package io.drugwatch.sim;

import java.util.Locale;

/**
 * Anomalies and bad data the generator can plant. Where and when each named scenario plants depends
 * only on the county list and the time span (not on the seed), so a demo prints the same plan every
 * time; {@link #ANOMALIES} are drawn from the seed. {@link EventGenerator#planted()} summarises the
 * plan, and the truth file ({@link EventGenerator#writeTruth}) records every anomaly, named ones
 * included.
 *
 * <p>Target counties, in order of preference (the first present in the county list wins):
 * <ul>
 *   <li>border target (LARGE_SEIZURE, CHECKPOINT_SURGE): 532530 金平 (Honghe, Yunnan border; the
 *       seed's 54 kg in under six months), else the first Yunnan border county, else the first border
 *       county, else the most populous county;</li>
 *   <li>arrest target (ARREST_SPIKE): 420103 江汉区 (Wuhan; ~1,400 offenders a year in the seed), else
 *       the most populous inland county, else the first county. This county always has at least
 *       {@link BaseRates#ARREST_TARGET_MIN_PER_DAY} arrest events a day, with or without the scenario;</li>
 *   <li>wastewater target (WASTEWATER_RISE): 530621 鲁甸 (the seed's sampled treatment plant), else
 *       640302 利通区 (Wuzhong), else the most populous inland county, else the first county.
 *       This county always has wastewater plants that sample daily, with or without the scenario.</li>
 * </ul>
 */
public enum Scenario {
    /**
     * One seizure of 12,500 g methamphetamine (a 万克 case) in the border target county, at 14:30
     * local time on the day three quarters into the span (source CHECKPOINT when the county has a
     * checkpoint). Normal traffic never reaches 10 kg, so without {@link #ANOMALIES} it is the only
     * seizure of at least 10 kg.
     */
    LARGE_SEIZURE("one 12,500 g methamphetamine seizure (万克 case) in a border county"),
    /**
     * Extra arrests in the arrest target county over one local day, seven days before the end of the
     * span: max(4 × the county's true mean arrests that day, 12), so that day has about five times its
     * baseline (or at least 12 more arrests where the baseline is tiny). A COUNT_RISE in the truth.
     */
    ARREST_SPIKE("one county's arrests several times its baseline for one local day"),
    /**
     * The wastewater target county's methamphetamine concentrations are multiplied by 2.5 over the
     * last 7 days of the span (a step, not a ramp): the load more than doubles, so the 7-day mean stays
     * at least 1.8 × the previous 28 days despite lognormal day-to-day noise. A WASTEWATER_RAMP of
     * shape STEP without enforcement response in the truth, with its CONSUMPTION_RISE.
     */
    WASTEWATER_RISE("one county's methamphetamine wastewater load more than doubles over the last 7 days"),
    /**
     * Extra checkpoint hits (one vehicle, not CLEAR) in the border target county over the last 7 days
     * of the span, at three times each checkpoint direction's hit intensity of the day: the hit rate
     * per 1,000 vehicles becomes about four times its baseline. A HIT_RATE_SURGE in the truth.
     */
    CHECKPOINT_SURGE("one county's checkpoint hit rate ×4 over the last 7 days"),
    /**
     * Random anomalies of every kind across the counties, drawn from the seed and each county's code
     * and recorded in the truth file ({@link EventGenerator#writeTruth}): count rises of arrests
     * and seizures (×1.5, 2 or 3 over 3–21 days, step or ramp), wastewater ramps (×1.5–3 over 1–3
     * weeks, then a plateau of 2–8 weeks; half with an enforcement response, a count rise of
     * arrests ×1.5 over the plateau), checkpoint hit-rate surges (×2–4 over 7–21 days) and a few
     * seizures of 10–80 kg. None starts in the first 120 days of the span; anomalies that one rule
     * family judges in one county are at least 60 days apart. See {@link BaseRates} for the rates.
     */
    ANOMALIES("random anomalies of every kind across counties, recorded in the truth file"),
    /**
     * After each emitted event, with probability {@link GeneratorOptions#badRecordRate()} (default
     * 0.5 %), one bad record, evenly among: a poison pill (JSON text, random bytes, or a Confluent
     * frame with an unknown schema id), an exact duplicate of one of the last 64 normal events, a late
     * report (occurredAt 3–8 days before the stream time, within the span), and an invalid record
     * (suspects 0, a five-digit or non-numeric county code, negative grams, 0 vehicles, or 0 flow).
     */
    BAD_RECORDS("~0.5% bad records: poison pills, duplicates, late reports, invalid records");

    private final String summary;

    Scenario(String summary) {
        this.summary = summary;
    }

    /** One line saying what the scenario plants. */
    public String summary() {
        return summary;
    }

    /** Parses "large-seizure", "LARGE_SEIZURE", "largeSeizure"-style names. */
    public static Scenario parse(String name) {
        String n = name.trim()
                .replace('-', '_')
                .replaceAll("([a-z])([A-Z])", "$1_$2")
                .toUpperCase(Locale.ROOT);
        return valueOf(n);
    }
}
