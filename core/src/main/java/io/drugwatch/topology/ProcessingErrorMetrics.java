package io.drugwatch.topology;

import io.drugwatch.domain.RejectReason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

/**
 * Counts the records {@link ProcessingErrorHandler} dead-letters, as {@code dead-letters-total} with
 * reason {@code PROCESSING_ERROR} and the tags the processors' own counts carry. Kafka Streams gives an
 * exception handler no access to its metrics, so one pipeline's handlers share this object through
 * the streams config, and the pipeline reports it next to Kafka Streams' metrics.
 */
public final class ProcessingErrorMetrics implements AutoCloseable {

    private final Metrics metrics = new Metrics();

    void deadLetter(String taskId, String topic) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("thread-id", Thread.currentThread().getName());
        tags.put("task-id", taskId);
        tags.put("topic", topic);
        tags.put("reason", RejectReason.PROCESSING_ERROR.name());
        Sensor sensor = metrics.sensor(PipelineMetrics.GROUP + ".dead-letters-total." + tags);
        sensor.add(
                new MetricName("dead-letters-total", PipelineMetrics.GROUP, "Input records sent to dead-letters", tags),
                new CumulativeCount());
        sensor.record();
    }

    /** The counts; without the registry's own bookkeeping metrics, which Kafka Streams reports already. */
    public Map<MetricName, Metric> metrics() {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineMetrics.GROUP))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void close() {
        metrics.close();
    }
}
