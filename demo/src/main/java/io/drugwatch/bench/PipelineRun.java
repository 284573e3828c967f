package io.drugwatch.bench;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.replay.Replay;
import io.drugwatch.runtime.Directories;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** The full pipeline over events already in its input topics, from a fresh application id and state. */
final class PipelineRun {

    /**
     * @param eventsPerSecond input records per second from RUNNING until every input offset was committed
     * @param cpuMicrosPerEvent CPU time of the whole process (broker included) per input record, which
     *     is less sensitive than the rate to other load on the machine
     * @param accepted records the pipeline counted into panes (the rest were duplicates, late or dead letters)
     * @param heapBytes heap in use after a full GC with the pipeline still open, less the heap before it started
     * @param stateBytes bytes of the local state directory after a clean close (RocksDB files)
     */
    record Result(
            double eventsPerSecond,
            double cpuMicrosPerEvent,
            long accepted,
            long heapBytes,
            long stateBytes,
            String timeSplit) {}

    private final BenchCluster cluster;

    PipelineRun(BenchCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Runs the pipeline on the input topics of {@code base}, with output topics of its own: the roll-up
     * reads county-indicators back, and would otherwise also read what earlier runs wrote there.
     */
    Result run(DrugwatchConfig base, String applicationId, Path stateRoot, Duration timeout)
            throws InterruptedException, TimeoutException {
        Path stateDir = stateRoot.resolve(applicationId);
        Map<String, String> settings = new HashMap<>(Map.of(
                DrugwatchConfig.APPLICATION_ID, applicationId, StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        for (String topic : DrugwatchConfig.TOPICS) {
            if (!Replay.INPUTS.contains(topic) && !topic.equals("counties")) {
                settings.put(DrugwatchConfig.TOPIC_PREFIX + topic, applicationId + "-" + topic);
            }
        }
        DrugwatchConfig config = base.with(settings);
        cluster.createTopics(config, List.of());
        Topics topics = Benchmark.topics(config);
        long heapBefore = usedHeapAfterGc();
        Result result;
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            if (!runner.awaitRunning(Duration.ofSeconds(60))) {
                throw new TimeoutException("the pipeline did not start within 60 s");
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            long done = cluster.awaitCommitted(
                    applicationId,
                    topics.inputNames(),
                    timeout,
                    () -> runner.streams().state().isRunningOrRebalancing());
            long records = sum(runner.streams(), "records-in-total");
            double eps = records / ((done - start) / 1e9);
            double cpu = (processCpuNanos() - cpuStart) / 1e3 / records;
            long accepted = sum(runner.streams(), "accepted-total");
            String split = timeSplit(runner.streams()) + "; indicator records out: "
                    + sum(runner.streams(), "indicators-out-total");
            long heap = usedHeapAfterGc() - heapBefore;
            result = new Result(eps, cpu, accepted, heap, 0, split);
        }
        long state = directoryBytes(stateDir);
        Directories.deleteQuietly(stateDir);
        return new Result(
                result.eventsPerSecond(),
                result.cpuMicrosPerEvent(),
                result.accepted(),
                result.heapBytes(),
                state,
                result.timeSplit());
    }

    static long sum(KafkaStreams streams, String metric) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (e.getKey().group().equals("drugwatch") && e.getKey().name().equals(metric)) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return Math.round(total);
    }

    /**
     * Where the stream threads spent their time (Kafka Streams' poll, process, punctuate and commit
     * ratios, averaged over threads): the first thing to read when the pipeline is slower than expected.
     */
    static String timeSplit(KafkaStreams streams) {
        Map<String, double[]> ratios = new java.util.TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.group().equals("stream-thread-metrics")
                    && n.name().endsWith("-ratio")
                    && e.getValue().metricValue() instanceof Number v
                    && !Double.isNaN(v.doubleValue())) {
                double[] acc = ratios.computeIfAbsent(n.name().replace("-ratio", ""), k -> new double[2]);
                acc[0] += v.doubleValue();
                acc[1]++;
            }
        }
        StringBuilder out = new StringBuilder();
        ratios.forEach((name, acc) -> out.append(out.isEmpty() ? "" : ", ")
                .append(name)
                .append(String.format(java.util.Locale.ROOT, " %.0f%%", 100 * acc[0] / acc[1])));
        return out.toString();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long directoryBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
