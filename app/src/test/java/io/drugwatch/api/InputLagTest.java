package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Input lag sums the stream threads' consumer lag per partition, and nothing else. */
class InputLagTest {

    private static final String GROUP = "consumer-fetch-manager-metrics";
    private final Map<MetricName, Metric> metrics = new LinkedHashMap<>();

    private void lag(String client, String topic, int partition, double value) {
        add(
                new MetricName(
                        "records-lag",
                        GROUP,
                        "",
                        Map.of("client-id", client, "topic", topic, "partition", Integer.toString(partition))),
                value);
    }

    private void add(MetricName name, double value) {
        metrics.put(name, new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void sumsTheStreamThreadsConsumersLagOverTheirPartitions() {
        lag("drugwatch-1-StreamThread-1-consumer", "arrests", 0, 12_000);
        lag("drugwatch-1-StreamThread-1-consumer", "seizures", 0, 500);
        lag("drugwatch-1-StreamThread-2-consumer", "county-indicators", 3, 7);
        // not input: a restore, the global store, the per-client maximum, a partition not fetched yet
        lag("drugwatch-1-StreamThread-1-restore-consumer", "drugwatch-county-panes-changelog", 0, 1_000_000);
        lag("drugwatch-1-global-consumer", "counties", 0, 2_848);
        add(
                new MetricName(
                        "records-lag-max", GROUP, "", Map.of("client-id", "drugwatch-1-StreamThread-1-consumer")),
                99_999);
        lag("drugwatch-1-StreamThread-2-consumer", "arrests", 1, Double.NaN);

        assertThat(InputLag.of(metrics)).isEqualTo(12_507);
        assertThat(InputLag.of(metrics)).isGreaterThan(InputLag.CATCHING_UP);
    }

    @Test
    void isUnknownBeforeAnyFetch() {
        lag("drugwatch-1-StreamThread-1-consumer", "arrests", 0, Double.NaN);
        assertThat(InputLag.of(metrics)).isEqualTo(-1);
        assertThat(InputLag.of(Map.of())).isEqualTo(-1);
    }
}
