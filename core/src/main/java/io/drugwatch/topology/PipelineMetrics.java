package io.drugwatch.topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Per-task counters in the metric group {@value #GROUP}. Together they account for every input
 * record: records-in = accepted + duplicates + dead-letters (LATE included).
 */
final class PipelineMetrics {

    static final String GROUP = "drugwatch";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final String threadId;
    /**
     * Sensors by metric name, then by their tag values joined with '|'. Every input record passes
     * here several times, so the lookup builds no tag map and, for one tag, no key.
     */
    private final Map<String, Map<String, Sensor>> sensors = new HashMap<>();

    PipelineMetrics(ProcessingContext context) {
        this.metrics = context.metrics();
        this.taskId = context.taskId().toString();
        this.threadId = Thread.currentThread().getName();
    }

    void recordsIn(String topic) {
        count("records-in-total", "Input records read", "topic", topic);
    }

    void accepted(String topic) {
        count("accepted-total", "Input records counted in a daily pane", "topic", topic);
    }

    void duplicate(String topic) {
        count("duplicates-total", "Input records dropped as re-sent events (same eventId)", "topic", topic);
    }

    void deadLetter(String topic, String reason) {
        count("dead-letters-total", "Input records sent to dead-letters", "topic", topic, "reason", reason);
    }

    void late(String topic) {
        count("late-total", "Input records whose local day had closed (also counted in dead-letters)", "topic", topic);
    }

    void alert(String rule, String severity, String status) {
        count("alerts-total", "Alert state changes published", "rule", rule, "severity", severity, "status", status);
    }

    /** Time from a record reaching its topic (its LogAppendTime) to its processing, in ms. */
    void endToEndLag(String topic, long millis) {
        Map<String, Sensor> byTopic = byTags(GROUP + ".end-to-end-lag");
        Sensor sensor = byTopic.get(topic);
        if (sensor == null) {
            Map<String, String> tags = tags("topic", topic);
            sensor = metrics.addSensor(GROUP + ".end-to-end-lag." + tags, Sensor.RecordingLevel.INFO);
            sensor.add(
                    new MetricName(
                            "end-to-end-lag-avg-ms",
                            GROUP,
                            "Average time from arrival on the input topic to processing",
                            tags),
                    new Avg());
            sensor.add(
                    new MetricName(
                            "end-to-end-lag-max-ms",
                            GROUP,
                            "Largest time from arrival on the input topic to processing",
                            tags),
                    new Max());
            byTopic.put(topic, sensor);
        }
        sensor.record(millis);
    }

    void indicatorsOut(boolean isFinal) {
        count("indicators-out-total", "County indicator records published", "final", Boolean.toString(isFinal));
    }

    private Map<String, String> tags(String... tagPairs) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("thread-id", threadId);
        tags.put("task-id", taskId);
        for (int i = 0; i < tagPairs.length; i += 2) {
            tags.put(tagPairs[i], tagPairs[i + 1]);
        }
        return tags;
    }

    private void count(String name, String description, String... tagPairs) {
        String tagValues = tagPairs[1];
        for (int i = 3; i < tagPairs.length; i += 2) {
            tagValues = tagValues + '|' + tagPairs[i];
        }
        Map<String, Sensor> byTagValues = byTags(name);
        Sensor sensor = byTagValues.get(tagValues);
        if (sensor == null) {
            Map<String, String> tags = tags(tagPairs);
            sensor = metrics.addSensor(GROUP + "." + name + "." + tags, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(name, GROUP, description, tags), new CumulativeCount());
            byTagValues.put(tagValues, sensor);
        }
        sensor.record();
    }

    private Map<String, Sensor> byTags(String name) {
        return sensors.computeIfAbsent(name, n -> new HashMap<>());
    }

    void close() {
        sensors.values().forEach(byTags -> byTags.values().forEach(metrics::removeSensor));
        sensors.clear();
    }
}
