package io.drugwatch.alerting;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Substance;
import io.drugwatch.settings.Closest;
import io.drugwatch.settings.Setting;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoublePredicate;

/**
 * Switches and tunables of the alert rules, read from the {@code alert.*} entries of the drugwatch
 * properties file. {@link #documented()} lists every key with its default and meaning (docs/alerts.md
 * carries the same table, checked by a test); the rules themselves are explained in {@link AlertRules}.
 *
 * <p>Each statistical rule family has one budget, {@code alarm-days}: how many steady county-days per 1,000
 * may reach an alarm-level p-value. The threshold of each of its tests follows from it by the union bound
 * over the tests a county-day runs (see {@link Effective#countSpikeAlpha()} and the others); an alert opens
 * once for a run of such days, so false OPENs are fewer, as {@code drugwatch evaluate} measures.
 * docs/alerts.md writes out the arithmetic.
 *
 * <p>Any setting but language, resolve.after and campaigns can be set for one county:
 * {@code alert.county.<code>.<key without "alert.">}. A per-drug seizure threshold is more specific than a
 * per-county one: a county that lowers {@code large-seizure.warning.grams} lowers it for drugs, not for
 * precursors, unless it also sets {@code large-seizure.PRECURSOR.warning.grams}.
 */
public final class AlertSettings {

    /**
     * Version of the rules' logic, written into every alert's provenance next to its parameters. Bump it
     * when a rule computes differently, so alerts judged by different logic can be told apart.
     */
    public static final String RULE_VERSION = "2";

    public static final String LANGUAGE = "alert.language";
    public static final String RESOLVE_AFTER = "alert.resolve.after";
    public static final String LARGE_SEIZURE_RESOLVE_AFTER = "alert.large-seizure.resolve.after";
    public static final String CAMPAIGNS = "alert.campaigns";
    public static final String CAMPAIGN_UPLIFT = "alert.campaign.uplift";
    public static final String PEERS_MIN_DAILY = "alert.peers.min.daily";

    private static final String PREFIX = "alert.";
    private static final String COUNTY_PREFIX = "alert.county.";
    private static final String LS = "alert.large-seizure.";
    private static final String CS = "alert.count-spike.";
    private static final String WW = "alert.wastewater-rise.";
    private static final String CP = "alert.checkpoint-hit-rate.";
    private static final String CWE = "alert.consumption-without-enforcement.";

    private static final Map<AlertRule, String> RULE_PREFIX = new EnumMap<>(Map.of(
            AlertRule.LARGE_SEIZURE, LS,
            AlertRule.COUNT_SPIKE, CS,
            AlertRule.WASTEWATER_RISE, WW,
            AlertRule.CHECKPOINT_HIT_RATE, CP,
            AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT, CWE));

    private enum Type {
        BOOLEAN,
        LANGUAGE,
        POSITIVE_INT,
        NON_NEGATIVE_INT,
        POSITIVE,
        FRACTION,
        AT_LEAST_ONE,
        OPTIONAL_POSITIVE,
        DURATION,
        METRICS,
        CAMPAIGNS
    }

    private record Spec(String key, String defaultValue, Type type, boolean perCounty, String doc) {}

    private static final Map<String, Spec> SPECS = specs();

    private final Map<String, String> global;
    private final Map<String, Map<String, String>> counties;
    private final Effective globalEffective;
    private final List<Campaign> campaigns;
    private final Map<String, Effective> countyEffective = new ConcurrentHashMap<>();

    private AlertSettings(Map<String, String> global, Map<String, Map<String, String>> counties) {
        this.global = global;
        this.counties = counties;
        this.campaigns = Campaign.parseList(global.get(CAMPAIGNS));
        this.globalEffective = new Effective(null);
    }

    public static AlertSettings defaults() {
        return from(Map.of());
    }

    /**
     * @param given the {@code alert.*} entries of the configuration; missing keys take defaults
     * @throws IllegalArgumentException naming the key, for an unknown key, a malformed value or
     *     inconsistent thresholds
     */
    public static AlertSettings from(Map<String, String> given) {
        Map<String, String> global = new LinkedHashMap<>();
        for (Spec spec : SPECS.values()) {
            global.put(spec.key(), spec.defaultValue());
        }
        Map<String, Map<String, String>> counties = new TreeMap<>();
        // Sorted so that, of several bad entries, the same one is always reported.
        for (Map.Entry<String, String> e : new TreeMap<>(given).entrySet()) {
            String key = e.getKey().trim();
            String value = Objects.requireNonNull(e.getValue(), key).trim();
            if (key.startsWith(COUNTY_PREFIX)) {
                String rest = key.substring(COUNTY_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new IllegalArgumentException("setting '" + key + "' must look like " + COUNTY_PREFIX
                            + "<code>.<setting>, e.g. alert.county.532530.count-spike.threshold");
                }
                String county = rest.substring(0, dot);
                String generic = PREFIX + rest.substring(dot + 1);
                Spec spec = SPECS.get(generic);
                if (spec == null) {
                    throw unknown(key, COUNTY_PREFIX + county + ".", generic);
                }
                if (!spec.perCounty()) {
                    throw new IllegalArgumentException("setting '" + key + "': " + generic
                            + " applies to all counties and cannot be set per county");
                }
                counties.computeIfAbsent(county, c -> new LinkedHashMap<>()).put(generic, canonical(key, spec, value));
            } else {
                Spec spec = SPECS.get(key);
                if (spec == null) {
                    throw unknown(key, PREFIX, key);
                }
                global.put(key, canonical(key, spec, value));
            }
        }
        AlertSettings settings = new AlertSettings(global, counties);
        for (String county : counties.keySet()) {
            settings.forCounty(county);
        }
        return settings;
    }

    /** Every key with its default and meaning, for the configuration reference. */
    public static List<Setting> documented() {
        List<Setting> out = new ArrayList<>();
        for (Spec spec : SPECS.values()) {
            out.add(new Setting(spec.key(), spec.defaultValue(), spec.doc()));
        }
        out.add(new Setting(
                COUNTY_PREFIX + "<code>.<setting>",
                "",
                "Any alert setting but language, resolve.after and campaigns for one county, e.g."
                        + " alert.county.532530.count-spike.alarm-days=1."));
        return List.copyOf(out);
    }

    public Language language() {
        return Language.parse(global.get(LANGUAGE));
    }

    public int resolveAfter() {
        return Integer.parseInt(global.get(RESOLVE_AFTER));
    }

    /**
     * Events a day the other counties a processor judges must average over a baseline for their daily total
     * to set a county's expected counts ({@code alert.peers.min.daily}).
     */
    public double peersMinDaily() {
        return Double.parseDouble(global.get(PEERS_MIN_DAILY));
    }

    /** The configured campaigns ({@code alert.campaigns}), during which arrests are expected to run higher. */
    public List<Campaign> campaigns() {
        return campaigns;
    }

    /** The values in force in {@code countyCode}: its overrides over the global settings. */
    public Effective forCounty(String countyCode) {
        if (!counties.containsKey(countyCode)) {
            return globalEffective;
        }
        return countyEffective.computeIfAbsent(countyCode, Effective::new);
    }

    /**
     * The parameters {@code rule} runs with in {@code countyCode}, keyed by their global key names: what an
     * alert's provenance records.
     */
    public Map<String, String> parameters(AlertRule rule, String countyCode) {
        return forCounty(countyCode).parameters(rule);
    }

    /** Effective values for one county (or the global ones); all lookups are precomputed. */
    public final class Effective {

        private final String county;
        private final Set<AlertRule> enabled = EnumSet.noneOf(AlertRule.class);
        private final double[] warningGrams = new double[DrugType.values().length];
        private final double[] criticalGrams = new double[DrugType.values().length];
        private final Duration largeSeizureResolveAfter;
        private final double campaignUplift;
        private final List<CountMetric> countSpikeMetrics;
        private final double countSpikeAlarmDays;
        private final int countSpikeBaselineDays;
        private final int countSpikeMinBaselineDays;
        private final long countSpikeMinCount;
        private final double countSpikeMinRatio;
        private final double countSpikeCriticalRatio;
        private final double countSpikeMinExpected;
        private final double countSpikeHoldP;
        private final double wastewaterAlarmDays;
        private final int wastewaterRecentDays;
        private final int wastewaterMinRecentSamples;
        private final int wastewaterHistorySamples;
        private final int wastewaterMinHistorySamples;
        private final int wastewaterGuardDays;
        private final double wastewaterSdFloor;
        private final double wastewaterMaxBelowLoqShare;
        private final double wastewaterMinRatio;
        private final double wastewaterCriticalRatio;
        private final double wastewaterHoldP;
        private final Double[] ceilings = new Double[Substance.values().length];
        private final double checkpointAlarmDays;
        private final int checkpointBaselineDays;
        private final int checkpointMinBaselineDays;
        private final long checkpointMinHits;
        private final double checkpointMinRatio;
        private final double checkpointCriticalRatio;
        private final double checkpointHoldP;
        private final double consumptionAlarmDays;
        private final double enforcementMaxRatio;
        private final double enforcementMinExpected;
        private final Map<AlertRule, Map<String, String>> parameters = new EnumMap<>(AlertRule.class);

        private Effective(String county) {
            this.county = county;
            for (Map.Entry<AlertRule, String> e : RULE_PREFIX.entrySet()) {
                if (Boolean.parseBoolean(value(e.getValue() + "enabled"))) {
                    enabled.add(e.getKey());
                }
            }
            for (DrugType drug : DrugType.values()) {
                warningGrams[drug.ordinal()] = grams(drug, "warning");
                criticalGrams[drug.ordinal()] = grams(drug, "critical");
                requireOrdered(
                        LS + drug + ".critical.grams",
                        criticalGrams[drug.ordinal()],
                        LS + drug + ".warning.grams",
                        warningGrams[drug.ordinal()]);
            }
            largeSeizureResolveAfter = Duration.parse(value(LARGE_SEIZURE_RESOLVE_AFTER));
            campaignUplift = number(CAMPAIGN_UPLIFT);
            countSpikeMetrics = value(CS + "metrics").isEmpty()
                    ? List.of()
                    : Arrays.stream(value(CS + "metrics").split(","))
                            .map(CountMetric::valueOf)
                            .toList();
            countSpikeAlarmDays = number(CS + "alarm-days");
            countSpikeBaselineDays = integer(CS + "baseline.days");
            countSpikeMinBaselineDays = integer(CS + "min.baseline.days");
            requireOrdered(
                    CS + "baseline.days", countSpikeBaselineDays, CS + "min.baseline.days", countSpikeMinBaselineDays);
            requireWithinSeries(CS + "baseline.days", countSpikeBaselineDays, AlertRules.LONGEST_WINDOW);
            countSpikeMinCount = integer(CS + "min.count");
            countSpikeMinRatio = number(CS + "min.ratio");
            countSpikeCriticalRatio = number(CS + "critical.ratio");
            requireOrdered(CS + "critical.ratio", countSpikeCriticalRatio, CS + "min.ratio", countSpikeMinRatio);
            countSpikeMinExpected = number(CS + "min.expected");
            countSpikeHoldP = number(CS + "hold.p-value");
            wastewaterAlarmDays = number(WW + "alarm-days");
            wastewaterRecentDays = integer(WW + "recent.days");
            wastewaterMinRecentSamples = integer(WW + "min.recent.samples");
            wastewaterHistorySamples = integer(WW + "history.samples");
            wastewaterMinHistorySamples = integer(WW + "min.history.samples");
            requireOrdered(
                    WW + "history.samples",
                    wastewaterHistorySamples,
                    WW + "min.history.samples",
                    wastewaterMinHistorySamples);
            wastewaterGuardDays = integer(WW + "guard.days");
            wastewaterSdFloor = number(WW + "sd.floor");
            wastewaterMaxBelowLoqShare = number(WW + "max.below-loq.share");
            wastewaterMinRatio = number(WW + "min.ratio");
            wastewaterCriticalRatio = number(WW + "critical.ratio");
            requireOrdered(WW + "critical.ratio", wastewaterCriticalRatio, WW + "min.ratio", wastewaterMinRatio);
            wastewaterHoldP = number(WW + "hold.p-value");
            for (Substance s : Substance.values()) {
                String v = value(ceilingKey(s));
                ceilings[s.ordinal()] = v.isEmpty() ? null : Double.valueOf(v);
            }
            checkpointAlarmDays = number(CP + "alarm-days");
            checkpointBaselineDays = integer(CP + "baseline.days");
            checkpointMinBaselineDays = integer(CP + "min.baseline.days");
            requireOrdered(
                    CP + "baseline.days", checkpointBaselineDays, CP + "min.baseline.days", checkpointMinBaselineDays);
            requireWithinSeries(CP + "baseline.days", checkpointBaselineDays, AlertRules.HIT_RATE_WINDOW);
            checkpointMinHits = integer(CP + "min.hits");
            checkpointMinRatio = number(CP + "min.ratio");
            checkpointCriticalRatio = number(CP + "critical.ratio");
            requireOrdered(CP + "critical.ratio", checkpointCriticalRatio, CP + "min.ratio", checkpointMinRatio);
            checkpointHoldP = number(CP + "hold.p-value");
            consumptionAlarmDays = number(CWE + "alarm-days");
            enforcementMaxRatio = number(CWE + "enforcement.max.ratio");
            enforcementMinExpected = number(CWE + "min.expected");
            for (AlertRule rule : AlertRule.values()) {
                parameters.put(rule, Collections.unmodifiableMap(describe(rule)));
            }
        }

        private String value(String key) {
            String v = county == null ? null : counties.get(county).get(key);
            return v != null ? v : global.get(key);
        }

        private double number(String key) {
            return Double.parseDouble(value(key));
        }

        private int integer(String key) {
            return Integer.parseInt(value(key));
        }

        /** The county's per-drug value, else the global per-drug value, else the (county's) generic one. */
        private double grams(DrugType drug, String level) {
            String drugKey = LS + drug + "." + level + ".grams";
            String v = county == null ? null : counties.get(county).get(drugKey);
            if (v == null || v.isEmpty()) {
                v = global.get(drugKey);
            }
            if (v.isEmpty()) {
                v = value(LS + level + ".grams");
            }
            return Double.parseDouble(v);
        }

        private void requireOrdered(String upperKey, double upper, String lowerKey, double lower) {
            if (upper < lower) {
                String where = county == null ? "" : "for county " + county + ", ";
                throw new IllegalArgumentException(where + upperKey + " (" + format(upper) + ") must not be below "
                        + lowerKey + " (" + format(lower) + ")");
            }
        }

        /** A baseline and the window after it must fit in the days a county's series keeps. */
        private void requireWithinSeries(String key, int baselineDays, int windowDays) {
            if (baselineDays + windowDays > CountySeries.DAYS) {
                String where = county == null ? "" : "for county " + county + ", ";
                throw new IllegalArgumentException(where + key + " (" + baselineDays + ") must be at most "
                        + (CountySeries.DAYS - windowDays) + ": the alert series keep " + CountySeries.DAYS + " days");
            }
        }

        private Map<String, String> describe(AlertRule rule) {
            Map<String, String> p = new LinkedHashMap<>();
            switch (rule) {
                case LARGE_SEIZURE -> {
                    p.put(LS + "warning.grams", value(LS + "warning.grams"));
                    p.put(LS + "critical.grams", value(LS + "critical.grams"));
                    for (DrugType drug : DrugType.values()) {
                        if (warningGrams[drug.ordinal()] != Double.parseDouble(value(LS + "warning.grams"))
                                || criticalGrams[drug.ordinal()] != Double.parseDouble(value(LS + "critical.grams"))) {
                            p.put(LS + drug + ".warning.grams", format(warningGrams[drug.ordinal()]));
                            p.put(LS + drug + ".critical.grams", format(criticalGrams[drug.ordinal()]));
                        }
                    }
                    p.put(LARGE_SEIZURE_RESOLVE_AFTER, value(LARGE_SEIZURE_RESOLVE_AFTER));
                }
                case COUNT_SPIKE -> {
                    for (String k : List.of(
                            "metrics",
                            "alarm-days",
                            "baseline.days",
                            "min.baseline.days",
                            "min.count",
                            "min.ratio",
                            "critical.ratio",
                            "min.expected",
                            "hold.p-value")) {
                        p.put(CS + k, value(CS + k));
                    }
                    p.put(CAMPAIGN_UPLIFT, value(CAMPAIGN_UPLIFT));
                }
                case WASTEWATER_RISE, CONSUMPTION_WITHOUT_ENFORCEMENT -> {
                    for (String k : List.of(
                            "alarm-days",
                            "recent.days",
                            "min.recent.samples",
                            "history.samples",
                            "min.history.samples",
                            "guard.days",
                            "sd.floor",
                            "max.below-loq.share",
                            "min.ratio",
                            "critical.ratio",
                            "hold.p-value")) {
                        p.put(WW + k, value(WW + k));
                    }
                    for (Substance s : Substance.values()) {
                        if (ceilings[s.ordinal()] != null) {
                            p.put(ceilingKey(s), value(ceilingKey(s)));
                        }
                    }
                    if (rule == AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT) {
                        p.put(CWE + "alarm-days", value(CWE + "alarm-days"));
                        p.put(CWE + "enforcement.max.ratio", value(CWE + "enforcement.max.ratio"));
                        p.put(CWE + "min.expected", value(CWE + "min.expected"));
                        p.put(CS + "baseline.days", value(CS + "baseline.days"));
                        p.put(CAMPAIGN_UPLIFT, value(CAMPAIGN_UPLIFT));
                    }
                }
                case CHECKPOINT_HIT_RATE -> {
                    for (String k : List.of(
                            "alarm-days",
                            "baseline.days",
                            "min.baseline.days",
                            "min.hits",
                            "min.ratio",
                            "critical.ratio",
                            "hold.p-value")) {
                        p.put(CP + k, value(CP + k));
                    }
                }
            }
            return p;
        }

        public boolean enabled(AlertRule rule) {
            return enabled.contains(rule);
        }

        public double largeSeizureWarningGrams(DrugType drug) {
            return warningGrams[drug.ordinal()];
        }

        public double largeSeizureCriticalGrams(DrugType drug) {
            return criticalGrams[drug.ordinal()];
        }

        public Duration largeSeizureResolveAfter() {
            return largeSeizureResolveAfter;
        }

        /** How many times the usual arrests a campaign day is expected to bring. */
        public double campaignUplift() {
            return campaignUplift;
        }

        public List<CountMetric> countSpikeMetrics() {
            return countSpikeMetrics;
        }

        /**
         * The p-value threshold of each COUNT_SPIKE test: the budget per county-day over the tests the
         * county-day runs (each metric it can judge, on {@link AlertRules#COUNT_WINDOWS} windows). By the
         * union bound a county-day then opens at most the budget.
         */
        public double countSpikeAlpha(int testsPerDay) {
            return countSpikeAlarmDays / 1000 / Math.max(1, testsPerDay);
        }

        /** The threshold when every metric is judged. */
        public double countSpikeAlpha() {
            return countSpikeAlpha(countSpikeMetrics.size() * AlertRules.COUNT_WINDOWS.length);
        }

        public int countSpikeBaselineDays() {
            return countSpikeBaselineDays;
        }

        public int countSpikeMinBaselineDays() {
            return countSpikeMinBaselineDays;
        }

        public long countSpikeMinCount() {
            return countSpikeMinCount;
        }

        public double countSpikeMinRatio() {
            return countSpikeMinRatio;
        }

        public double countSpikeCriticalRatio() {
            return countSpikeCriticalRatio;
        }

        public double countSpikeMinExpected() {
            return countSpikeMinExpected;
        }

        public double countSpikeHoldP() {
            return countSpikeHoldP;
        }

        /**
         * The p-value threshold of the test of one substance in a county, judged when a new sample arrives
         * (every {@code cadenceDays} days): the budget per county-day times the days between samples, over
         * the substances judged.
         */
        public double wastewaterAlpha(double cadenceDays, int substances) {
            return wastewaterAlarmDays / 1000 * Math.max(1, cadenceDays) / Math.max(1, substances);
        }

        public int wastewaterRecentDays() {
            return wastewaterRecentDays;
        }

        public int wastewaterMinRecentSamples() {
            return wastewaterMinRecentSamples;
        }

        public int wastewaterHistorySamples() {
            return wastewaterHistorySamples;
        }

        public int wastewaterMinHistorySamples() {
            return wastewaterMinHistorySamples;
        }

        public int wastewaterGuardDays() {
            return wastewaterGuardDays;
        }

        public double wastewaterSdFloor() {
            return wastewaterSdFloor;
        }

        public double wastewaterMaxBelowLoqShare() {
            return wastewaterMaxBelowLoqShare;
        }

        public double wastewaterMinRatio() {
            return wastewaterMinRatio;
        }

        public double wastewaterCriticalRatio() {
            return wastewaterCriticalRatio;
        }

        public double wastewaterHoldP() {
            return wastewaterHoldP;
        }

        /** mg/day/1000 inhabitants, or null when {@code substance} has no ceiling. */
        public Double wastewaterCeiling(Substance substance) {
            return ceilings[substance.ordinal()];
        }

        /** The p-value threshold of the daily hit-rate test: one test per county-day. */
        public double checkpointAlpha() {
            return checkpointAlarmDays / 1000;
        }

        public int checkpointBaselineDays() {
            return checkpointBaselineDays;
        }

        public int checkpointMinBaselineDays() {
            return checkpointMinBaselineDays;
        }

        public long checkpointMinHits() {
            return checkpointMinHits;
        }

        public double checkpointMinRatio() {
            return checkpointMinRatio;
        }

        public double checkpointCriticalRatio() {
            return checkpointCriticalRatio;
        }

        public double checkpointHoldP() {
            return checkpointHoldP;
        }

        /**
         * The recurrence interval (steady days between such findings by chance) a wastewater rise needs to
         * count for CONSUMPTION_WITHOUT_ENFORCEMENT: the same arithmetic as the wastewater threshold, on this
         * rule's budget, never looser than the wastewater one.
         */
        public double consumptionMinRecurrenceDays() {
            return 1000 / Math.min(consumptionAlarmDays, wastewaterAlarmDays);
        }

        public double enforcementMaxRatio() {
            return enforcementMaxRatio;
        }

        public double enforcementMinExpected() {
            return enforcementMinExpected;
        }

        /** See {@link AlertSettings#parameters(AlertRule, String)}. */
        public Map<String, String> parameters(AlertRule rule) {
            return parameters.get(rule);
        }
    }

    public static String ceilingKey(Substance substance) {
        return WW + substance + ".ceiling";
    }

    private static Map<String, Spec> specs() {
        List<Spec> list = new ArrayList<>();
        list.add(new Spec(LANGUAGE, "en", Type.LANGUAGE, false, "Language of alert summaries: en or zh."));
        list.add(new Spec(
                RESOLVE_AFTER,
                "2",
                Type.POSITIVE_INT,
                false,
                "Consecutive clear daily evaluations before an open alert is RESOLVED."));
        list.add(new Spec(
                CAMPAIGNS,
                "",
                Type.CAMPAIGNS,
                false,
                "Nationwide enforcement campaigns, name:from/to (yyyy-MM-dd, or MM-dd for every year), comma-"
                        + "separated, e.g. 6·26:2025-06-01/2025-06-30. Arrests on those days are expected at"
                        + " campaign.uplift times the usual."));
        list.add(new Spec(
                CAMPAIGN_UPLIFT,
                "1.45",
                Type.AT_LEAST_ONE,
                true,
                "How many times the usual arrests a campaign day brings (campaigns raise arrests 30-60%); used"
                        + " where there are too few peers."));
        list.add(new Spec(
                PEERS_MIN_DAILY,
                "20",
                Type.POSITIVE,
                false,
                "Events a day the other counties judged together must average for their daily total to set what"
                        + " a county is expected to count (campaigns, seasons and holidays included); fewer uses"
                        + " the campaign calendar."));
        list.add(enabled(LS, "LARGE_SEIZURE: one alert per seizure at or above a weight threshold."));
        list.add(new Spec(
                LS + "warning.grams",
                "1000",
                Type.POSITIVE,
                true,
                "A single seizure of at least this many grams is a WARNING (1 kg, the 千克 case class)."));
        list.add(new Spec(
                LS + "critical.grams",
                "10000",
                Type.POSITIVE,
                true,
                "A single seizure of at least this many grams is CRITICAL (10 kg, the 万克 case class)."));
        for (DrugType drug : DrugType.values()) {
            boolean precursor = drug == DrugType.PRECURSOR;
            list.add(new Spec(
                    LS + drug + ".warning.grams",
                    precursor ? "1000000" : "",
                    Type.OPTIONAL_POSITIVE,
                    true,
                    "WARNING weight for " + drug + " seizures; empty uses " + LS + "warning.grams."));
            list.add(new Spec(
                    LS + drug + ".critical.grams",
                    precursor ? "10000000" : "",
                    Type.OPTIONAL_POSITIVE,
                    true,
                    "CRITICAL weight for " + drug + " seizures; empty uses " + LS + "critical.grams."));
        }
        list.add(new Spec(
                LARGE_SEIZURE_RESOLVE_AFTER,
                "PT24H",
                Type.DURATION,
                true,
                "Event time after which a large-seizure alert resolves by itself (ISO-8601 duration)."));
        list.add(enabled(
                CS,
                "COUNT_SPIKE: 7- and 14-day counts against the predictive distribution of the"
                        + " county's own baseline."));
        list.add(new Spec(
                CS + "metrics",
                "ARREST_EVENTS,SEIZURE_EVENTS",
                Type.METRICS,
                true,
                "Daily counts to watch, comma-separated (ARREST_EVENTS, SUSPECTS, SEIZURE_EVENTS, INSPECTION_HITS)."));
        list.add(new Spec(
                CS + "alarm-days",
                "4",
                Type.POSITIVE,
                true,
                "Steady county-days per 1,000 allowed at an alarm-level p-value (union bound over a county-day's"
                        + " tests); sets each test's threshold. Measured false OPENs are fewer (docs/evaluation.md)."));
        list.add(new Spec(
                CS + "baseline.days",
                "126",
                Type.POSITIVE_INT,
                true,
                "Days of baseline before the judged windows (whole weeks, so weekdays cancel); at most 182."));
        list.add(new Spec(
                CS + "min.baseline.days",
                "28",
                Type.POSITIVE_INT,
                true,
                "Observed baseline days needed before a county is judged; fewer is INSUFFICIENT_DATA."));
        list.add(new Spec(
                CS + "min.count",
                "5",
                Type.NON_NEGATIVE_INT,
                true,
                "Events the judged window must hold to alarm (Farrington's rule of at least 5)."));
        list.add(new Spec(
                CS + "min.ratio",
                "1.5",
                Type.AT_LEAST_ONE,
                true,
                "Observed over expected needed to alarm, so a significant but small drift in a busy county"
                        + " does not."));
        list.add(new Spec(
                CS + "critical.ratio",
                "3",
                Type.AT_LEAST_ONE,
                true,
                "Observed over expected that makes an alarm CRITICAL."));
        list.add(new Spec(
                CS + "min.expected",
                "1",
                Type.POSITIVE,
                true,
                "Events a 14-day window must be expected to hold; sparser counties are INSUFFICIENT_DATA."));
        list.add(new Spec(
                CS + "hold.p-value",
                "0.01",
                Type.FRACTION,
                true,
                "An open alert holds while its p-value stays at or below this (hysteresis)."));
        list.add(enabled(
                WW,
                "WASTEWATER_RISE: each plant's latest loads against its own history (t-test on logs),"
                        + " plants combined by population."));
        list.add(new Spec(
                WW + "alarm-days",
                "3",
                Type.POSITIVE,
                true,
                "Steady county-days per 1,000 allowed at an alarm-level p-value (union bound over a county's"
                        + " substances and sampling days); sets each test's threshold."));
        list.add(new Spec(
                WW + "recent.days",
                "7",
                Type.POSITIVE_INT,
                true,
                "Days whose samples make a plant's recent level (daily plants)."));
        list.add(new Spec(
                WW + "min.recent.samples",
                "3",
                Type.POSITIVE_INT,
                true,
                "Latest samples that make a plant's recent level at least (weekly and monthly plants)."));
        list.add(new Spec(
                WW + "history.samples",
                "30",
                Type.POSITIVE_INT,
                true,
                "Earlier samples of the plant that make its history."));
        list.add(new Spec(
                WW + "min.history.samples",
                "6",
                Type.POSITIVE_INT,
                true,
                "Earlier samples a plant needs to be judged; fewer is INSUFFICIENT_DATA."));
        list.add(new Spec(
                WW + "guard.days",
                "14",
                Type.NON_NEGATIVE_INT,
                true,
                "Days before the recent samples left out of the history, so a slow rise is not its own baseline."));
        list.add(new Spec(
                WW + "sd.floor",
                "0.15",
                Type.POSITIVE,
                true,
                "Smallest standard deviation of log loads assumed (lognormal noise of about 15%)."));
        list.add(new Spec(
                WW + "max.below-loq.share",
                "0.5",
                Type.FRACTION,
                true,
                "A history below the limit of quantification more often than this counts those samples at the"
                        + " limit (an upper bound), and its recent samples must all be measured."));
        list.add(new Spec(
                WW + "min.ratio",
                "1.5",
                Type.AT_LEAST_ONE,
                true,
                "Recent over historical load (geometric means) needed to alarm."));
        list.add(new Spec(
                WW + "critical.ratio",
                "3",
                Type.AT_LEAST_ONE,
                true,
                "Recent over historical load that makes an alarm CRITICAL."));
        list.add(new Spec(
                WW + "hold.p-value",
                "0.01",
                Type.FRACTION,
                true,
                "An open alert holds while its p-value stays at or below this (hysteresis)."));
        for (Substance s : Substance.values()) {
            list.add(new Spec(
                    ceilingKey(s),
                    "",
                    Type.OPTIONAL_POSITIVE,
                    true,
                    "A recent " + s + " load (mg/day/1000 inhabitants) at or above this is CRITICAL, rise or not;"
                            + " empty for none."));
        }
        list.add(enabled(
                CP,
                "CHECKPOINT_HIT_RATE: 7-day hits against the hits the baseline hit rate predicts"
                        + " for the vehicles inspected."));
        list.add(new Spec(
                CP + "alarm-days",
                "3",
                Type.POSITIVE,
                true,
                "Steady county-days per 1,000 allowed at an alarm-level p-value; sets the test's threshold."));
        list.add(new Spec(
                CP + "baseline.days",
                "84",
                Type.POSITIVE_INT,
                true,
                "Days of baseline before the 7 days; at most 189."));
        list.add(new Spec(
                CP + "min.baseline.days",
                "28",
                Type.POSITIVE_INT,
                true,
                "Observed baseline days needed before a county is judged."));
        list.add(new Spec(CP + "min.hits", "5", Type.NON_NEGATIVE_INT, true, "Hits the 7 days need to alarm."));
        list.add(new Spec(
                CP + "min.ratio", "1.5", Type.AT_LEAST_ONE, true, "Hit rate over baseline hit rate needed to alarm."));
        list.add(new Spec(
                CP + "critical.ratio",
                "3",
                Type.AT_LEAST_ONE,
                true,
                "Hit rate over baseline hit rate that makes an alarm CRITICAL."));
        list.add(new Spec(
                CP + "hold.p-value",
                "0.01",
                Type.FRACTION,
                true,
                "An open alert holds while its p-value stays at or below this (hysteresis)."));
        list.add(enabled(
                CWE,
                "CONSUMPTION_WITHOUT_ENFORCEMENT: wastewater rises while use/possession"
                        + " arrests and relapses do not."));
        list.add(new Spec(
                CWE + "alarm-days",
                "2",
                Type.POSITIVE,
                true,
                "Steady county-days per 1,000 allowed at an alarm-level p-value: a wastewater rise counts when"
                        + " its p-value is within this share of the WASTEWATER_RISE budget (never more than that"
                        + " budget). Lower than it, as half the rises that wastewater sees come with an enforcement"
                        + " response too small to show in 28 days."));
        list.add(new Spec(
                CWE + "enforcement.max.ratio",
                "1.25",
                Type.AT_LEAST_ONE,
                true,
                "Use/possession suspects plus relapses over 28 days must reach this times their expected level"
                        + " (and be significant at 20%, one-sided) to count as a response to a consumption rise."));
        list.add(new Spec(
                CWE + "min.expected",
                "16",
                Type.POSITIVE,
                true,
                "Use/possession suspects plus relapses expected in 28 days for a county to be judged: with 16,"
                        + " a 1.5x response is seen about four times in five; sparser is INSUFFICIENT_DATA."));
        Map<String, Spec> map = new LinkedHashMap<>();
        for (Spec spec : list) {
            map.put(spec.key(), spec);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Spec enabled(String prefix, String doc) {
        return new Spec(prefix + "enabled", "true", Type.BOOLEAN, true, "Turns " + doc);
    }

    /** Parses {@code value} as {@code spec} demands and returns it in one spelling, for provenance. */
    private static String canonical(String key, Spec spec, String value) {
        return switch (spec.type()) {
            case BOOLEAN -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw invalid(key, "true or false", value);
                }
                yield value.toLowerCase(Locale.ROOT);
            }
            case LANGUAGE -> {
                try {
                    yield Language.parse(value).code();
                } catch (IllegalArgumentException e) {
                    throw invalid(key, "en or zh", value);
                }
            }
            case POSITIVE_INT -> integer(key, value, 1);
            case NON_NEGATIVE_INT -> integer(key, value, 0);
            case POSITIVE -> format(number(key, value, "a positive number", d -> d > 0));
            case OPTIONAL_POSITIVE ->
                value.isEmpty() ? "" : format(number(key, value, "a positive number or nothing", d -> d > 0));
            case FRACTION -> format(number(key, value, "a number in (0, 1]", d -> d > 0 && d <= 1));
            case AT_LEAST_ONE -> format(number(key, value, "a number of at least 1", d -> d >= 1));
            case CAMPAIGNS -> {
                try {
                    yield String.join(
                            ",",
                            Campaign.parseList(value).stream()
                                    .map(Campaign::format)
                                    .toList());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage());
                }
            }
            case DURATION -> {
                Duration d;
                try {
                    d = Duration.parse(value);
                } catch (DateTimeParseException e) {
                    throw invalid(key, "an ISO-8601 duration such as PT24H", value);
                }
                if (d.isNegative() || d.isZero()) {
                    throw invalid(key, "a positive ISO-8601 duration such as PT24H", value);
                }
                yield d.toString();
            }
            case METRICS -> {
                Set<String> metrics = new LinkedHashSet<>();
                for (String m : value.split(",")) {
                    if (!m.isBlank()) {
                        try {
                            metrics.add(CountMetric.valueOf(m.trim().toUpperCase(Locale.ROOT))
                                    .name());
                        } catch (IllegalArgumentException e) {
                            throw invalid(
                                    key, "a comma-separated list of " + Arrays.toString(CountMetric.values()), value);
                        }
                    }
                }
                yield String.join(",", metrics);
            }
        };
    }

    private static String integer(String key, String value, int min) {
        int i;
        try {
            i = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(key, "an integer of at least " + min, value);
        }
        if (i < min) {
            throw invalid(key, "an integer of at least " + min, value);
        }
        return Integer.toString(i);
    }

    private static double number(String key, String value, String expected, DoublePredicate valid) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key, expected, value);
        }
        if (!Double.isFinite(d) || !valid.test(d)) {
            throw invalid(key, expected, value);
        }
        return d;
    }

    private static IllegalArgumentException invalid(String key, String expected, String value) {
        return new IllegalArgumentException(key + ": expected " + expected + ", got '" + value + "'");
    }

    private static IllegalArgumentException unknown(String key, String prefix, String generic) {
        String best = Closest.to(generic, SPECS.keySet());
        return new IllegalArgumentException("unknown alert setting '" + key + "' (closest known: '" + prefix
                + best.substring(PREFIX.length()) + "')");
    }

    /** Plain decimal without trailing zeros: 1000000 rather than 1.0E6, 0.8 rather than 0.80. */
    static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
