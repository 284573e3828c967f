package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaGroupMetersTest {

    private final Metrics metrics = new Metrics();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaGroupMeters meters = new KafkaGroupMeters("drugwatch", metrics::metrics);

    @AfterEach
    void close() {
        registry.close();
        metrics.close();
    }

    private static Map<String, String> tags(String... pairs) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("thread-id", "drugwatch-StreamThread-1");
        tags.put("task-id", "0_1");
        for (int i = 0; i < pairs.length; i += 2) {
            tags.put(pairs[i], pairs[i + 1]);
        }
        return tags;
    }

    private Sensor count(String name, Map<String, String> tags, int times) {
        Sensor sensor = metrics.sensor(name + tags);
        sensor.add(
                new MetricName(name, "drugwatch", "Input records sent to dead-letters", tags), new CumulativeCount());
        for (int i = 0; i < times; i++) {
            sensor.record();
        }
        return sensor;
    }

    @Test
    void cumulativeCountsAreCountersAndEverythingElseGauges() {
        count("dead-letters-total", tags("topic", "arrests", "reason", "LATE"), 3);
        Sensor lag = metrics.sensor("lag");
        lag.add(
                new MetricName("end-to-end-lag-avg-ms", "drugwatch", "Average lag", tags("topic", "arrests")),
                new Avg());
        lag.add(
                new MetricName("end-to-end-lag-max-ms", "drugwatch", "Largest lag", tags("topic", "arrests")),
                new Max());
        lag.record(40);
        lag.record(60);
        // the type follows the stat, not the name: a windowed count can fall, so it is a gauge (and
        // Prometheus keeps the suffix _total for counters), while a cumulative count is a counter
        metrics.sensor("recent")
                .add(new MetricName("recent-total", "drugwatch", "Windowed", tags()), new WindowedCount());
        metrics.sensor("restarts")
                .add(new MetricName("restarts", "drugwatch", "Cumulative", tags()), new CumulativeCount());
        metrics.addMetric(new MetricName("process-rate", "stream-thread-metrics", "not ours", Map.of()), (Measurable)
                (config, now) -> 1.0);

        meters.bindTo(registry);
        String text = registry.scrape();

        assertThat(text)
                .contains("# TYPE drugwatch_dead_letters_total counter\n")
                .contains("drugwatch_dead_letters_total{reason=\"LATE\",task_id=\"0_1\","
                        + "thread_id=\"drugwatch-StreamThread-1\",topic=\"arrests\"} 3.0\n")
                .contains("# HELP drugwatch_dead_letters_total Input records sent to dead-letters\n")
                .contains("# TYPE drugwatch_end_to_end_lag_avg_ms gauge\n")
                .contains("drugwatch_end_to_end_lag_avg_ms{task_id=\"0_1\",thread_id=\"drugwatch-StreamThread-1\","
                        + "topic=\"arrests\"} 50.0\n")
                .contains("# TYPE drugwatch_end_to_end_lag_max_ms gauge\n")
                .contains("# TYPE drugwatch_recent gauge\n")
                .contains("# TYPE drugwatch_restarts_total counter\n")
                .doesNotContain("process_rate");
    }

    @Test
    void followsSensorsAddedAndRemovedAfterBinding() {
        meters.bindTo(registry);
        assertThat(registry.scrape()).doesNotContain("drugwatch_");

        Sensor arrests = count("accepted-total", tags("topic", "arrests"), 2);
        count("accepted-total", tags("topic", "seizures"), 1);
        meters.refresh();
        assertThat(registry.scrape()).contains("topic=\"arrests\"} 2.0").contains("topic=\"seizures\"} 1.0");

        // a task that moves away takes its sensors along, and one that comes back starts anew
        metrics.removeSensor(arrests.name());
        meters.refresh();
        assertThat(registry.scrape()).doesNotContain("topic=\"arrests\"").contains("topic=\"seizures\"} 1.0");
        count("accepted-total", tags("topic", "arrests"), 1);
        meters.refresh();
        assertThat(registry.scrape()).contains("topic=\"arrests\"} 1.0");
    }
}
