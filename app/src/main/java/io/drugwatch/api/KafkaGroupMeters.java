package io.drugwatch.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.stats.CumulativeSum;

/**
 * The metrics of one Kafka metric group as Micrometer meters, typed by the stat behind each: a
 * cumulative count or sum only grows, so it is a counter; averages, maxima and rates are gauges.
 * A meter is named {@code <group>.<metric name>} with dashes as dots (Prometheus shows
 * {@code drugwatch_dead_letters_total}), and its tags are the metric's ({@code thread-id} becomes the
 * label {@code thread_id}).
 *
 * <p>Kafka Streams adds a task's sensors when they first record and removes them when the task
 * moves away, so {@link #refresh()} follows the group; call it before each scrape.
 */
final class KafkaGroupMeters implements MeterBinder {

    private final String group;
    private final Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    /** What is registered, by metric name; the metric object too, as a re-created sensor is a new one. */
    private final Map<MetricName, Bound> bound = new HashMap<>();

    private MeterRegistry registry;

    private record Bound(Metric metric, Meter meter) {}

    KafkaGroupMeters(String group, Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        this.group = Objects.requireNonNull(group, "group");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        refresh();
    }

    /** Registers the group's new metrics and removes the meters of those that are gone. */
    synchronized void refresh() {
        if (registry == null) {
            throw new IllegalStateException("not bound to a registry");
        }
        Map<MetricName, Metric> current = new HashMap<>();
        metrics.get().forEach((name, metric) -> {
            if (name.group().equals(group) && metric.metricValue() instanceof Number) {
                current.put(name, metric);
            }
        });
        for (Iterator<Map.Entry<MetricName, Bound>> it = bound.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MetricName, Bound> e = it.next();
            if (current.get(e.getKey()) != e.getValue().metric()) {
                registry.remove(e.getValue().meter());
                it.remove();
            }
        }
        current.forEach((name, metric) -> bound.computeIfAbsent(name, n -> new Bound(metric, register(n, metric))));
    }

    private Meter register(MetricName name, Metric metric) {
        String meterName = group + "." + name.name().replace('-', '.');
        List<Tag> tags = name.tags().entrySet().stream()
                .map(t -> Tag.of(t.getKey().replace('-', '.'), t.getValue() == null ? "" : t.getValue()))
                .toList();
        if (isCounter(metric)) {
            return FunctionCounter.builder(meterName, metric, KafkaGroupMeters::value)
                    .description(name.description())
                    .tags(tags)
                    .register(registry);
        }
        return Gauge.builder(meterName, metric, KafkaGroupMeters::value)
                .description(name.description())
                .tags(tags)
                .register(registry);
    }

    /** CumulativeCount is a CumulativeSum; windowed counts and sums can fall, so they are gauges. */
    static boolean isCounter(Metric metric) {
        return metric instanceof KafkaMetric kafka
                && kafka.isMeasurable()
                && kafka.measurable() instanceof CumulativeSum;
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
