package io.drugwatch.bench;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One bench run: the same generated events through a plain consumer→producer loop, the full
 * pipeline, and the topology alone; then alert latency under a steady load and the memory and
 * state footprint at two county counts. Each phase has its own topics and application id, so none
 * reads another's records.
 */
public final class Benchmark {

    private static final int PASSES = 3;

    /**
     * @param events events shared by the throughput phases
     * @param counties counties they are spread over
     * @param days days of event time they span
     * @param topologyEvents events fed to the TopologyTestDriver (after as many again for warm-up, at most 100,000)
     * @param latencyRate offered load during the latency phase, events per second
     * @param latencyDuration how long probes are sent (after a 5 s warm-up)
     * @param footprintCounties the county counts whose footprint is compared
     * @param footprintEventsPerCounty events per county in the footprint runs
     */
    public record Settings(
            int events,
            int counties,
            int days,
            int topologyEvents,
            double latencyRate,
            Duration latencyDuration,
            List<Integer> footprintCounties,
            int footprintEventsPerCounty,
            Set<Phase> phases) {

        public static Settings full() {
            return new Settings(
                    1_000_000,
                    3_000,
                    7,
                    500_000,
                    5_000,
                    Duration.ofSeconds(60),
                    List.of(3_000, 30_000),
                    30,
                    EnumSet.allOf(Phase.class));
        }

        public static Settings quick() {
            return new Settings(
                    200_000,
                    3_000,
                    7,
                    100_000,
                    5_000,
                    Duration.ofSeconds(15),
                    List.of(3_000, 30_000),
                    8,
                    EnumSet.allOf(Phase.class));
        }
    }

    /** The parts of a run; a run may skip some (their figures are then NaN). */
    public enum Phase {
        PASSTHROUGH,
        PIPELINE,
        TOPOLOGY,
        LATENCY,
        FOOTPRINT
    }

    /** Footprint of one footprint run. */
    public record Footprint(int counties, int events, double eventsPerSecond, long heapBytes, long stateBytes) {}

    public record Report(
            Settings settings,
            double meanValueBytes,
            double loadEps,
            double passthroughEps,
            double passthroughTransactionalEps,
            double pipelineEps,
            double pipelineCpuMicros,
            long pipelineAccepted,
            double topologyEpsPerCore,
            double topologyEps,
            AlertLatency.Result latency,
            List<Footprint> footprints) {

        /** Pipeline over the transactional floor: both commit transactions every 100 ms. */
        public double ratio() {
            return pipelineEps / passthroughTransactionalEps;
        }

        /** The summary line; a figure a run did not measure is "na". */
        public String benchLine() {
            return "BENCH passthrough_eps=" + whole(passthroughTransactionalEps) + " pipeline_eps=" + whole(pipelineEps)
                    + " ratio=" + (Double.isNaN(ratio()) ? "na" : String.format(Locale.ROOT, "%.2f", ratio()))
                    + " topology_eps_per_core=" + whole(topologyEpsPerCore) + " alert_p50_ms=" + whole(latency.p50Ms())
                    + " alert_p99_ms=" + whole(latency.p99Ms());
        }

        private static String whole(double v) {
            return Double.isNaN(v) ? "na" : Long.toString(Math.round(v));
        }

        /** The results as a Markdown table, for docs/performance.md. */
        public List<String> markdown() {
            List<String> lines = new ArrayList<>();
            lines.add("| Measure | Result |");
            lines.add("|---|---|");
            lines.add(row(
                    "Events (throughput phases)",
                    String.format(
                            Locale.ROOT,
                            "%,d over %,d counties, %d days, " + "mean value %.0f bytes",
                            settings.events(),
                            settings.counties(),
                            settings.days(),
                            meanValueBytes)));
            lines.add(row("Loading them (producer, lz4)", eps(loadEps)));
            lines.add(row("(1) pass-through, at-least-once", eps(passthroughEps)));
            lines.add(row("(1) pass-through, transactional", eps(passthroughTransactionalEps)));
            lines.add(row(
                    "(2) full pipeline, exactly_once_v2",
                    eps(pipelineEps)
                            + String.format(
                                    Locale.ROOT,
                                    " (%,d accepted; %.1f CPU-µs per event, broker included)",
                                    pipelineAccepted,
                                    pipelineCpuMicros)));
            lines.add(row("(2) ratio to transactional pass-through", String.format(Locale.ROOT, "%.2f", ratio())));
            lines.add(row(
                    "(3) topology alone (TopologyTestDriver)",
                    String.format(
                            Locale.ROOT,
                            "%,.0f events per CPU-second (%,.0f events/s wall clock)",
                            topologyEpsPerCore,
                            topologyEps)));
            lines.add(row(
                    "(4) large seizure → alert readable",
                    String.format(
                            Locale.ROOT,
                            "p50 %.0f ms, p99 %.0f ms (%d probes, %d missing, offered %,.0f events/s)",
                            latency.p50Ms(),
                            latency.p99Ms(),
                            latency.probes(),
                            latency.missing(),
                            latency.offeredEps())));
            for (Footprint f : footprints) {
                lines.add(row(
                        String.format(Locale.ROOT, "(5) %,d counties, %,d events", f.counties(), f.events()),
                        String.format(
                                Locale.ROOT,
                                "heap %s, state stores %s on disk (%,.0f events/s)",
                                mib(f.heapBytes()),
                                mib(f.stateBytes()),
                                f.eventsPerSecond())));
            }
            return lines;
        }

        private static String row(String name, String value) {
            return "| " + name + " | " + value + " |";
        }

        private static String eps(double eps) {
            return String.format(Locale.ROOT, "%,.0f events/s", eps);
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
        }
    }

    private final BenchCluster cluster;
    private final DrugwatchConfig base;
    private final Path stateRoot;
    private final Consumer<String> progress;

    /**
     * @param base settings for every pipeline the bench starts; topic names and application ids are
     *     replaced per phase
     */
    public Benchmark(BenchCluster cluster, DrugwatchConfig base, Path stateRoot, Consumer<String> progress) {
        this.cluster = cluster;
        this.base = base.with(Map.of(DrugwatchConfig.HTTP_PORT, "0"));
        this.stateRoot = stateRoot;
        this.progress = progress;
    }

    /** The shared events, loaded into the throughput phases' input topics. */
    private record Prepared(
            DrugwatchConfig config,
            Topics topics,
            List<County> counties,
            BenchData data,
            double meanBytes,
            double loadEps) {}

    private Prepared prepare(Settings s, Instant end, List<String> extraTopics) {
        DrugwatchConfig config = topicSet("bench-");
        Topics topics = topics(config);
        cluster.createTopics(config, extraTopics);
        List<County> counties = BenchData.counties(s.counties());
        cluster.loadCounties(topics.counties(), counties);
        progress.accept(String.format("generating %,d events over %,d counties", s.events(), s.counties()));
        BenchData data = BenchData.generate(topics, counties, s.events(), Duration.ofDays(s.days()), end, 1);
        double meanBytes = (double) data.valueBytes() / data.size();
        double loadEps = cluster.load(data);
        progress.accept(
                String.format(Locale.ROOT, "loaded at %,.0f events/s (mean value %.0f bytes)", loadEps, meanBytes));
        return new Prepared(config, topics, counties, data, meanBytes, loadEps);
    }

    /**
     * A/B test of pipeline settings on one machine in one run: the pipeline alternates between the
     * base settings and the base plus {@code variant}, {@code rounds} times each, after a warm-up.
     *
     * @return variant events/s over base events/s, from the sums over all rounds
     */
    public double compare(Settings s, Map<String, String> variant, int rounds)
            throws InterruptedException, TimeoutException {
        Prepared p = prepare(s, Instant.now().truncatedTo(ChronoUnit.MINUTES), List.of());
        DrugwatchConfig changed = p.config().with(variant);
        new PipelineRun(cluster).run(p.config(), "bench-warm-up-pipeline", stateRoot, Duration.ofMinutes(20));
        double[] seconds = new double[2];
        double[] cpu = new double[2];
        for (int round = 1; round <= rounds; round++) {
            for (int v = 0; v < 2; v++) {
                PipelineRun.Result r = new PipelineRun(cluster)
                        .run(
                                v == 0 ? p.config() : changed,
                                "bench-compare-" + v + "-" + round,
                                stateRoot,
                                Duration.ofMinutes(20));
                seconds[v] += p.data().size() / r.eventsPerSecond();
                cpu[v] += r.cpuMicrosPerEvent();
                progress.accept(String.format(
                        Locale.ROOT,
                        "round %d, %s: %,.0f events/s, %.1f CPU-us per event",
                        round,
                        v == 0 ? "base" : variant,
                        r.eventsPerSecond(),
                        r.cpuMicrosPerEvent()));
            }
        }
        progress.accept(String.format(
                Locale.ROOT,
                "%s: events/s x%.2f, CPU per event x%.2f (over %d rounds)",
                variant,
                seconds[0] / seconds[1],
                cpu[1] / cpu[0],
                rounds));
        return seconds[0] / seconds[1];
    }

    public Report run(Settings s) throws InterruptedException, TimeoutException {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String output = "bench-passthrough";
        Prepared p = prepare(s, end, List.of(output));
        DrugwatchConfig config = p.config();
        Topics topics = p.topics();
        List<County> counties = p.counties();
        BenchData data = p.data();
        double meanBytes = p.meanBytes();
        double loadEps = p.loadEps();

        // The JIT needs tens of seconds on two cores; without a warm-up the first phase measures the compiler.
        if (s.phases().contains(Phase.PASSTHROUGH)) {
            new Passthrough(cluster, topics.inputNames(), output, config.commitInterval())
                    .run(data.size(), true, "bench-warm-up-passthrough");
        }
        if (s.phases().contains(Phase.PIPELINE) || s.phases().contains(Phase.LATENCY)) {
            new PipelineRun(cluster).run(config, "bench-warm-up-pipeline", stateRoot, Duration.ofMinutes(20));
        }
        progress.accept("warmed up");

        double alos = Double.NaN;
        double txn = Double.NaN;
        if (s.phases().contains(Phase.PASSTHROUGH)) {
            Passthrough passthrough = new Passthrough(cluster, topics.inputNames(), output, config.commitInterval());
            alos = medianOfPasses(passthrough, data.size(), false);
            progress.accept(String.format("(1) pass-through, at-least-once: %,.0f events/s", alos));
            txn = medianOfPasses(passthrough, data.size(), true);
            progress.accept(String.format("(1) pass-through, transactional: %,.0f events/s", txn));
        }

        PipelineRun.Result pipeline = new PipelineRun.Result(Double.NaN, Double.NaN, 0, 0, 0, "");
        if (s.phases().contains(Phase.PIPELINE)) {
            List<PipelineRun.Result> runs = new ArrayList<>();
            for (int i = 0; i < PASSES; i++) {
                runs.add(
                        new PipelineRun(cluster).run(config, "bench-pipeline-" + i, stateRoot, Duration.ofMinutes(20)));
                progress.accept(String.format(
                        Locale.ROOT,
                        "  pipeline run %d of %d: %,.0f events/s",
                        i + 1,
                        PASSES,
                        runs.get(i).eventsPerSecond()));
            }
            runs.sort(Comparator.comparingDouble(PipelineRun.Result::eventsPerSecond));
            pipeline = runs.get(PASSES / 2);
            progress.accept(String.format(
                    Locale.ROOT,
                    "(2) pipeline, %s: %,.0f events/s (ratio %.2f), " + "%.1f CPU-us per event; stream thread time: %s",
                    config.kafkaProperties().get("processing.guarantee"),
                    pipeline.eventsPerSecond(),
                    pipeline.eventsPerSecond() / txn,
                    pipeline.cpuMicrosPerEvent(),
                    pipeline.timeSplit()));
        }

        TopologyRun.Result alone = new TopologyRun.Result(Double.NaN, Double.NaN);
        if (s.phases().contains(Phase.TOPOLOGY)) {
            int topologyEvents = Math.min(s.topologyEvents(), data.size());
            TopologyRun topology = new TopologyRun();
            topology.run(
                    config, topics, data, Math.min(topologyEvents, 100_000), stateRoot.resolve("topology-warm-up"));
            alone = topology.run(config, topics, data, topologyEvents, stateRoot.resolve("topology"));
            progress.accept(
                    String.format("(3) topology alone: %,.0f events per CPU-second", alone.eventsPerCpuSecond()));
        }

        AlertLatency.Result latency = new AlertLatency.Result(Double.NaN, Double.NaN, 0, 0, Double.NaN);
        if (s.phases().contains(Phase.LATENCY)) {
            DrugwatchConfig latencyConfig = topicSet("latency-");
            Topics latencyTopics = topics(latencyConfig);
            cluster.createTopics(latencyConfig, List.of());
            cluster.loadCounties(latencyTopics.counties(), counties);
            // Live traffic: event times within the last hour, so no day closes during the measurement
            // (a replay of history at this rate would close a day every few seconds).
            int live = (int) Math.ceil(s.latencyRate() * (s.latencyDuration().toSeconds() + 10));
            BenchData recent = BenchData.generate(latencyTopics, counties, live, Duration.ofHours(1), Instant.now(), 3);
            latency = new AlertLatency(cluster)
                    .run(
                            latencyConfig,
                            latencyTopics,
                            recent,
                            s.latencyRate(),
                            s.latencyDuration(),
                            stateRoot,
                            progress);
            progress.accept(String.format(
                    Locale.ROOT,
                    "(4) alert latency: p50 %.0f ms, p99 %.0f ms, %d of %d missing",
                    latency.p50Ms(),
                    latency.p99Ms(),
                    latency.missing(),
                    latency.probes()));
        }

        List<Footprint> footprints = new ArrayList<>();
        if (s.phases().contains(Phase.FOOTPRINT)) {
            for (int n : s.footprintCounties()) {
                footprints.add(footprint(n, s, end));
            }
        }
        return new Report(
                s,
                meanBytes,
                loadEps,
                alos,
                txn,
                pipeline.eventsPerSecond(),
                pipeline.cpuMicrosPerEvent(),
                pipeline.accepted(),
                alone.eventsPerCpuSecond(),
                alone.eventsPerSecond(),
                latency,
                footprints);
    }

    /**
     * A pass takes a few seconds, so one pass swings with whatever else the machine does at that
     * moment (seen here: 236,000 to 495,000 events/s for the same settings); the median of
     * {@value #PASSES} is the floor the pipeline is compared with, as the pipeline's figure is the
     * median of as many runs.
     */
    private double medianOfPasses(Passthrough passthrough, int events, boolean transactional) {
        double[] eps = new double[PASSES];
        for (int i = 0; i < PASSES; i++) {
            eps[i] = passthrough.run(
                    events, transactional, "bench-passthrough-" + (transactional ? "txn-" : "alos-") + i);
            progress.accept(String.format(
                    Locale.ROOT,
                    "  pass-through %s %d of %d: %,.0f events/s",
                    transactional ? "transactional" : "at-least-once",
                    i + 1,
                    PASSES,
                    eps[i]));
        }
        Arrays.sort(eps);
        return eps[PASSES / 2];
    }

    private Footprint footprint(int n, Settings s, Instant end) throws InterruptedException, TimeoutException {
        DrugwatchConfig config = topicSet("footprint-" + n + "-");
        Topics topics = topics(config);
        cluster.createTopics(config, List.of());
        List<County> counties = BenchData.counties(n);
        cluster.loadCounties(topics.counties(), counties);
        int events = n * s.footprintEventsPerCounty();
        BenchData data = BenchData.generate(topics, counties, events, Duration.ofDays(s.days()), end, 2);
        cluster.load(data);
        PipelineRun.Result r =
                new PipelineRun(cluster).run(config, "bench-footprint-" + n, stateRoot, Duration.ofMinutes(20));
        progress.accept(String.format(
                Locale.ROOT, "(5) %,d counties: heap %,d bytes, state %,d bytes", n, r.heapBytes(), r.stateBytes()));
        return new Footprint(n, events, r.eventsPerSecond(), r.heapBytes(), r.stateBytes());
    }

    /** The base config with every topic name prefixed, so each phase has topics of its own. */
    private DrugwatchConfig topicSet(String prefix) {
        Map<String, String> names = new HashMap<>();
        for (String topic : DrugwatchConfig.TOPICS) {
            names.put(DrugwatchConfig.TOPIC_PREFIX + topic, prefix + topic);
        }
        return base.with(names);
    }

    static Topics topics(DrugwatchConfig config) {
        return Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
    }
}
