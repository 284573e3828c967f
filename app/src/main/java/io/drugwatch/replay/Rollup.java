package io.drugwatch.replay;

import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.StoreNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.Topology;

/**
 * The part of the topology that reads {@code county-indicators} back (the region roll-ups), run in a
 * driver and a thread of its own, fed the county windows in the order the main driver publishes them.
 * Kafka Streams runs that part as tasks of their own, connected to the rest only through the topic, so
 * the roll-ups see the same records in the same order as in a single driver: their results are the same.
 * The thread also writes county-indicators.jsonl, and at the end region-indicators.jsonl.
 */
final class Rollup implements AutoCloseable {

    private static final int BATCH = 512;
    private static final List<Window> END = List.of();

    private record Window(byte[] key, byte[] value, long timestamp, Headers headers) {}

    private final String countyTopic;
    private final String regionTopic;
    private final Deserializer<CountyIndicators> countyValues;
    private final Deserializer<String> regionKeys;
    private final Deserializer<RegionIndicators> regionValues;
    private final ReplayDriver driver;
    private final BufferedWriter finals;
    private final Path regionFile;
    private final LatestByKey regions;
    private final BlockingQueue<List<Window>> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;
    private List<Window> batch = new ArrayList<>(BATCH);
    private volatile Throwable failure;
    private long finalsWritten;
    private long regionsWritten;
    private boolean finished;
    private volatile long cpuNanos;

    Rollup(
            Topology topology,
            Properties props,
            Topics topics,
            BufferedWriter finals,
            Path regionFile,
            LatestByKey regions) {
        this.countyTopic = topics.countyIndicators().name();
        this.regionTopic = topics.regionIndicators().name();
        this.countyValues = topics.countyIndicators().valueSerde().deserializer();
        this.regionKeys = topics.regionIndicators().keySerde().deserializer();
        this.regionValues = topics.regionIndicators().valueSerde().deserializer();
        this.finals = finals;
        this.regionFile = regionFile;
        this.regions = regions;
        this.driver =
                new ReplayDriver(topology, props, 0L, Set.of(), Set.of(StoreNames.COUNTY_WINDOWS), this::onOutput);
        this.thread = new Thread(this::run, "replay-rollup");
        thread.setDaemon(true);
        thread.start();
    }

    /** A county window the main driver published, in order; called from the main driver's thread. */
    void add(byte[] key, byte[] value, long timestamp, Headers headers) throws IOException {
        batch.add(new Window(key, value, timestamp, headers));
        if (batch.size() == BATCH) {
            handOver();
        }
    }

    private void handOver() throws IOException {
        checkFailure();
        try {
            while (!queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        batch = new ArrayList<>(BATCH);
    }

    private void checkFailure() throws IOException {
        WorkerFailures.rethrow(failure);
    }

    private void run() {
        try {
            List<Window> windows;
            while ((windows = queue.take()) != END) {
                for (Window w : windows) {
                    driver.pipe(countyTopic, w.key, w.value, w.timestamp, w.headers);
                    CountyIndicators v = countyValues.deserialize(countyTopic, w.value);
                    if (v != null && v.getFinal$()) {
                        finals.write(AvroJson.format(v));
                        finals.newLine();
                        finalsWritten++;
                    }
                }
            }
            driver.commit();
            finals.close();
            try (BufferedWriter w = Replay.writer(regionFile)) {
                regionsWritten = regions.forEach((key, value) -> {
                    w.write(AvroJson.format(regionValues.deserialize(regionTopic, value)));
                    w.newLine();
                });
            }
            cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        } catch (InterruptedException e) {
            // closing after a failure elsewhere
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void onOutput(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        if (topic.equals(regionTopic)) {
            try {
                regions.put(regionKeys.deserialize(topic, key), value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Waits until every window handed over is rolled up and the files are written. */
    void finish() throws IOException {
        handOver();
        batch = END;
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        finished = true;
        checkFailure();
    }

    long finals() {
        return finalsWritten;
    }

    long cpuNanos() {
        return cpuNanos;
    }

    long regions() {
        return regionsWritten;
    }

    @Override
    public void close() {
        if (!finished) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        driver.close();
    }
}
