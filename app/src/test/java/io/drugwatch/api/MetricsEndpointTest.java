package io.drugwatch.api;

import static io.drugwatch.api.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} of a pipeline that is built but not started: the JVM's, Kafka Streams' and drugwatch's meters. */
@Timeout(30)
class MetricsEndpointTest {

    @TempDir
    Path dir;

    private final Metrics ours = new Metrics();
    private KafkaStreams streams;
    private MetricsEndpoint endpoint;
    private ApiServer server;

    @BeforeEach
    void start() {
        DrugwatchConfig config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1", StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("unused");
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        streams = new KafkaStreams(builder.build(), props);
        Sensor sensor = ours.sensor("dead-letters");
        sensor.add(
                new MetricName(
                        "dead-letters-total",
                        MetricsEndpoint.GROUP,
                        "Input records sent to dead-letters",
                        Map.of("topic", "arrests", "reason", "PROCESSING_ERROR")),
                new CumulativeCount());
        sensor.record();
        endpoint = new MetricsEndpoint(streams, () -> {
            Map<MetricName, Metric> all = new HashMap<>(streams.metrics());
            all.putAll(ours.metrics());
            return all;
        });
        server = new ApiServer("127.0.0.1", 0)
                .route("GET", "/metrics", endpoint.handler())
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
        endpoint.close();
        streams.close();
        ours.close();
    }

    @Test
    void servesTheJvmKafkaStreamsAndDrugwatchMetersInTheTextFormat() throws Exception {
        HttpResponse<String> response = get(server.url() + "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains(
                        "# TYPE jvm_memory_used_bytes gauge\n",
                        "jvm_memory_used_bytes{area=\"heap\"",
                        "# TYPE jvm_gc_memory_allocated_bytes_total counter\n",
                        "jvm_threads_live_threads ",
                        "jvm_classes_loaded_classes ",
                        "system_cpu_count ",
                        "process_uptime_seconds ")
                .contains(
                        "# TYPE kafka_stream_thread_process_rate gauge\n",
                        "# TYPE kafka_stream_thread_process_total counter\n")
                .contains(
                        "# TYPE drugwatch_dead_letters_total counter\n",
                        "drugwatch_dead_letters_total{reason=\"PROCESSING_ERROR\",topic=\"arrests\"} 1.0\n")
                // drugwatch's group comes once, typed by its stats, not again through the Kafka binder
                .doesNotContain("kafka_drugwatch");
    }

    @Test
    void servesOpenMetricsWhenAskedForIt() throws Exception {
        HttpResponse<String> response = get(
                server.url() + "/metrics",
                "Accept",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");

        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE drugwatch_dead_letters counter\n")
                .endsWith("# EOF\n");
    }

    @Test
    void anyOtherAcceptGetsTheTextFormat() {
        assertThat(MetricsEndpoint.contentType(Optional.empty())).isEqualTo(MetricsEndpoint.TEXT_FORMAT);
        assertThat(MetricsEndpoint.contentType(Optional.of("*/*"))).isEqualTo(MetricsEndpoint.TEXT_FORMAT);
        assertThat(MetricsEndpoint.contentType(Optional.of("text/plain;version=0.0.4")))
                .isEqualTo(MetricsEndpoint.TEXT_FORMAT);
    }
}
