package io.drugwatch.alerting;

import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Substance;
import io.drugwatch.settings.Closest;
import io.drugwatch.settings.Setting;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigException;

/**
 * Switches and tunables of the alert rules, read from the {@code alert.*} entries of the drugwatch
 * properties file. Every key is defined once in {@link #DEFINITION}, Kafka's {@link ConfigDef}, with its
 * default, check and documentation; docs/alerts.md's table is rendered from it. The rules themselves are
 * explained in {@link AlertRules}.
 *
 * <p>Each statistical rule family has one budget, {@code alarm-days}: how many steady county-days per 1,000
 * may reach an alarm-level p-value. The threshold of each of its tests follows from it by the union bound
 * over the tests a county-day runs (see {@link Effective#countSpikeAlpha()} and the others); an alert opens
 * once for a run of such days, so false OPENs are fewer, as {@code drugwatch evaluate} measures.
 * docs/alerts.md writes out the arithmetic.
 *
 * <p>Any setting but language, resolve.after, peers.min.daily and campaigns can be set for one county:
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

    /** The settings that apply to all counties; a per-county override of one is an error. */
    private static final Set<String> GLOBAL_ONLY = Set.of(LANGUAGE, RESOLVE_AFTER, CAMPAIGNS, PEERS_MIN_DAILY);

    /** Every {@code alert.*} key: its default, check, importance and documentation (Markdown). */
    public static final ConfigDef DEFINITION = definition();

    private static final List<Setting> DOCUMENTED = Stream.concat(
                    DEFINITION.configKeys().values().stream()
                            .map(k -> new Setting(k.name, (String) k.defaultValue, k.documentation)),
                    Stream.of(new Setting(
                            COUNTY_PREFIX + "<code>.<setting>",
                            "",
                            "Any alert setting but language, resolve.after, peers.min.daily and campaigns for one"
                                    + " county, e.g. alert.county.532530.count-spike.alarm-days=1.")))
            .toList();

    /**
     * Returns a valid {@code value} in the one spelling provenance records, or throws a {@link ConfigException}
     * whose message starts with {@code key}: for a county's override, the county's own key.
     */
    private interface Parser {
        String parse(String key, String value);
    }

    /** The check of one kind of value, as a {@link ConfigDef.Validator}. */
    private record Check(String description, Parser parser) implements ConfigDef.Validator {

        static final Check BOOLEAN = new Check("true or false", (key, value) -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw invalid(key, "true or false", value);
            }
            return value.toLowerCase(Locale.ROOT);
        });
        static final Check LANGUAGE = new Check("en or zh", (key, value) -> {
            try {
                return Language.parse(value).code();
            } catch (IllegalArgumentException e) {
                throw invalid(key, "en or zh", value);
            }
        });
        static final Check POSITIVE_INT = integer(1);
        static final Check NON_NEGATIVE_INT = integer(0);
        static final Check POSITIVE = number("a positive number", d -> d > 0);
        static final Check FRACTION = number("a number in (0, 1]", d -> d > 0 && d <= 1);
        static final Check AT_LEAST_ONE = number("a number of at least 1", d -> d >= 1);
        static final Check OPTIONAL_POSITIVE = new Check(
                "a positive number or nothing", (key, value) -> value.isEmpty() ? "" : POSITIVE.parse(key, value));
        static final Check DURATION = new Check("a positive ISO-8601 duration such as PT24H", (key, value) -> {
            Duration d;
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(key, "an ISO-8601 duration such as PT24H", value);
            }
            if (d.isNegative() || d.isZero()) {
                throw invalid(key, "a positive ISO-8601 duration such as PT24H", value);
            }
            return d.toString();
        });
        private static final String METRIC_LIST = "a comma-separated list of " + Arrays.toString(CountMetric.values());
        static final Check METRICS = new Check(METRIC_LIST, (key, value) -> {
            Set<String> metrics = new LinkedHashSet<>();
            for (String m : value.split(",")) {
                if (!m.isBlank()) {
                    try {
                        metrics.add(CountMetric.valueOf(m.trim().toUpperCase(Locale.ROOT))
                                .name());
                    } catch (IllegalArgumentException e) {
                        throw invalid(key, METRIC_LIST, value);
                    }
                }
            }
            return String.join(",", metrics);
        });
        static final Check CAMPAIGNS = new Check("name:from/to, comma-separated", (key, value) -> {
            try {
                return String.join(
                        ",",
                        Campaign.parseList(value).stream().map(Campaign::format).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        });

        private static Check integer(int min) {
            String expected = "an integer of at least " + min;
            return new Check(expected, (key, value) -> {
                int i;
                try {
                    i = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw invalid(key, expected, value);
                }
                if (i < min) {
                    throw invalid(key, expected, value);
                }
                return Integer.toString(i);
            });
        }

        private static Check number(String expected, DoublePredicate valid) {
            return new Check(expected, (key, value) -> {
                double d;
                try {
                    d = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw invalid(key, expected, value);
                }
                if (!Double.isFinite(d) || !valid.test(d)) {
                    throw invalid(key, expected, value);
                }
                return format(d);
            });
        }

        String parse(String key, String value) {
            return parser.parse(key, value);
        }

        @Override
        public void ensureValid(String name, Object value) {
            parse(name, String.valueOf(value));
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final Map<String, String> global;
    private final Map<String, Map<String, String>> counties;
    private final Language language;
    private final int resolveAfter;
    private final double peersMinDaily;
    private final List<Campaign> campaigns;
    private final Effective globalEffective;
    private final Map<String, Effective> countyEffective;

    /** Parses the canonical texts once: the getters and {@link #forCounty} only look up. */
    private AlertSettings(Map<String, String> global, Map<String, Map<String, String>> counties) {
        this.global = global;
        this.counties = counties;
        this.language = Language.parse(global.get(LANGUAGE));
        this.resolveAfter = Integer.parseInt(global.get(RESOLVE_AFTER));
        this.peersMinDaily = Double.parseDouble(global.get(PEERS_MIN_DAILY));
        this.campaigns = Campaign.parseList(global.get(CAMPAIGNS));
        this.globalEffective = new Effective(null);
        Map<String, Effective> effective = new LinkedHashMap<>();
        // In county order, so that of several inconsistent counties the same one is always reported.
        for (String county : counties.keySet()) {
            effective.put(county, new Effective(county));
        }
        this.countyEffective = Collections.unmodifiableMap(effective);
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
        DEFINITION.configKeys().forEach((key, definition) -> global.put(key, (String) definition.defaultValue));
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
                if (!DEFINITION.names().contains(generic)) {
                    throw unknown(key, COUNTY_PREFIX + county + ".", generic);
                }
                if (GLOBAL_ONLY.contains(generic)) {
                    throw new IllegalArgumentException("setting '" + key + "': " + generic
                            + " applies to all counties and cannot be set per county");
                }
                counties.computeIfAbsent(county, c -> new LinkedHashMap<>())
                        .put(generic, canonical(generic, key, value));
            } else {
                if (!DEFINITION.names().contains(key)) {
                    throw unknown(key, PREFIX, key);
                }
                global.put(key, canonical(key, key, value));
            }
        }
        return new AlertSettings(global, counties);
    }

    /**
     * {@code value} of {@code key} (a county's override of {@code generic}, or {@code generic} itself) in
     * the spelling provenance records, checked by the definition of {@code generic}.
     */
    private static String canonical(String generic, String key, String value) {
        // Every key is defined with a Check.
        Check check = (Check) DEFINITION.configKeys().get(generic).validator;
        try {
            return check.parse(key, value);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Every key with its default and meaning, in definition order, then the per-county form. */
    public static List<Setting> documented() {
        return DOCUMENTED;
    }

    public Language language() {
        return language;
    }

    public int resolveAfter() {
        return resolveAfter;
    }

    /**
     * Events a day the other counties a processor judges must average over a baseline for their daily total
     * to set a county's expected counts ({@code alert.peers.min.daily}).
     */
    public double peersMinDaily() {
        return peersMinDaily;
    }

    /** The configured campaigns ({@code alert.campaigns}), during which arrests are expected to run higher. */
    public List<Campaign> campaigns() {
        return campaigns;
    }

    /** The values in force in {@code countyCode}: its overrides over the global settings. */
    public Effective forCounty(String countyCode) {
        return countyEffective.getOrDefault(countyCode, globalEffective);
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

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        define(def, LANGUAGE, "en", Check.LANGUAGE, Importance.HIGH, "Language of alert summaries: en or zh.");
        define(
                def,
                RESOLVE_AFTER,
                "2",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Consecutive clear daily evaluations before an open alert is RESOLVED.");
        define(
                def,
                CAMPAIGNS,
                "",
                Check.CAMPAIGNS,
                Importance.MEDIUM,
                "Nationwide enforcement campaigns, name:from/to (yyyy-MM-dd, or MM-dd for every year), comma-"
                        + "separated, e.g. 6·26:2025-06-01/2025-06-30. Arrests on those days are expected at"
                        + " campaign.uplift times the usual.");
        define(
                def,
                CAMPAIGN_UPLIFT,
                "1.45",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "How many times the usual arrests a campaign day brings (campaigns raise arrests 30-60%); used"
                        + " where there are too few peers.");
        define(
                def,
                PEERS_MIN_DAILY,
                "20",
                Check.POSITIVE,
                Importance.MEDIUM,
                "Events a day the other counties judged together must average for their daily total to set what"
                        + " a county is expected to count (campaigns, seasons and holidays included); fewer uses"
                        + " the campaign calendar.");
        enabled(def, LS, "LARGE_SEIZURE: one alert per seizure at or above a weight threshold.");
        define(
                def,
                LS + "warning.grams",
                "1000",
                Check.POSITIVE,
                Importance.MEDIUM,
                "A single seizure of at least this many grams is a WARNING (1 kg, the 千克 case class).");
        define(
                def,
                LS + "critical.grams",
                "10000",
                Check.POSITIVE,
                Importance.MEDIUM,
                "A single seizure of at least this many grams is CRITICAL (10 kg, the 万克 case class).");
        for (DrugType drug : DrugType.values()) {
            boolean precursor = drug == DrugType.PRECURSOR;
            define(
                    def,
                    LS + drug + ".warning.grams",
                    precursor ? "1000000" : "",
                    Check.OPTIONAL_POSITIVE,
                    Importance.LOW,
                    "WARNING weight for " + drug + " seizures; empty uses " + LS + "warning.grams.");
            define(
                    def,
                    LS + drug + ".critical.grams",
                    precursor ? "10000000" : "",
                    Check.OPTIONAL_POSITIVE,
                    Importance.LOW,
                    "CRITICAL weight for " + drug + " seizures; empty uses " + LS + "critical.grams.");
        }
        define(
                def,
                LARGE_SEIZURE_RESOLVE_AFTER,
                "PT24H",
                Check.DURATION,
                Importance.MEDIUM,
                "Event time after which a large-seizure alert resolves by itself (ISO-8601 duration).");
        enabled(
                def,
                CS,
                "COUNT_SPIKE: 7- and 14-day counts against the predictive distribution of the"
                        + " county's own baseline.");
        define(
                def,
                CS + "metrics",
                "ARREST_EVENTS,SEIZURE_EVENTS",
                Check.METRICS,
                Importance.MEDIUM,
                "Daily counts to watch, comma-separated (ARREST_EVENTS, SUSPECTS, SEIZURE_EVENTS, INSPECTION_HITS).");
        define(
                def,
                CS + "alarm-days",
                "4",
                Check.POSITIVE,
                Importance.HIGH,
                "Steady county-days per 1,000 allowed at an alarm-level p-value (union bound over a county-day's"
                        + " tests); sets each test's threshold. Measured false OPENs are fewer (docs/evaluation.md).");
        define(
                def,
                CS + "baseline.days",
                "126",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Days of baseline before the judged windows (whole weeks, so weekdays cancel); at most 182.");
        define(
                def,
                CS + "min.baseline.days",
                "28",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Observed baseline days needed before a county is judged; fewer is INSUFFICIENT_DATA.");
        define(
                def,
                CS + "min.count",
                "5",
                Check.NON_NEGATIVE_INT,
                Importance.MEDIUM,
                "Events the judged window must hold to alarm (Farrington's rule of at least 5).");
        define(
                def,
                CS + "min.ratio",
                "1.5",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Observed over expected needed to alarm, so a significant but small drift in a busy county"
                        + " does not.");
        define(
                def,
                CS + "critical.ratio",
                "3",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Observed over expected that makes an alarm CRITICAL.");
        define(
                def,
                CS + "min.expected",
                "1",
                Check.POSITIVE,
                Importance.MEDIUM,
                "Events a 14-day window must be expected to hold; sparser counties are INSUFFICIENT_DATA.");
        define(
                def,
                CS + "hold.p-value",
                "0.01",
                Check.FRACTION,
                Importance.MEDIUM,
                "An open alert holds while its p-value stays at or below this (hysteresis).");
        enabled(
                def,
                WW,
                "WASTEWATER_RISE: each plant's latest loads against its own history (t-test on logs),"
                        + " plants combined by population.");
        define(
                def,
                WW + "alarm-days",
                "3",
                Check.POSITIVE,
                Importance.HIGH,
                "Steady county-days per 1,000 allowed at an alarm-level p-value (union bound over a county's"
                        + " substances and sampling days); sets each test's threshold.");
        define(
                def,
                WW + "recent.days",
                "7",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Days whose samples make a plant's recent level (daily plants).");
        define(
                def,
                WW + "min.recent.samples",
                "3",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Latest samples that make a plant's recent level at least (weekly and monthly plants).");
        define(
                def,
                WW + "history.samples",
                "30",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Earlier samples of the plant that make its history.");
        define(
                def,
                WW + "min.history.samples",
                "6",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Earlier samples a plant needs to be judged; fewer is INSUFFICIENT_DATA.");
        define(
                def,
                WW + "guard.days",
                "14",
                Check.NON_NEGATIVE_INT,
                Importance.MEDIUM,
                "Days before the recent samples left out of the history, so a slow rise is not its own baseline.");
        define(
                def,
                WW + "sd.floor",
                "0.15",
                Check.POSITIVE,
                Importance.MEDIUM,
                "Smallest standard deviation of log loads assumed (lognormal noise of about 15%).");
        define(
                def,
                WW + "max.below-loq.share",
                "0.5",
                Check.FRACTION,
                Importance.MEDIUM,
                "A history below the limit of quantification more often than this counts those samples at the"
                        + " limit (an upper bound), and its recent samples must all be measured.");
        define(
                def,
                WW + "min.ratio",
                "1.5",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Recent over historical load (geometric means) needed to alarm.");
        define(
                def,
                WW + "critical.ratio",
                "3",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Recent over historical load that makes an alarm CRITICAL.");
        define(
                def,
                WW + "hold.p-value",
                "0.01",
                Check.FRACTION,
                Importance.MEDIUM,
                "An open alert holds while its p-value stays at or below this (hysteresis).");
        for (Substance s : Substance.values()) {
            define(
                    def,
                    ceilingKey(s),
                    "",
                    Check.OPTIONAL_POSITIVE,
                    Importance.LOW,
                    "A recent " + s + " load (mg/day/1000 inhabitants) at or above this is CRITICAL, rise or not;"
                            + " empty for none.");
        }
        enabled(
                def,
                CP,
                "CHECKPOINT_HIT_RATE: 7-day hits against the hits the baseline hit rate predicts"
                        + " for the vehicles inspected.");
        define(
                def,
                CP + "alarm-days",
                "3",
                Check.POSITIVE,
                Importance.HIGH,
                "Steady county-days per 1,000 allowed at an alarm-level p-value; sets the test's threshold.");
        define(
                def,
                CP + "baseline.days",
                "84",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Days of baseline before the 7 days; at most 189.");
        define(
                def,
                CP + "min.baseline.days",
                "28",
                Check.POSITIVE_INT,
                Importance.MEDIUM,
                "Observed baseline days needed before a county is judged.");
        define(def, CP + "min.hits", "5", Check.NON_NEGATIVE_INT, Importance.MEDIUM, "Hits the 7 days need to alarm.");
        define(
                def,
                CP + "min.ratio",
                "1.5",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Hit rate over baseline hit rate needed to alarm.");
        define(
                def,
                CP + "critical.ratio",
                "3",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Hit rate over baseline hit rate that makes an alarm CRITICAL.");
        define(
                def,
                CP + "hold.p-value",
                "0.01",
                Check.FRACTION,
                Importance.MEDIUM,
                "An open alert holds while its p-value stays at or below this (hysteresis).");
        enabled(
                def,
                CWE,
                "CONSUMPTION_WITHOUT_ENFORCEMENT: wastewater rises while use/possession"
                        + " arrests and relapses do not.");
        define(
                def,
                CWE + "alarm-days",
                "2",
                Check.POSITIVE,
                Importance.HIGH,
                "Steady county-days per 1,000 allowed at an alarm-level p-value: a wastewater rise counts when"
                        + " its p-value is within this share of the WASTEWATER_RISE budget (never more than that"
                        + " budget). Lower than it, as half the rises that wastewater sees come with an enforcement"
                        + " response too small to show in 28 days.");
        define(
                def,
                CWE + "enforcement.max.ratio",
                "1.25",
                Check.AT_LEAST_ONE,
                Importance.MEDIUM,
                "Use/possession suspects plus relapses over 28 days must reach this times their expected level"
                        + " (and be significant at 20%, one-sided) to count as a response to a consumption rise.");
        define(
                def,
                CWE + "min.expected",
                "16",
                Check.POSITIVE,
                Importance.MEDIUM,
                "Use/possession suspects plus relapses expected in 28 days for a county to be judged: with 16,"
                        + " a 1.5x response is seen about four times in five; sparser is INSUFFICIENT_DATA.");
        return def;
    }

    private static void enabled(ConfigDef def, String prefix, String doc) {
        define(def, prefix + "enabled", "true", Check.BOOLEAN, Importance.HIGH, "Turns " + doc);
    }

    /** Every value is text to its check, so a malformed number is reported like an out-of-range one. */
    private static void define(
            ConfigDef def, String key, String defaultValue, Check check, Importance importance, String doc) {
        def.define(key, ConfigDef.Type.STRING, defaultValue, check, importance, doc);
    }

    private static ConfigException invalid(String key, String expected, String value) {
        return new ConfigException(key + ": expected " + expected + ", got '" + value + "'");
    }

    private static IllegalArgumentException unknown(String key, String prefix, String generic) {
        String best = Closest.to(generic, DEFINITION.names());
        return new IllegalArgumentException("unknown alert setting '" + key + "' (closest known: '" + prefix
                + best.substring(PREFIX.length()) + "')");
    }

    /** Plain decimal without trailing zeros: 1000000 rather than 1.0E6, 0.8 rather than 0.80. */
    static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
