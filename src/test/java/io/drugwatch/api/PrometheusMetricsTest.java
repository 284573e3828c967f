package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    /** Real Kafka metrics, as {@code KafkaStreams.metrics()} returns them (minus the registry's own count). */
    private Map<MetricName, ? extends Metric> kafkaMetrics() {
        Map<String, String> task = new LinkedHashMap<>();
        task.put("thread-id", "drugwatch-StreamThread-1");
        task.put("task-id", "0_1");
        task.put("topic", "arrests");
        count("dead-letters-total", "Input records sent to dead-letters", with(task, "reason", "INVALID"), 3);
        count("dead-letters-total", "Input records sent to dead-letters", with(task, "reason", "LATE"), 1);
        metrics.addMetric(metrics.metricName("process-rate", "stream-thread-metrics",
                "The average per-second number of processed records", Map.of("thread-id", "drugwatch-StreamThread-1")),
                (Measurable) (config, now) -> 12.5);
        metrics.addMetric(metrics.metricName("commit-latency-avg", "stream-thread-metrics",
                "The average commit latency", Map.of("client-id", "odd \"quoted\" \\ name\nnext line")),
                (Measurable) (config, now) -> Double.NaN);
        metrics.addMetric(metrics.metricName("version", "app-info", "Kafka version", Map.of()),
                (Gauge<String>) (config, now) -> "4.3.1");
        Map<MetricName, Metric> ours = new HashMap<>(metrics.metrics());
        ours.keySet().removeIf(name -> name.group().equals("kafka-metrics-count"));
        return ours;
    }

    private void count(String name, String description, Map<String, String> tags, int times) {
        Sensor sensor = metrics.sensor(name + tags);
        sensor.add(metrics.metricName(name, "drugwatch", description, tags), new CumulativeCount());
        for (int i = 0; i < times; i++) {
            sensor.record();
        }
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(tags);
        more.put(key, value);
        return more;
    }

    @Test
    void rendersTheTextExpositionFormat() {
        String text = PrometheusMetrics.render(kafkaMetrics(), Map.of("drugwatch_end_to_end_lag_seconds", 1.5));

        assertThat(text).isEqualTo("""
                # HELP drugwatch_dead_letters_total Input records sent to dead-letters
                # TYPE drugwatch_dead_letters_total counter
                drugwatch_dead_letters_total{reason="INVALID",task_id="0_1",thread_id="drugwatch-StreamThread-1",topic="arrests"} 3.0
                drugwatch_dead_letters_total{reason="LATE",task_id="0_1",thread_id="drugwatch-StreamThread-1",topic="arrests"} 1.0
                # TYPE drugwatch_end_to_end_lag_seconds gauge
                drugwatch_end_to_end_lag_seconds 1.5
                # HELP stream_thread_metrics_commit_latency_avg The average commit latency
                # TYPE stream_thread_metrics_commit_latency_avg gauge
                stream_thread_metrics_commit_latency_avg{client_id="odd \\"quoted\\" \\\\ name\\nnext line"} NaN
                # HELP stream_thread_metrics_process_rate The average per-second number of processed records
                # TYPE stream_thread_metrics_process_rate gauge
                stream_thread_metrics_process_rate{thread_id="drugwatch-StreamThread-1"} 12.5
                """);
    }

    @Test
    void servesTheMetricsWithTheFormatsContentType() throws Exception {
        Map<MetricName, ? extends Metric> kafka = kafkaMetrics();
        try (ApiServer server = new ApiServer("127.0.0.1", 0)
                .route("GET", "/metrics", PrometheusMetrics.handler(() -> kafka, Map::of)).start()) {
            HttpResponse<String> response = Http.get(server.url() + "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body()).isEqualTo(PrometheusMetrics.render(kafka, Map.of()));
        }
    }
}
