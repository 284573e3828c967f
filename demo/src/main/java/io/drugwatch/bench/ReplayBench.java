package io.drugwatch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.replay.Replay;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.SimEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code drugwatch bench --replay}: generated history (or a directory of it) through {@code replay},
 * end to end, files in and out, in this JVM. Reports events per second of wall-clock time and per
 * CPU-second of the whole process, the CPU time of the replay's three threads, the largest heap in use
 * right after a garbage collection (what the replay keeps, without garbage not yet collected) and the
 * peak resident memory of the process.
 */
public final class ReplayBench {

    /**
     * @param events input records replayed
     * @param cpuSeconds CPU time of the whole process during the replay, garbage collection and
     *     compilation included
     * @param heapAfterGcMiB the largest heap in use after a collection during the replay
     * @param rssPeakMiB the process's peak resident memory (Linux; NaN elsewhere)
     */
    public record Result(
            long events,
            double seconds,
            double cpuSeconds,
            Replay.Timing timing,
            double heapAfterGcMiB,
            double heapMaxMiB,
            double rssPeakMiB) {

        public List<String> lines() {
            return List.of(
                    String.format(
                            Locale.ROOT,
                            "replay: %,d events in %.1f s: %,.0f events/s",
                            events,
                            seconds,
                            events / seconds),
                    String.format(
                            Locale.ROOT,
                            "CPU: %.1f s for the process (%,.0f events per CPU-second);"
                                    + " threads: topology %.1f s, input %.1f s, roll-ups %.1f s",
                            cpuSeconds,
                            events / cpuSeconds,
                            timing.topologyCpuSeconds(),
                            timing.inputCpuSeconds(),
                            timing.rollupCpuSeconds()),
                    String.format(
                            Locale.ROOT,
                            "memory: heap in use after GC at most %,.0f MiB (max heap %,.0f MiB);"
                                    + " peak RSS %,.0f MiB",
                            heapAfterGcMiB,
                            heapMaxMiB,
                            rssPeakMiB));
        }

        /** One machine-readable line. */
        public String benchLine() {
            return String.format(
                    Locale.ROOT,
                    "REPLAY events=%d seconds=%.1f events_per_s=%.0f cpu_s=%.1f"
                            + " events_per_cpu_s=%.0f topology_cpu_s=%.1f input_cpu_s=%.1f rollups_cpu_s=%.1f"
                            + " heap_after_gc_mib=%.0f heap_max_mib=%.0f rss_peak_mib=%.0f",
                    events,
                    seconds,
                    events / seconds,
                    cpuSeconds,
                    events / cpuSeconds,
                    timing.topologyCpuSeconds(),
                    timing.inputCpuSeconds(),
                    timing.rollupCpuSeconds(),
                    heapAfterGcMiB,
                    heapMaxMiB,
                    rssPeakMiB);
        }
    }

    private ReplayBench() {}

    /**
     * Writes {@code days} of the generator's normal traffic, ending 2026-01-01, for {@code counties}
     * counties spread over the bundled reference data (all of them when it is 2,848 or more), as the
     * replay's JSONL inputs in {@code dir}.
     *
     * @return events written
     */
    public static long generate(int counties, int days, long seed, Path dir) throws IOException {
        List<County> all = CountyReference.bundled();
        int n = Math.min(counties, all.size());
        List<County> chosen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chosen.add(all.get((int) ((long) i * all.size() / n)));
        }
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        Files.createDirectories(dir);
        Map<String, BufferedWriter> writers = new HashMap<>();
        long written = 0;
        try {
            for (SimEvent e : new EventGenerator(
                    chosen, seed, to.minus(Duration.ofDays(days)), to, List.of(), GeneratorOptions.defaults())) {
                if (e.record() == null) {
                    continue;
                }
                BufferedWriter w = writers.get(e.inputName());
                if (w == null) {
                    w = Files.newBufferedWriter(dir.resolve(e.inputName() + ".jsonl"), StandardCharsets.UTF_8);
                    writers.put(e.inputName(), w);
                }
                w.write(AvroJson.format(e.record()));
                w.newLine();
                written++;
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        return written;
    }

    /** Replays {@code input} into {@code output} and measures it. */
    public static Result run(DrugwatchConfig config, Path input, Path output, Consumer<String> progress)
            throws IOException {
        AtomicLong heapAfterGc = new AtomicLong();
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed())
                        .sum();
                heapAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            Replay.Summary summary = new Replay(config, progress).run(input, output);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            return new Result(
                    summary.timing().records(),
                    seconds,
                    cpu,
                    summary.timing(),
                    heapAfterGc.get() / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    peakRssMiB(ProcessGauges.peakResidentBytes()));
        } finally {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException e) {
                    // already gone
                }
            }
        }
    }

    private static double peakRssMiB(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
