package io.drugwatch.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka metrics (as from {@code KafkaStreams.metrics()}) in the Prometheus text exposition format
 * 0.0.4. A metric is named {@code <group>_<name>} with every character outside
 * {@code [a-zA-Z0-9_:]} made {@code _} ({@code drugwatch_dead_letters_total},
 * {@code stream_thread_metrics_process_rate}); its tags become labels. Metrics whose value is not a
 * number (versions, commit ids) are left out; NaN and infinities are written as the format spells
 * them. A family is a counter when its name ends in {@code _total}, else a gauge. Families are sorted
 * by name and samples by labels, so equal input renders equal text.
 */
public final class PrometheusMetrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMetrics() {
    }

    /**
     * A handler rendering the metrics as they are at each scrape.
     *
     * @param gauges extra unlabelled samples by metric name, e.g. an end-to-end lag
     */
    public static Handler handler(Supplier<? extends Map<MetricName, ? extends Metric>> metrics,
                                  Supplier<? extends Map<String, Double>> gauges) {
        return request -> Response.bytes(200, CONTENT_TYPE,
                render(metrics.get(), gauges.get()).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Map<MetricName, ? extends Metric> metrics, Map<String, Double> gauges) {
        Map<String, Family> families = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (metric.metricValue() instanceof Number value) {
                families.computeIfAbsent(metricName(name.group() + "_" + name.name()), n -> new Family())
                        .add(name.description(), labels(name.tags()), value.doubleValue());
            }
        });
        gauges.forEach((name, value) -> {
            if (value != null) {
                families.computeIfAbsent(metricName(name), n -> new Family()).add("", "", value);
            }
        });
        StringBuilder text = new StringBuilder();
        families.forEach((name, family) -> family.appendTo(text, name));
        return text.toString();
    }

    private static final class Family {

        private String help = "";
        private final Map<String, Double> samples = new TreeMap<>();

        void add(String description, String labels, double value) {
            // the smallest description, so that input order cannot change the output
            if (description != null && !description.isEmpty() && (help.isEmpty() || description.compareTo(help) < 0)) {
                help = description;
            }
            // Prometheus refuses a scrape with a repeated sample; names that differ only in
            // sanitised characters keep the first
            samples.putIfAbsent(labels, value);
        }

        void appendTo(StringBuilder text, String name) {
            if (!help.isEmpty()) {
                text.append("# HELP ").append(name).append(' ')
                        .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            }
            text.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter" : " gauge").append('\n');
            samples.forEach((labels, value) -> text.append(name).append(labels).append(' ')
                    .append(format(value)).append('\n'));
        }
    }

    private static String labels(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        tags.forEach((key, value) -> sorted.put(sanitise(key, false), value == null ? "" : value));
        StringJoiner labels = new StringJoiner(",", "{", "}");
        sorted.forEach((key, value) -> labels.add(key + "=\"" + escape(value) + "\""));
        return labels.toString();
    }

    private static String metricName(String raw) {
        return sanitise(raw, true);
    }

    /** Metric names may contain colons, label names may not; neither may start with a digit. */
    private static String sanitise(String raw, boolean colons) {
        StringBuilder name = new StringBuilder(raw.length() + 1);
        if (raw.isEmpty() || Character.isDigit(raw.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (colons && c == ':');
            name.append(valid ? c : '_');
        }
        return name.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }
}
