package io.drugwatch.cli;

import io.drugwatch.bench.ProcessGauges;
import io.drugwatch.bench.SoakBroker;
import io.drugwatch.bench.SoakSeries;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.County;
import io.drugwatch.runtime.Directories;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.runtime.SimFeed;
import io.drugwatch.runtime.SimPublisher;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.state.BoundedRocksDbMemory;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code bench --soak}: the pipeline as {@code run} runs it (Kafka Streams and the HTTP API), fed live
 * generated events at a steady rate for a long time, with this process's resident memory, heap after a
 * full GC, threads, open files, state directory and consumer lag sampled at intervals and their trend per
 * hour at the end. The broker and registry run in a child JVM ({@link SoakBroker}) unless one is given,
 * so the figures are the pipeline's own; the generator's producer is the only other thing in this JVM.
 */
final class SoakRun {

    private static final String APPLICATION_ID = "drugwatch-soak";
    private static final Duration STOP_BOUND = Duration.ofSeconds(60);

    record Settings(
            Duration duration,
            Double rate,
            Duration every,
            Duration warmUp,
            int backfillDays,
            long seed,
            String bootstrapServer,
            String registryUrl,
            Path configFile,
            Map<String, String> settings) {}

    private final Settings s;
    /** Live events a second the generator offers. */
    private double liveRate;

    private final List<SoakSeries> series = new ArrayList<>();
    private final SoakSeries rss = add("rss", "MiB");
    private final SoakSeries heap = add("heap_after_gc", "MiB");
    private final SoakSeries rocksdb = add("rocksdb_cache", "MiB");
    private final SoakSeries threads = add("threads", "");
    private final SoakSeries fds = add("fds", "");
    private final SoakSeries state = add("state", "MiB");
    private final SoakSeries lag = add("lag", "records");

    SoakRun(Settings settings) {
        this.s = settings;
    }

    private SoakSeries add(String name, String unit) {
        SoakSeries x = new SoakSeries(name, unit);
        series.add(x);
        return x;
    }

    int run() throws Exception {
        Path dir = Files.createTempDirectory("drugwatch-soak");
        ShutdownSignal signal = ShutdownSignal.install(STOP_BOUND);
        CountDownLatch stopped = signal.requested();
        Process broker = null;
        try {
            String bootstrap = s.bootstrapServer();
            String registry = s.registryUrl();
            if (bootstrap == null) {
                broker = startBroker(dir.resolve("kafka"));
                String[] ready = awaitBroker(broker);
                bootstrap = ready[1];
                registry = ready[2];
                System.out.println("soak: broker " + bootstrap + " and registry " + registry + " in JVM " + broker.pid()
                        + " (log: " + dir.resolve("broker.log") + ")");
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put(DrugwatchConfig.APPLICATION_ID, APPLICATION_ID);
            overrides.put(DrugwatchConfig.BOOTSTRAP_SERVERS, bootstrap);
            overrides.put(DrugwatchConfig.REGISTRY_URL, registry);
            overrides.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
            overrides.put(DrugwatchConfig.HTTP_PORT, "0");
            overrides.putAll(s.settings());
            DrugwatchConfig config = ConfigLoader.load(s.configFile(), System.getenv(), overrides);
            soak(config, dir.resolve("streams"), stopped);
        } finally {
            if (broker != null) {
                broker.getOutputStream().close();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroy();
                }
            }
            Directories.deleteQuietly(dir);
            signal.close();
        }
        return 0;
    }

    private void soak(DrugwatchConfig config, Path stateDir, CountDownLatch stopped) throws Exception {
        Topics topics = KafkaSupport.topics(config);
        List<String> inputs = EventType.inputs().stream().map(config::topic).toList();
        try (Admin admin = KafkaSupport.admin(config)) {
            new TopicAdmin(admin).apply(TopicSpecs.of(config), false);
            List<County> counties = GenerateCommand.chooseCounties(null, List.of());
            DemoCommand.loadCounties(config, topics.counties(), counties);
            GeneratorOptions base = GeneratorOptions.defaults().withZone(config.timeZone());
            GeneratorOptions options = base.withVolume(
                    s.rate() == null
                            ? DemoCommand.DEFAULT_VOLUME
                            : SimFeed.volumeForRate(counties, s.seed(), s.rate(), base));
            Instant now = Instant.now();
            EventGenerator history = new EventGenerator(
                    counties, s.seed(), now.minus(Duration.ofDays(s.backfillDays())), now, Set.of(), options);
            double rate = SimFeed.eventsPerSecond(history);
            liveRate = rate;
            System.out.printf(
                    Locale.ROOT,
                    "soak: %s at %.2f live events/s over %,d counties after %d days of history; a sample every %s,"
                            + " trend after %s of warm-up; %d cores, max heap %,d MiB%n",
                    s.duration(),
                    rate,
                    counties.size(),
                    s.backfillDays(),
                    s.every(),
                    s.warmUp(),
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            AtomicBoolean stop = new AtomicBoolean();
            try (SimPublisher publisher = new SimPublisher(ClientProperties.producer(config), topics)) {
                long n = SimFeed.backfill(
                        history, publisher, () -> stopped.getCount() == 0, line -> System.out.println("soak: " + line));
                System.out.printf("soak: history of %,d events sent%n", n);
            }
            BoundedRocksDbMemory.Budget budget = BoundedRocksDbMemory.Budget.from(config.kafkaProperties());
            try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
                    Serving serving = Serving.start(config, runner, topics, "-D " + DrugwatchConfig.HTTP_PORT)) {
                runner.start();
                System.out.println("soak: pipeline started, HTTP API on " + serving.url());
                Thread generator = new Thread(
                        () -> DemoCommand.feedLive(config, topics, counties, s.seed(), options, now, stop, line -> {}),
                        "soak-live");
                generator.setDaemon(true);
                generator.start();
                long threshold = Math.max(50, Math.round(rate * 10));
                if (awaitCaughtUp(admin, inputs, threshold, stopped)) {
                    sample(admin, inputs, stateDir, budget, stopped);
                }
                stop.set(true);
                generator.join(15_000);
            }
        }
        report(String.format(Locale.ROOT, "%.2f", liveRate));
    }

    /** Waits until the pipeline has consumed the history; the soak's clock starts then. */
    private static boolean awaitCaughtUp(Admin admin, List<String> inputs, long threshold, CountDownLatch stopped)
            throws Exception {
        long started = System.nanoTime();
        while (true) {
            long lag = lag(admin, inputs);
            if (lag >= 0 && lag <= threshold) {
                System.out.printf(
                        "soak: history processed in %.0f s (lag %,d); sampling starts%n",
                        (System.nanoTime() - started) / 1e9, lag);
                return true;
            }
            System.out.printf(
                    "soak: processing the history, lag %,d records, %.0f s%n",
                    lag, (System.nanoTime() - started) / 1e9);
            if (stopped.await(10, TimeUnit.SECONDS)) {
                return false;
            }
        }
    }

    private void sample(
            Admin admin, List<String> inputs, Path stateDir, BoundedRocksDbMemory.Budget budget, CountDownLatch stopped)
            throws Exception {
        long start = System.nanoTime();
        long end = start + s.duration().toNanos();
        long next = start;
        while (true) {
            double t = (System.nanoTime() - start) / 1e9;
            rss.add(t, ProcessGauges.residentBytes() / 1048576.0);
            heap.add(t, ProcessGauges.heapAfterGcBytes() / 1048576.0);
            rocksdb.add(t, BoundedRocksDbMemory.usage(budget) / 1048576.0);
            threads.add(t, ProcessGauges.threads());
            fds.add(t, ProcessGauges.openFiles());
            state.add(t, ProcessGauges.directoryBytes(stateDir) / 1048576.0);
            lag.add(t, lag(admin, inputs));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "soak: %6.1f min", t / 60));
            for (SoakSeries x : series) {
                line.append(String.format(Locale.ROOT, "  %s %s", x.name(), number(x.last())));
            }
            System.out.println(line);
            next += s.every().toNanos();
            if (next > end) {
                return;
            }
            if (stopped.await(next - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                System.out.println("soak: stopped early");
                return;
            }
        }
    }

    private void report(String rate) {
        double from = s.warmUp().toSeconds();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "| measure | last | max after warm-up | slope per hour after %s (%d samples) |%n",
                s.warmUp(),
                rss.count(from));
        System.out.println("|---|---|---|---|");
        StringBuilder machine = new StringBuilder(String.format(
                Locale.ROOT,
                "SOAK minutes=%s rate=%s warmup_minutes=%d",
                number(rss.lastSeconds() / 60),
                rate,
                s.warmUp().toMinutes()));
        for (SoakSeries x : series) {
            String unit = x.unit().isEmpty() ? "" : " " + x.unit();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s%s | %s%s | %s%s |%n",
                    x.name(),
                    number(x.last()),
                    unit,
                    number(x.max(from)),
                    unit,
                    number(x.slopePerHour(from)),
                    unit);
            String key = x.name() + (x.unit().isEmpty() || x.unit().equals("records") ? "" : "_mib");
            machine.append(String.format(
                    Locale.ROOT, " %s=%s %s_per_h=%s", key, number(x.last()), key, number(x.slopePerHour(from))));
        }
        System.out.println();
        System.out.println(machine);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "na";
        }
        return Math.abs(v) >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Records of the inputs the pipeline has not committed yet; -1 before its group has committed. */
    static long lag(Admin admin, List<String> inputs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<String, TopicDescription> described =
                admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            total += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return total;
    }

    private static Process startBroker(Path dataDir) throws IOException {
        Path log = dataDir.resolveSibling("broker.log");
        Files.createDirectories(dataDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SoakBroker.class.getName(),
                        dataDir.toString())
                .redirectError(log.toFile())
                .start();
    }

    /** The child's ready line, split: marker, bootstrap servers, registry URL. */
    private static String[] awaitBroker(Process broker) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(SoakBroker.READY + " ")) {
                // the pipe must not fill up and stall the broker
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "soak-broker-stdout");
                drain.setDaemon(true);
                drain.start();
                return line.split(" ");
            }
        }
        throw new IllegalStateException("the soak's broker exited before it was ready (exit " + exitCode(broker) + ")");
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
