package io.drugwatch.api;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code /metrics} serves, from a Micrometer Prometheus registry: the JVM's meters (memory, GC,
 * threads, classes, CPU, uptime), Kafka Streams' through Micrometer's binder ({@code kafka_*}), and
 * drugwatch's own counts and lags from the metric group {@value #GROUP}. Close it to stop the
 * binders.
 */
final class MetricsEndpoint implements AutoCloseable {

    /** The Kafka metric group of drugwatch's own sensors (topology's PipelineMetrics and ProcessingErrorMetrics). */
    static final String GROUP = "drugwatch";

    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final KafkaStreamsMetrics kafkaStreams;
    private final KafkaGroupMeters drugwatch;

    /**
     * @param metrics Kafka Streams' metrics and any others of the pipeline; drugwatch's are taken from
     *                here, Kafka Streams' from {@code streams} itself
     */
    MetricsEndpoint(KafkaStreams streams, Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        // Micrometer's Kafka binder types a meter by its name's suffix and would add drugwatch's group
        // again as kafka_drugwatch_*; KafkaGroupMeters binds that group by the stat behind each metric
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("kafka." + GROUP + "."));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        kafkaStreams = new KafkaStreamsMetrics(streams);
        kafkaStreams.bindTo(registry);
        drugwatch = new KafkaGroupMeters(GROUP, metrics);
        drugwatch.bindTo(registry);
    }

    /** The scrape: OpenMetrics when the {@code Accept} header asks for it (Prometheus does), else the text format 0.0.4. */
    Handler handler() {
        return request -> {
            drugwatch.refresh();
            String contentType = contentType(request.header("Accept"));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            // the registry picks its writer by the same content type
            registry.scrape(body, contentType, null);
            return Response.bytes(200, contentType, body.toByteArray());
        };
    }

    static String contentType(Optional<String> accept) {
        return accept.filter(a -> a.contains("application/openmetrics-text")).isPresent()
                ? OPENMETRICS_FORMAT
                : TEXT_FORMAT;
    }

    @Override
    public void close() {
        kafkaStreams.close();
        gc.close();
        registry.close();
    }
}
