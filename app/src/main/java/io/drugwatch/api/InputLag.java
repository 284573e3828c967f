package io.drugwatch.api;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * How far the pipeline is behind its input: the records its stream threads' consumers have yet to read
 * on the partitions they hold (inputs, county-indicators for the roll-ups, repartition topics), from
 * Kafka's {@code records-lag} per partition. Restore and global consumers are not counted: the
 * store lag says how far a restore is.
 */
final class InputLag {

    /** Records behind above which the pipeline counts as catching up, not as keeping pace. */
    static final long CATCHING_UP = 10_000;

    private static final String GROUP = "consumer-fetch-manager-metrics";

    private InputLag() {}

    /** The summed lag, or -1 while no consumer has fetched yet. */
    static long of(Map<MetricName, ? extends Metric> metrics) {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            if (!name.group().equals(GROUP)
                    || !name.name().equals("records-lag")
                    || !name.tags().containsKey("partition")
                    || !client.endsWith("-consumer")
                    || client.endsWith("-restore-consumer")
                    || client.endsWith("-global-consumer")) {
                continue;
            }
            if (e.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                sum += Math.max(0, n.longValue());
                any = true;
            }
        }
        return any ? sum : -1;
    }
}
