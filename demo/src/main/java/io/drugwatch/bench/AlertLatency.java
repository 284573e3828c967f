package io.drugwatch.bench;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.runtime.Directories;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Time from producing a large seizure to reading its alert, while the pipeline takes a steady load.
 * The load replays the shared events at a fixed rate; every tenth of a second one of them is
 * followed by a 12,345 g seizure in another county, whose alert is found by its event id.
 */
final class AlertLatency {

    private static final double PROBE_GRAMS = 12_345;
    private static final int PROBES_PER_SECOND = 10;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(10);

    /**
     * @param p50Ms median latency
     * @param p99Ms 99th percentile
     * @param probes large seizures sent after the warm-up
     * @param missing probes whose alert had not arrived 15 s after the load stopped
     * @param offeredEps the load actually offered, records per second
     */
    record Result(double p50Ms, double p99Ms, int probes, int missing, double offeredEps) {}

    private final BenchCluster cluster;

    AlertLatency(BenchCluster cluster) {
        this.cluster = cluster;
    }

    Result run(
            DrugwatchConfig base,
            Topics topics,
            BenchData data,
            double rate,
            Duration duration,
            Path stateRoot,
            Consumer<String> progress)
            throws InterruptedException, TimeoutException {
        String applicationId = "bench-latency";
        Path stateDir = stateRoot.resolve(applicationId);
        DrugwatchConfig config = base.with(Map.of(
                DrugwatchConfig.APPLICATION_ID, applicationId, StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = new ArrayList<>();
        AtomicReference<Exception> consumerFailure = new AtomicReference<>();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
                KafkaConsumer<String, Alert> alerts = alertConsumer(topics.alerts())) {
            runner.start();
            if (!runner.awaitRunning(Duration.ofSeconds(60))) {
                throw new TimeoutException("the pipeline did not start within 60 s");
            }
            List<TopicPartition> partitions = alerts
                    .partitionsFor(topics.alerts().name())
                    .stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            alerts.assign(partitions);
            alerts.seekToEnd(partitions);
            partitions.forEach(alerts::position);
            Thread reader =
                    new Thread(() -> readAlerts(alerts, sentAt, latencies, consumerFailure), "bench-alert-reader");
            reader.start();
            Offered offered;
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    cluster.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 5)),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                offered = offer(producer, topics.input(EventType.SEIZURE), data, rate, duration, sentAt, progress);
            }
            double eps = offered.records() / BenchCluster.seconds(start);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < deadline && consumerFailure.get() == null) {
                Thread.sleep(100);
            }
            reader.interrupt();
            reader.join(5_000);
            if (consumerFailure.get() != null) {
                throw new IllegalStateException(
                        "reading alerts failed: " + consumerFailure.get(), consumerFailure.get());
            }
            double[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream()
                        .mapToDouble(Double::doubleValue)
                        .sorted()
                        .toArray();
            }
            return new Result(percentile(sorted, 0.50), percentile(sorted, 0.99), offered.probes(), sentAt.size(), eps);
        } finally {
            Directories.deleteQuietly(stateDir);
        }
    }

    private record Offered(long records, int probes) {}

    private static Offered offer(
            KafkaProducer<byte[], byte[]> producer,
            Topic<String, Seizure> seizures,
            BenchData data,
            double rate,
            Duration duration,
            Map<String, Long> sentAt,
            Consumer<String> progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long warmUpEnd = start + WARM_UP.toNanos();
        long end = warmUpEnd + duration.toNanos();
        long probeEvery = Math.max(1, Math.round(rate / PROBES_PER_SECOND));
        List<String> counties = data.counties().stream().map(c -> c.getCode()).toList();
        long sent = 0;
        int probes = 0;
        long nextReport = start + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
            for (; sent < due; sent++) {
                int i = (int) (sent % data.size());
                producer.send(new ProducerRecord<>(data.topics()[i], data.keys()[i], data.values()[i]));
                if (sent % probeEvery == 0 && System.nanoTime() >= warmUpEnd) {
                    String county = counties.get(probes % counties.size());
                    String id = "bench-probe-" + probes++;
                    Seizure probe = Seizure.newBuilder()
                            .setEventId(id)
                            .setOccurredAt(Instant.now())
                            .setCountyCode(county)
                            .setDrugType(DrugType.METHAMPHETAMINE)
                            .setQuantityGrams(PROBE_GRAMS)
                            .setSource(SeizureSource.CHECKPOINT)
                            .build();
                    byte[] value = seizures.valueSerde().serializer().serialize(seizures.name(), probe);
                    sentAt.put(id, System.nanoTime());
                    producer.send(
                            new ProducerRecord<>(seizures.name(), county.getBytes(StandardCharsets.UTF_8), value));
                }
            }
            if (System.nanoTime() >= nextReport) {
                progress.accept(String.format("  latency: %,d events and %d probes sent", sent, probes));
                nextReport += Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(TICK.toMillis());
        }
        producer.flush();
        return new Offered(sent, probes);
    }

    private static void readAlerts(
            KafkaConsumer<String, Alert> alerts,
            Map<String, Long> sentAt,
            List<Double> latencies,
            AtomicReference<Exception> failure) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, Alert> r : alerts.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Alert a = r.value();
                    if (a.getRule() != AlertRule.LARGE_SEIZURE || a.getStatus() != AlertStatus.OPEN) {
                        continue;
                    }
                    for (String id : a.getEvidence()) {
                        Long at = sentAt.remove(id);
                        if (at != null) {
                            synchronized (latencies) {
                                latencies.add((now - at) / 1e6);
                            }
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private KafkaConsumer<String, Alert> alertConsumer(Topic<String, Alert> topic) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(
                props, new StringDeserializer(), topic.valueSerde().deserializer());
    }

    /** Nearest-rank percentile; NaN when there are no samples. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
