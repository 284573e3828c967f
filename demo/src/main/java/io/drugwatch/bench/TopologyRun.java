package io.drugwatch.bench;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The topology alone, on one thread, through TopologyTestDriver: no broker, no network, no
 * transactions. The driver commits (and so flushes the store caches) after every record, which
 * makes this a pessimistic figure for the stores.
 */
final class TopologyRun {

    /** Wall-clock time the driver advances per this many records: the pipeline's target rate. */
    private static final int RECORDS_PER_SECOND = 60_000;

    /**
     * @param eventsPerCpuSecond records per CPU-second of the driving thread
     * @param eventsPerSecond records per wall-clock second
     */
    record Result(double eventsPerCpuSecond, double eventsPerSecond) {}

    Result run(DrugwatchConfig base, Topics topics, BenchData data, int records, Path stateDir) {
        DrugwatchConfig config = base.with(Map.of(DrugwatchConfig.APPLICATION_ID, "bench-topology"));
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Instant wallClock = Instant.ofEpochMilli(data.occurredAt()[data.size() - 1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TopologyTestDriver driver =
                new TopologyTestDriver(IndicatorsTopology.build(config, topics), props, wallClock)) {
            Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
            for (String name : topics.inputNames()) {
                inputs.put(name, driver.createInputTopic(name, new ByteArraySerializer(), new ByteArraySerializer()));
            }
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                int at = i % data.size();
                // the record timestamp is when it was produced: with LogAppendTime inputs, after its event
                inputs.get(data.topics()[at]).pipeInput(data.keys()[at], data.values()[at], wallClock);
                if ((i + 1) % RECORDS_PER_SECOND == 0) {
                    wallClock = wallClock.plusSeconds(1);
                    driver.advanceWallClockTime(Duration.ofSeconds(1));
                }
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            return new Result(records / cpuSeconds, records / BenchCluster.seconds(start));
        }
    }
}
