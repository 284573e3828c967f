package io.drugwatch.alerting;

import io.drugwatch.config.Closest;
import io.drugwatch.config.Setting;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Substance;
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
 * properties file. Defaults in brackets.
 *
 * <ul>
 *   <li>{@code alert.language} [en] – en or zh: language of alert summaries.</li>
 *   <li>{@code alert.resolve.after} [2] – consecutive clear daily evaluations before an alert is RESOLVED.</li>
 *   <li>{@code alert.large-seizure.enabled} [true]; {@code .warning.grams} [1000]; {@code .critical.grams}
 *       [10000] – one seizure at or above the weight is WARNING / CRITICAL. 1 kg and 10 kg are the 千克 and
 *       万克 case classes the county reports use.</li>
 *   <li>{@code alert.large-seizure.<DRUG>.warning.grams} / {@code .critical.grams} – per {@link DrugType};
 *       empty means "use the generic threshold". PRECURSOR defaults to 1000000 / 10000000 (1 t / 10 t):
 *       precursor chemicals are seized by the tonne (Zhaotong's checkpoints took 307 t in 2022), so the
 *       drug thresholds would fire on every haul.</li>
 *   <li>{@code alert.large-seizure.resolve.after} [PT24H] – ISO-8601 duration of event time after which a
 *       per-seizure alert resolves by itself; there is no later evaluation that could clear it.</li>
 *   <li>{@code alert.count-spike.enabled} [true]; {@code .metrics} [ARREST_EVENTS,SUSPECTS,SEIZURE_EVENTS,
 *       INSPECTION_HITS] (see {@link CountMetric}); {@code .threshold} [3] and {@code .critical} [6] – EARS C2
 *       score for WARNING / CRITICAL; {@code .sd.floor} [1] – the smallest standard deviation the score
 *       divides by, so a flat baseline does not turn one event into an outbreak; {@code .min.count} [3] –
 *       the day's count must reach it; {@code .suspects.min.count} [8] – the same for SUSPECTS, since suspects
 *       come in groups and one arrest of several traffickers in a quiet county is not an outbreak; {@code .hysteresis} [0.8] – an open alert holds while the score is at
 *       least threshold × hysteresis.</li>
 *   <li>{@code alert.wastewater-rise.enabled} [true]; {@code .warning.ratio} [1.5] and {@code .critical.ratio}
 *       [2] – 7-day mean load over the mean of the 28 days before; {@code .min.recent.samples} [3] and
 *       {@code .min.baseline.samples} [8] – samples each window needs to be judged; {@code .hysteresis}
 *       [0.9].</li>
 *   <li>{@code alert.wastewater-rise.<SUBSTANCE>.ceiling} – per {@link Substance}, mg/day/1000 inhabitants; a
 *       7-day mean at or above it is CRITICAL whatever the ratio, because a level that high is a problem even
 *       when it has always been that high. Empty means no ceiling. Defaults come from the magnitudes in
 *       docs/domain.md: METHAMPHETAMINE 400 lies just above the top of the 2018 survey of 22 Chinese cities
 *       (23–376, mean 157) and Anju's official 371.6; KETAMINE 100 lies above the top of the 2015 Chinese
 *       range (&lt; 0.2–90). MORPHINE 200 is not from domain.md, which gives no morphine magnitude: it is set
 *       high on purpose because medical morphine and codeine also produce morphine. Other substances have
 *       no Chinese reference level there, so they have no ceiling.</li>
 *   <li>{@code alert.checkpoint-hit-rate.enabled} [true]; {@code .z} [3] and {@code .critical.z} [5] –
 *       one-sided Poisson z of the last 7 days' hits against the hits the 28-day baseline rate predicts;
 *       {@code .min.hits} [3] – hits the 7 days need; {@code .hysteresis} [0.8].</li>
 *   <li>{@code alert.consumption-without-enforcement.enabled} [true] – wastewater says use rose but use and
 *       possession arrests did not; it judges wastewater with the wastewater-rise parameters even when
 *       that rule's own alerts are disabled.</li>
 *   <li>{@code alert.county.<code>.<key without "alert.">} – the same setting for one county, e.g.
 *       {@code alert.county.532530.count-spike.threshold=4}. Every setting but language and resolve.after
 *       can be set per county. An empty per-county ceiling removes the ceiling for that county.</li>
 * </ul>
 *
 * <p>A per-drug threshold is more specific than a per-county one: a county that lowers
 * {@code large-seizure.warning.grams} lowers it for drugs, not for precursors, unless it also sets
 * {@code large-seizure.PRECURSOR.warning.grams}.
 */
public final class AlertSettings {

    /**
     * Version of the rules' logic, written into every alert's provenance next to its parameters. Bump it
     * when a rule computes differently, so alerts judged by different logic can be told apart.
     */
    public static final String RULE_VERSION = "1";

    public static final String LANGUAGE = "alert.language";
    public static final String RESOLVE_AFTER = "alert.resolve.after";
    public static final String LARGE_SEIZURE_RESOLVE_AFTER = "alert.large-seizure.resolve.after";

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

    private static final Map<Substance, String> DEFAULT_CEILINGS = new EnumMap<>(Map.of(
            Substance.METHAMPHETAMINE, "400",
            Substance.KETAMINE, "100",
            Substance.MORPHINE, "200"));

    private enum Type {
        BOOLEAN, LANGUAGE, POSITIVE_INT, NON_NEGATIVE_INT, POSITIVE, FRACTION, OPTIONAL_POSITIVE, DURATION, METRICS
    }

    private record Spec(String key, String defaultValue, Type type, boolean perCounty, String doc) {
    }

    private static final Map<String, Spec> SPECS = specs();

    private final Map<String, String> global;
    private final Map<String, Map<String, String>> counties;
    private final Effective globalEffective;
    private final Map<String, Effective> countyEffective = new ConcurrentHashMap<>();

    private AlertSettings(Map<String, String> global, Map<String, Map<String, String>> counties) {
        this.global = global;
        this.counties = counties;
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
                    throw new IllegalArgumentException("setting '" + key + "' must look like "
                            + COUNTY_PREFIX + "<code>.<setting>, e.g. alert.county.532530.count-spike.threshold");
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
        out.add(new Setting(COUNTY_PREFIX + "<code>.<setting>", "",
                "Any alert setting but language and resolve.after for one county, e.g."
                        + " alert.county.532530.count-spike.threshold=4."));
        return List.copyOf(out);
    }

    public Language language() {
        return Language.parse(global.get(LANGUAGE));
    }

    public int resolveAfter() {
        return Integer.parseInt(global.get(RESOLVE_AFTER));
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
        private final List<CountMetric> countSpikeMetrics;
        private final double countSpikeThreshold;
        private final double countSpikeCritical;
        private final double countSpikeSdFloor;
        private final long countSpikeMinCount;
        private final long countSpikeSuspectsMinCount;
        private final double countSpikeHysteresis;
        private final double wastewaterWarningRatio;
        private final double wastewaterCriticalRatio;
        private final int wastewaterMinRecentSamples;
        private final int wastewaterMinBaselineSamples;
        private final double wastewaterHysteresis;
        private final Double[] ceilings = new Double[Substance.values().length];
        private final double checkpointZ;
        private final double checkpointCriticalZ;
        private final long checkpointMinHits;
        private final double checkpointHysteresis;
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
                requireOrdered(LS + drug + ".critical.grams", criticalGrams[drug.ordinal()],
                        LS + drug + ".warning.grams", warningGrams[drug.ordinal()]);
            }
            largeSeizureResolveAfter = Duration.parse(value(LARGE_SEIZURE_RESOLVE_AFTER));
            countSpikeMetrics = value(CS + "metrics").isEmpty() ? List.of()
                    : Arrays.stream(value(CS + "metrics").split(",")).map(CountMetric::valueOf).toList();
            countSpikeThreshold = number(CS + "threshold");
            countSpikeCritical = number(CS + "critical");
            requireOrdered(CS + "critical", countSpikeCritical, CS + "threshold", countSpikeThreshold);
            countSpikeSdFloor = number(CS + "sd.floor");
            countSpikeMinCount = Long.parseLong(value(CS + "min.count"));
            countSpikeSuspectsMinCount = Long.parseLong(value(CS + "suspects.min.count"));
            countSpikeHysteresis = number(CS + "hysteresis");
            wastewaterWarningRatio = number(WW + "warning.ratio");
            wastewaterCriticalRatio = number(WW + "critical.ratio");
            requireOrdered(WW + "critical.ratio", wastewaterCriticalRatio, WW + "warning.ratio", wastewaterWarningRatio);
            wastewaterMinRecentSamples = Integer.parseInt(value(WW + "min.recent.samples"));
            wastewaterMinBaselineSamples = Integer.parseInt(value(WW + "min.baseline.samples"));
            wastewaterHysteresis = number(WW + "hysteresis");
            for (Substance s : Substance.values()) {
                String v = value(ceilingKey(s));
                ceilings[s.ordinal()] = v.isEmpty() ? null : Double.valueOf(v);
            }
            checkpointZ = number(CP + "z");
            checkpointCriticalZ = number(CP + "critical.z");
            requireOrdered(CP + "critical.z", checkpointCriticalZ, CP + "z", checkpointZ);
            checkpointMinHits = Long.parseLong(value(CP + "min.hits"));
            checkpointHysteresis = number(CP + "hysteresis");
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
                throw new IllegalArgumentException(where + upperKey + " (" + format(upper)
                        + ") must not be below " + lowerKey + " (" + format(lower) + ")");
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
                    for (String k : List.of("metrics", "threshold", "critical", "sd.floor", "min.count",
                            "suspects.min.count", "hysteresis")) {
                        p.put(CS + k, value(CS + k));
                    }
                }
                case WASTEWATER_RISE, CONSUMPTION_WITHOUT_ENFORCEMENT -> {
                    for (String k : List.of("warning.ratio", "critical.ratio", "min.recent.samples",
                            "min.baseline.samples", "hysteresis")) {
                        p.put(WW + k, value(WW + k));
                    }
                    for (Substance s : Substance.values()) {
                        if (ceilings[s.ordinal()] != null) {
                            p.put(ceilingKey(s), value(ceilingKey(s)));
                        }
                    }
                }
                case CHECKPOINT_HIT_RATE -> {
                    for (String k : List.of("z", "critical.z", "min.hits", "hysteresis")) {
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

        public List<CountMetric> countSpikeMetrics() {
            return countSpikeMetrics;
        }

        public double countSpikeThreshold() {
            return countSpikeThreshold;
        }

        public double countSpikeCritical() {
            return countSpikeCritical;
        }

        public double countSpikeSdFloor() {
            return countSpikeSdFloor;
        }

        public long countSpikeMinCount() {
            return countSpikeMinCount;
        }

        public long countSpikeMinCount(CountMetric metric) {
            return metric == CountMetric.SUSPECTS ? countSpikeSuspectsMinCount : countSpikeMinCount;
        }

        public double countSpikeHysteresis() {
            return countSpikeHysteresis;
        }

        public double wastewaterWarningRatio() {
            return wastewaterWarningRatio;
        }

        public double wastewaterCriticalRatio() {
            return wastewaterCriticalRatio;
        }

        public int wastewaterMinRecentSamples() {
            return wastewaterMinRecentSamples;
        }

        public int wastewaterMinBaselineSamples() {
            return wastewaterMinBaselineSamples;
        }

        public double wastewaterHysteresis() {
            return wastewaterHysteresis;
        }

        /** mg/day/1000 inhabitants, or null when {@code substance} has no ceiling. */
        public Double wastewaterCeiling(Substance substance) {
            return ceilings[substance.ordinal()];
        }

        public double checkpointZ() {
            return checkpointZ;
        }

        public double checkpointCriticalZ() {
            return checkpointCriticalZ;
        }

        public long checkpointMinHits() {
            return checkpointMinHits;
        }

        public double checkpointHysteresis() {
            return checkpointHysteresis;
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
        list.add(new Spec(RESOLVE_AFTER, "2", Type.POSITIVE_INT, false,
                "Consecutive clear daily evaluations before an open alert is RESOLVED."));
        list.add(enabled(LS, "LARGE_SEIZURE: one alert per seizure at or above a weight threshold."));
        list.add(new Spec(LS + "warning.grams", "1000", Type.POSITIVE, true,
                "A single seizure of at least this many grams is a WARNING (1 kg, the 千克 case class)."));
        list.add(new Spec(LS + "critical.grams", "10000", Type.POSITIVE, true,
                "A single seizure of at least this many grams is CRITICAL (10 kg, the 万克 case class)."));
        for (DrugType drug : DrugType.values()) {
            boolean precursor = drug == DrugType.PRECURSOR;
            list.add(new Spec(LS + drug + ".warning.grams", precursor ? "1000000" : "", Type.OPTIONAL_POSITIVE, true,
                    "WARNING weight for " + drug + " seizures; empty uses " + LS + "warning.grams."));
            list.add(new Spec(LS + drug + ".critical.grams", precursor ? "10000000" : "", Type.OPTIONAL_POSITIVE,
                    true, "CRITICAL weight for " + drug + " seizures; empty uses " + LS + "critical.grams."));
        }
        list.add(new Spec(LARGE_SEIZURE_RESOLVE_AFTER, "PT24H", Type.DURATION, true,
                "Event time after which a large-seizure alert resolves by itself (ISO-8601 duration)."));
        list.add(enabled(CS, "COUNT_SPIKE: EARS C2 on daily counts against days t-9..t-3."));
        list.add(new Spec(CS + "metrics", "ARREST_EVENTS,SUSPECTS,SEIZURE_EVENTS,INSPECTION_HITS", Type.METRICS, true,
                "Daily counts to watch, comma-separated."));
        list.add(new Spec(CS + "threshold", "3", Type.POSITIVE, true, "C2 score for a WARNING."));
        list.add(new Spec(CS + "critical", "6", Type.POSITIVE, true, "C2 score for CRITICAL."));
        list.add(new Spec(CS + "sd.floor", "1", Type.POSITIVE, true,
                "Smallest standard deviation the C2 score divides by, so sparse counts do not alarm on one event."));
        list.add(new Spec(CS + "min.count", "3", Type.NON_NEGATIVE_INT, true,
                "The day's count must reach this to alarm, so 0 to 1 never does."));
        list.add(new Spec(CS + "suspects.min.count", "8", Type.NON_NEGATIVE_INT, true,
                "min.count for SUSPECTS: suspects come in groups, and one arrest of several is not a spike."));
        list.add(new Spec(CS + "hysteresis", "0.8", Type.FRACTION, true,
                "An open alert holds while the score is at least threshold x hysteresis."));
        list.add(enabled(WW, "WASTEWATER_RISE: 7-day mean load against the 28 days before."));
        list.add(new Spec(WW + "warning.ratio", "1.5", Type.POSITIVE, true, "Ratio to baseline for a WARNING."));
        list.add(new Spec(WW + "critical.ratio", "2", Type.POSITIVE, true, "Ratio to baseline for CRITICAL."));
        list.add(new Spec(WW + "min.recent.samples", "3", Type.POSITIVE_INT, true,
                "Samples of the substance the last 7 days need to be judged."));
        list.add(new Spec(WW + "min.baseline.samples", "8", Type.POSITIVE_INT, true,
                "Samples of the substance the 28-day baseline needs."));
        list.add(new Spec(WW + "hysteresis", "0.9", Type.FRACTION, true,
                "An open alert holds while the ratio is at least warning.ratio x hysteresis."));
        for (Substance s : Substance.values()) {
            list.add(new Spec(ceilingKey(s), DEFAULT_CEILINGS.getOrDefault(s, ""), Type.OPTIONAL_POSITIVE, true,
                    "A 7-day mean " + s + " load (mg/day/1000 inhabitants) at or above this is CRITICAL;"
                            + " empty for none."));
        }
        list.add(enabled(CP, "CHECKPOINT_HIT_RATE: 7-day hits against the 28-day hit rate (Poisson z)."));
        list.add(new Spec(CP + "z", "3", Type.POSITIVE, true, "z for a WARNING."));
        list.add(new Spec(CP + "critical.z", "5", Type.POSITIVE, true, "z for CRITICAL."));
        list.add(new Spec(CP + "min.hits", "3", Type.NON_NEGATIVE_INT, true, "Hits the last 7 days need to alarm."));
        list.add(new Spec(CP + "hysteresis", "0.8", Type.FRACTION, true,
                "An open alert holds while z is at least z x hysteresis."));
        list.add(enabled(CWE, "CONSUMPTION_WITHOUT_ENFORCEMENT: wastewater rises while use/possession"
                + " arrests and relapses do not."));
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
            case OPTIONAL_POSITIVE -> value.isEmpty() ? "" : format(number(key, value, "a positive number or nothing",
                    d -> d > 0));
            case FRACTION -> format(number(key, value, "a number in (0, 1]", d -> d > 0 && d <= 1));
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
                            metrics.add(CountMetric.valueOf(m.trim().toUpperCase(Locale.ROOT)).name());
                        } catch (IllegalArgumentException e) {
                            throw invalid(key, "a comma-separated list of " + Arrays.toString(CountMetric.values()),
                                    value);
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
        return new IllegalArgumentException("unknown alert setting '" + key + "' (closest known: '"
                + prefix + best.substring(PREFIX.length()) + "')");
    }

    /** Plain decimal without trailing zeros: 1000000 rather than 1.0E6, 0.8 rather than 0.80. */
    static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
