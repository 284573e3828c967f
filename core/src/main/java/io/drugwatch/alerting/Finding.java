package io.drugwatch.alerting;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one rule concluded about one subject of one county.
 *
 * @param subject what the rule looked at: a {@link CountMetric} name, a substance, a seizure's eventId,
 *     {@code checkpoints} or {@code consumption}
 * @param severity null when the entry condition does not hold
 * @param holding the condition holds at the hysteresis level; an open alert stays open while it does. Always
 *     true when {@code severity} is not null
 * @param observed the judged value: grams, a day's count, a 7-day mean load, hits per 1,000 vehicles, or
 *     use/possession suspects plus relapses over 7 days
 * @param expected the baseline, where the rule has one
 * @param threshold what the score (or the observed value) had to reach for {@code severity}; the WARNING
 *     level when there is no severity
 * @param score EARS C2 score, ratio to baseline or z; null where the rule has none
 * @param windowStart epoch ms, inclusive: local midnight starting the judged window
 * @param windowEnd epoch ms, exclusive
 * @param evidence event ids for per-event rules, empty otherwise
 * @param parameters the effective settings the rule ran with (see {@link AlertSettings#parameters}), plus
 *     the inputs that chose among them: {@code drugType} for LARGE_SEIZURE and {@code risingSubstances}
 *     for CONSUMPTION_WITHOUT_ENFORCEMENT, which the summaries need, and what the baseline was
 * @param statistics how surprising the finding is, for the statistical rules
 */
public record Finding(
        AlertRule rule,
        String subject,
        Severity severity,
        boolean holding,
        double observed,
        Double expected,
        double threshold,
        Double score,
        long windowStart,
        long windowEnd,
        List<String> evidence,
        Map<String, String> parameters,
        Statistics statistics) {

    public static final String DRUG_TYPE = "drugType";
    public static final String RISING_SUBSTANCES = "risingSubstances";
    /** The baseline days a count was judged against, {@code from/through}. */
    public static final String BASELINE = "baseline";
    /** The quasi-Poisson dispersion the counts were judged with. */
    public static final String DISPERSION = "dispersion";
    /** What set each day's expected share of a count: {@link #BY_PEERS} or {@link #BY_CALENDAR}. */
    public static final String EXPOSURE = "exposure";

    public static final String BY_PEERS = "peers";
    public static final String BY_CALENDAR = "calendar";
    /** How many treatment plants a wastewater finding combines. */
    public static final String PLANTS = "plants";

    /**
     * @param pValue the probability of a finding at least this extreme in the county's steady state
     * @param recurrenceDays the steady days that pass on average between such findings by chance
     * @param method the method that judged it
     * @param campaign the enforcement campaign the judged window overlaps, if any
     */
    public record Statistics(Double pValue, Double recurrenceDays, String method, String campaign) {

        /** For rules that are not statistical. */
        public static final Statistics NONE = new Statistics(null, null, null, null);
    }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(statistics, "statistics");
        if (severity != null && !holding) {
            throw new IllegalArgumentException("a finding with a severity holds by definition");
        }
        evidence = List.copyOf(evidence);
        // Order is kept so that provenance, and the bytes of an alert, come out the same every time.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Alerts about a single event: they resolve by expiry, not by clear evaluations. */
    public boolean perEvent() {
        return rule == AlertRule.LARGE_SEIZURE;
    }
}
