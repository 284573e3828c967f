package io.drugwatch.topics;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of every topic drugwatch reads or writes.
 *
 * <ul>
 *   <li>Inputs, dead-letters and the alert streams use LogAppendTime: retention then counts from arrival, so back-filled
 *       history is not deleted for its old event times, and "produced at" in the validation rules is
 *       the broker's clock.
 *   <li>counties and the two indicator topics are compacted: the latest value per key is what matters.
 *       So is alerts-open, keyed by alertId, where a tombstone removes an alert some time after it resolves.
 *       county-indicators also deletes windows older than its retention (its record timestamps are
 *       window ends), or it would grow by every county's windows every day forever.
 * </ul>
 */
public final class TopicSpecs {

    private TopicSpecs() {}

    /**
     * The largest record batch the input topics accept. A dead letter is the input record plus a few
     * hundred bytes of {@code dlq.*} headers and must stay under the producer's default
     * {@code max.request.size} (1 MiB): a record the broker accepts but whose dead letter cannot be
     * sent would stop its partition for good (the stream thread fails on it again after every restart).
     */
    public static final int INPUT_MAX_MESSAGE_BYTES = 1_000_000;

    public static List<TopicSpec> of(DrugwatchConfig config) {
        int partitions = config.partitions();
        short rf = config.replicationFactor();
        Map<String, String> input = Map.of(
                "cleanup.policy",
                "delete",
                "retention.ms",
                millis(config.inputRetention()),
                "message.timestamp.type",
                "LogAppendTime",
                "max.message.bytes",
                Integer.toString(INPUT_MAX_MESSAGE_BYTES));
        Map<String, String> indicators =
                Map.of("cleanup.policy", "compact,delete", "retention.ms", millis(config.indicatorsRetention()));
        Map<String, String> alerts = Map.of(
                "cleanup.policy", "delete",
                "retention.ms", millis(config.alertsRetention()),
                "message.timestamp.type", "LogAppendTime");
        List<TopicSpec> specs = new ArrayList<>();
        for (String name : EventType.inputs()) {
            specs.add(new TopicSpec(config.topic(name), partitions, rf, input));
        }
        specs.addAll(List.of(
                new TopicSpec(config.topic("counties"), 1, rf, Map.of("cleanup.policy", "compact")),
                new TopicSpec(config.topic("county-indicators"), partitions, rf, indicators),
                new TopicSpec(config.topic("region-indicators"), partitions, rf, indicators),
                new TopicSpec(
                        config.topic("dead-letters"),
                        partitions,
                        rf,
                        Map.of(
                                "cleanup.policy", "delete",
                                "retention.ms", millis(config.deadLettersRetention()),
                                "message.timestamp.type", "LogAppendTime")),
                new TopicSpec(config.topic("alerts"), partitions, rf, alerts),
                new TopicSpec(config.topic("alerts-critical"), partitions, rf, alerts),
                new TopicSpec(config.topic("alerts-warning"), partitions, rf, alerts),
                new TopicSpec(config.topic("alerts-open"), partitions, rf, Map.of("cleanup.policy", "compact"))));
        return specs;
    }

    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }
}
