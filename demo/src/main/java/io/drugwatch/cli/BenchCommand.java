package io.drugwatch.cli;

import io.drugwatch.bench.ApiBench;
import io.drugwatch.bench.BenchCluster;
import io.drugwatch.bench.Benchmark;
import io.drugwatch.bench.ReplayBench;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.Directories;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure throughput, alert latency and footprint on an in-process broker (4 partitions per topic).",
            "Phases, all on the same generated events: (1) a plain consumer->producer pass-through, at-least-once "
                    + "and transactional; (2) the full pipeline; (3) the topology alone through "
                    + "TopologyTestDriver; (4) large-seizure-to-alert latency under a steady load; (5) heap and "
                    + "state-store bytes at two county counts. (1) and (2) report the median of three runs. "
                    + "The last line is machine-readable:",
            "BENCH passthrough_eps=N pipeline_eps=N ratio=R topology_eps_per_core=N alert_p50_ms=N alert_p99_ms=N",
            "(passthrough_eps is the transactional pass-through; ratio is pipeline over it). With --soak instead:",
            "SOAK minutes=N rate=R warmup_minutes=N rss_mib=N rss_mib_per_h=S heap_after_gc_mib=N ... lag=N lag_per_h=S",
            "Settings (-c, -D) "
                    + "apply to every pipeline the bench starts, so tuning can be tried without a rebuild. "
                    + "See docs/performance.md for results and how to read them."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch bench --quick                                  about 2.5 minutes",
            "  drugwatch bench                                          the full run, about 5 minutes",
            "  drugwatch bench --quick -D commit.interval.ms=200        try a setting",
            "  drugwatch bench --quick --only pipeline,latency          just those phases",
            "  drugwatch bench --quick --compare num.stream.threads=1   A/B test a setting against the defaults",
            "  drugwatch bench --events 2000000 --latency-seconds 120",
            "  java -Xmx2g -jar drugwatch-demo.jar bench --replay           300 counties, 3 years: about 4 million events",
            "  drugwatch bench --replay --counties 2848 --days 30           all counties, one month",
            "  drugwatch bench --replay --input history/                    your own history",
            "  java -Xmx512m -jar drugwatch-demo.jar bench --soak PT2H      memory over 2 hours at the demo's live rate",
            "  drugwatch bench --soak PT30M --rate 1 --sample-every PT30S   at 1 event/s, a sample every 30 s",
            "  java -Xmx2g -jar drugwatch-demo.jar bench --api               the HTTP API on 3 years of windows"
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller volumes; finishes in under 3 minutes.")
    boolean quick;

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Events for the throughput phases (default 1,000,000; quick 200,000).")
    Integer events;

    @Option(
            names = "--counties",
            paramLabel = "N",
            description = "Counties they are spread over (default 3,000; with --replay 300, quick 50).")
    Integer counties;

    @Option(
            names = "--replay",
            description =
                    "Instead of the phases: generate history (--counties, --days) or take it"
                            + " from --input, run `replay` over it in this JVM, and report events/s, CPU per thread and memory.")
    boolean replay;

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "With --replay: days of history (default 1095; quick 365); with --soak: days of history sent "
                    + "before the live events (default 56, as in the demo).")
    Integer days;

    @Option(
            names = "--api",
            description = "Instead of the phases: fill the stores with --days of county windows (default 1095) for"
                    + " the bundled counties (or --counties of them) and drive the HTTP API with 1, 16 and 64 clients,"
                    + " a mix of the national county list and light requests, --api-seconds per step.")
    boolean api;

    @Option(
            names = "--api-seconds",
            paramLabel = "N",
            description = "With --api: seconds of load at each client count (default 15; quick 5).")
    Integer apiSeconds;

    @Option(
            names = "--input",
            paramLabel = "DIR",
            description = "With --replay: replay this directory of JSONL history instead of generating one.")
    Path replayInput;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS/S",
            description = "Offered load while latency is measured (default ${DEFAULT-VALUE}); with --soak the live "
                    + "rate (default the demo's, about 0.1).")
    double rate = 5_000;

    @Option(
            names = "--soak",
            paramLabel = "ISO-8601",
            description =
                    "Instead of the phases: run the pipeline as `run` does (broker and registry in a JVM of their "
                            + "own) on --days of history and then live events at --rate for this long, and print this JVM's "
                            + "resident memory, heap after GC, RocksDB cache, threads, open files, state size and lag every "
                            + "--sample-every, and their slopes per hour after --warm-up. The last line is machine-readable:")
    Duration soak;

    @Option(
            names = "--sample-every",
            paramLabel = "ISO-8601",
            description = "With --soak: how often to sample (default ${DEFAULT-VALUE}).")
    Duration sampleEvery = Duration.ofMinutes(1);

    @Option(
            names = "--warm-up",
            paramLabel = "ISO-8601",
            description = "With --soak: samples before this are left out of the slopes (default ${DEFAULT-VALUE}).")
    Duration warmUp = Duration.ofMinutes(10);

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "With --soak: use this broker (and --schema-registry) instead of starting one.")
    String bootstrapServer;

    @Option(
            names = "--schema-registry",
            paramLabel = "URL",
            description = "With --soak and --bootstrap-server: the schema registry.")
    String schemaRegistry;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--latency-seconds",
            paramLabel = "N",
            description = "How long latency is measured (default 60; quick 15).")
    Integer latencySeconds;

    @Option(
            names = "--footprint-counties",
            paramLabel = "N",
            split = ",",
            description = "County counts whose heap and state are compared (default ${DEFAULT-VALUE}).")
    List<Integer> footprintCounties = List.of(3_000, 30_000);

    @Option(
            names = "--only",
            paramLabel = "PHASE",
            split = ",",
            description =
                    "Run only these phases: ${COMPLETION-CANDIDATES} (default: all). Figures of skipped phases are 'na'.")
    Set<Benchmark.Phase> only = EnumSet.allOf(Benchmark.Phase.class);

    @Option(
            names = "--compare",
            paramLabel = "KEY=VALUE",
            description = "Instead of the phases: run the pipeline alternately with and without these settings "
                    + "(--rounds times each) and print the ratio of their rates.")
    Map<String, String> compare = new LinkedHashMap<>();

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of --compare (default ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Properties file with pipeline settings.")
    Path configFile;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "A pipeline setting, e.g. -D commit.interval.ms=200 or -D num.stream.threads=2.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (soak != null) {
            return soak();
        }
        if (replay) {
            return replay();
        }
        if (api) {
            new ApiBench(
                            new ApiBench.Settings(
                                    days == null ? (quick ? 365 : 1095) : days,
                                    counties == null ? 2848 : counties,
                                    apiSeconds == null ? (quick ? 5 : 15) : apiSeconds,
                                    List.of(1, 16, 64)),
                            System.out::println)
                    .run();
            return 0;
        }
        int counties = this.counties == null ? 3_000 : this.counties;
        Benchmark.Settings base = quick ? Benchmark.Settings.quick() : Benchmark.Settings.full();
        if (counties < 1 || rate <= 0 || footprintCounties.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--counties, --rate and --footprint-counties must be positive");
        }
        Benchmark.Settings s = new Benchmark.Settings(
                events == null ? base.events() : events,
                counties,
                base.days(),
                Math.min(base.topologyEvents(), events == null ? base.topologyEvents() : events),
                rate,
                latencySeconds == null ? base.latencyDuration() : Duration.ofSeconds(latencySeconds),
                footprintCounties,
                base.footprintEventsPerCounty(),
                only);
        if (s.events() < 1_000) {
            throw new IllegalArgumentException("--events must be at least 1000");
        }
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("drugwatch-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                        .withPort(0)
                        .withControllerPort(0)
                        .withDataDir(dir.resolve("kafka"))
                        .withDefaultPartitions(4));
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0)) {
            Map<String, String> overrides = new LinkedHashMap<>(settings);
            overrides.put(DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            overrides.put(DrugwatchConfig.REGISTRY_URL, registry.url());
            overrides.put(DrugwatchConfig.PARTITIONS, "4");
            DrugwatchConfig config = ConfigLoader.load(configFile, System.getenv(), overrides);
            System.out.printf(
                    "bench: %s, %d cores, max heap %,d MiB, broker %s%n",
                    quick ? "quick" : "full",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    kafka.bootstrapServers());
            try (Admin admin = KafkaSupport.admin(config)) {
                BenchCluster cluster = new BenchCluster(ClientProperties.common(config), admin);
                Benchmark bench = new Benchmark(
                        cluster, config, dir.resolve("streams"), line -> System.out.println("bench: " + line));
                if (!compare.isEmpty()) {
                    double ratio = bench.compare(s, compare, rounds);
                    System.out.printf(java.util.Locale.ROOT, "COMPARE %s events_per_s_ratio=%.2f%n", compare, ratio);
                    return 0;
                }
                Benchmark.Report report = bench.run(s);
                System.out.println();
                report.markdown().forEach(System.out::println);
                System.out.printf("%nbench took %.0f s%n", (System.nanoTime() - started) / 1e9);
                System.out.println(report.benchLine());
            }
        } finally {
            Directories.deleteQuietly(dir);
        }
        return 0;
    }

    private int soak() throws Exception {
        if (soak.isNegative() || soak.isZero() || sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException("--soak and --sample-every must be positive");
        }
        if ((bootstrapServer == null) != (schemaRegistry == null)) {
            throw new IllegalArgumentException("--bootstrap-server and --schema-registry go together");
        }
        boolean rateGiven = spec.commandLine().getParseResult().hasMatchedOption("--rate");
        return new SoakRun(new SoakRun.Settings(
                        soak,
                        rateGiven ? rate : null,
                        sampleEvery,
                        warmUp,
                        days == null ? 56 : days,
                        42,
                        bootstrapServer,
                        schemaRegistry,
                        configFile,
                        settings))
                .run();
    }

    private int replay() throws Exception {
        int n = counties != null ? counties : quick ? 50 : 300;
        int d = days != null ? days : quick ? 365 : 1_095;
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("--counties and --days must be positive");
        }
        DrugwatchConfig config = ConfigLoader.load(configFile, System.getenv(), settings);
        Path dir = Files.createTempDirectory("drugwatch-bench-replay");
        try {
            Path input = replayInput;
            if (input == null) {
                input = dir.resolve("input");
                long generateStart = System.nanoTime();
                long events = ReplayBench.generate(n, d, 1, input);
                System.out.printf(
                        "bench: generated %,d events for %,d counties over %,d days in %.0f s%n",
                        events, n, d, (System.nanoTime() - generateStart) / 1e9);
            }
            System.out.printf(
                    "bench: replay of %s, %d cores, max heap %,d MiB%n",
                    input,
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            ReplayBench.Result result =
                    ReplayBench.run(config, input, dir.resolve("output"), line -> System.out.println("bench: " + line));
            System.out.println();
            result.lines().forEach(System.out::println);
            System.out.println(result.benchLine());
        } finally {
            Directories.deleteQuietly(dir);
        }
        return 0;
    }
}
