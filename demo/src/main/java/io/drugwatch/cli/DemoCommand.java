package io.drugwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.api.IndicatorQueries;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Severity;
import io.drugwatch.runtime.Directories;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.runtime.PortInUseException;
import io.drugwatch.runtime.SimFeed;
import io.drugwatch.runtime.SimPublisher;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.PlantedAnomaly;
import io.drugwatch.sim.Scenario;
import io.drugwatch.sim.truth.TruthWriter;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Everything on this machine, no setup: a real Kafka broker (KRaft, in-process), a "
                    + "Confluent-compatible schema registry, the topics, the county reference data, the pipeline and a "
                    + "generator that back-fills some weeks of realistic history with planted anomalies and then keeps "
                    + "sending live events, continuing the history at its own per-county rates. Prints where everything "
                    + "is; Ctrl-C stops it cleanly.",
            "With --data-dir the broker, the registry's schemas and the pipeline's state are kept there, and a "
                    + "second demo on the same directory resumes where the first stopped."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch demo",
            "  drugwatch demo --data-dir ./demo-data                 keep everything for the next run",
            "  drugwatch demo --broker-port 19092 --registry-port 18081",
            "  drugwatch demo --backfill-days 60 --volume 1             a realistic history and live stream",
            "  drugwatch demo --rate 2                                  about 2 live events a second, heavier history",
            "  drugwatch demo --truth demo-truth.jsonl                  what the history planted, for evaluation",
            "  drugwatch demo --tally-every PT10M                       the planted/found tally every 10 minutes too",
            "",
            "In another terminal, while it runs:",
            "  java -jar demo/target/drugwatch-demo.jar tail alerts",
            "  java -jar demo/target/drugwatch-demo.jar tail county-indicators --final-only",
            "",
            "The live events follow the same model, seed and volume as the history: at the default volume 0.25 "
                    + "about 0.1 events a second over all counties (realistic rates are low); --volume or --rate "
                    + "raises both phases alike.",
            "",
            "Each alert that opens is matched against what the history planted: it finds a planted anomaly when "
                    + "it is in the same county and rule family, judged from the anomaly's first day to 7 days after "
                    + "its last. Alerts that find one are printed, and a CRITICAL one matching nothing at most once "
                    + "per report; at the end (Ctrl-C or --duration) a tally per rule: planted, found, and alerts "
                    + "matching nothing planted, with what the rules could judge where a planted anomaly was missed."
        })
final class DemoCommand implements Callable<Integer> {

    private static final String HISTORY_DONE = "history.done";
    static final double DEFAULT_VOLUME = 0.25;
    /** How long Ctrl-C waits for the pipeline, the registry and the broker to close. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);
    /** The named scenarios and bad records; the random ANOMALIES need a longer history than a demo's. */
    private static final Set<Scenario> HISTORY_SCENARIOS = EnumSet.complementOf(EnumSet.of(Scenario.ANOMALIES));

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep broker data, schemas and state here (default: a temporary directory, deleted at exit).")
    Path dataDir;

    @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--broker-port", description = "Kafka port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int brokerPort = 9092;

    @Option(
            names = "--registry-port",
            description = "Schema registry port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int registryPort = 8081;

    @Option(
            names = "--http-port",
            description = "HTTP API and dashboard port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpPort = 8080;

    @Option(
            names = "--backfill-days",
            paramLabel = "N",
            description =
                    "Days of history sent first (default ${DEFAULT-VALUE}: the count rules judge a county once 28 days "
                            + "are observed before their 14-day window, so the arrest spike planted a week before the end needs 49).")
    int backfillDays = 56;

    @Option(
            names = "--volume",
            paramLabel = "X",
            description = "Volume of history and live events; 1 is realistic, about 40,000 events a day over all "
                    + "counties (default 0.25).")
    Double volume;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS/S",
            description = "Instead of --volume: the volume at which the live stream carries about this many events a "
                    + "second; the history uses it too, so it grows with the rate.")
    Double rate;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description = "Write the truth of the history (true daily means, campaigns, planted anomalies; "
                    + "docs/evaluation.md) once it is sent.")
    Path truth;

    @Option(names = "--seed", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--counties-file",
            paramLabel = "FILE",
            description =
                    "Your own counties (CSV or JSONL, as for 'ingest --topic counties') instead of the bundled ones.")
    Path countiesFile;

    @Option(
            names = "--duration",
            paramLabel = "ISO-8601",
            description = "Stop by itself after this long, e.g. PT5M (default: run until Ctrl-C).")
    Duration duration;

    @Option(
            names = "--tally-every",
            paramLabel = "ISO-8601",
            description =
                    "Also print the tally of planted and found anomalies this often, e.g. PT10M (default: only at "
                            + "the end).")
    Duration tallyEvery;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Any drugwatch or Kafka setting.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("drugwatch-demo") : dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        boolean resuming = Files.exists(dir.resolve(HISTORY_DONE));
        AtomicBoolean stop = new AtomicBoolean();
        ShutdownSignal signal = ShutdownSignal.install(STOP_BOUND);
        CountDownLatch stopped = signal.requested();
        try (EmbeddedKafka kafka = startBroker(dir);
                EmbeddedSchemaRegistry registry = startRegistry(kafka)) {
            Map<String, String> demo = new LinkedHashMap<>();
            demo.put(DrugwatchConfig.APPLICATION_ID, "drugwatch-demo");
            demo.put(DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            demo.put(DrugwatchConfig.REGISTRY_URL, registry.url());
            demo.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
            demo.put(DrugwatchConfig.HTTP_HOST, host);
            demo.put(DrugwatchConfig.HTTP_PORT, Integer.toString(httpPort));
            demo.putAll(settings);
            DrugwatchConfig config = ConfigLoader.load(null, System.getenv(), demo);
            Topics topics = KafkaSupport.topics(config);
            try (Admin admin = KafkaSupport.admin(config)) {
                new TopicAdmin(admin).apply(TopicSpecs.of(config), false);
            }
            List<County> counties = GenerateCommand.chooseCounties(countiesFile, List.of());
            loadCounties(config, topics.counties(), counties);
            DemoTally tally = new DemoTally(config.timeZone());
            GeneratorOptions options = generatorOptions(config, counties);
            BooleanSupplier stopRequested = () -> stopped.getCount() == 0;
            // The history is on the broker before the pipeline reads it: consumed while still being written, a
            // dense input could look caught up for a moment and the sparse ones run days ahead of it.
            Instant liveFrom =
                    resuming ? Instant.now() : backfill(config, topics, counties, options, dir, stopRequested, tally);

            try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
                    Serving serving = Serving.start(config, runner, topics, "--http-port")) {
                runner.start();
                printAddresses(kafka, registry, serving, config, dir, temporary, resuming);
                IndicatorQueries queries = new IndicatorQueries(runner.streams());
                BiFunction<PlantedAnomaly, AlertRule, String> whyNotFound =
                        (p, rule) -> coverageNote(queries, p, rule, config.timeZone());
                Thread watcher = watchIndicators(config, topics, started, stop, tally, tallyEvery, whyNotFound);
                Thread generator = new Thread(
                        () -> feedLive(config, topics, counties, seed, options, liveFrom, stop, System.out::println),
                        "drugwatch-demo-generator");
                generator.setDaemon(true);
                generator.start();
                boolean timedOut = duration != null && !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                if (duration == null) {
                    stopped.await();
                }
                stop.set(true);
                System.out.println(timedOut ? "demo ran for " + duration + "; stopping" : "stopping");
                generator.join(15_000);
                watcher.join(5_000);
                tally.report(whyNotFound).forEach(System.out::println); // while the stores can still be asked
            }
        } finally {
            if (temporary) {
                Directories.deleteQuietly(dir);
            }
            signal.close();
        }
        System.out.println("stopped cleanly");
        return 0;
    }

    private EmbeddedKafka startBroker(Path dir) {
        try {
            return EmbeddedKafka.start(EmbeddedKafka.Options.defaults()
                    .withHost(host)
                    .withPort(brokerPort)
                    .withDataDir(dir.resolve("kafka"))
                    .withDefaultPartitions(4));
        } catch (PortInUseException e) {
            throw new Main.CommandFailure(e.getMessage() + "; choose another with --broker-port");
        }
    }

    private EmbeddedSchemaRegistry startRegistry(EmbeddedKafka kafka) throws IOException {
        try {
            return EmbeddedSchemaRegistry.start(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), host, registryPort);
        } catch (PortInUseException e) {
            throw new Main.CommandFailure(e.getMessage() + "; choose another with --registry-port");
        }
    }

    static void loadCounties(DrugwatchConfig config, Topic<String, County> topic, List<County> counties) {
        try (KafkaProducer<String, County> producer = new KafkaProducer<>(
                ClientProperties.producer(config),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            for (County c : counties) {
                producer.send(new ProducerRecord<>(topic.name(), c.getCode(), c));
            }
        }
    }

    private void printAddresses(
            EmbeddedKafka kafka,
            EmbeddedSchemaRegistry registry,
            Serving serving,
            DrugwatchConfig config,
            Path dir,
            boolean temporary,
            boolean resuming) {
        String jar = "java -jar " + Main.DEMO_JAR;
        String connect = " --bootstrap-server " + kafka.bootstrapServers() + " --schema-registry " + registry.url();
        System.out.println();
        System.out.println("drugwatch demo " + (resuming ? "resumed" : "started"));
        System.out.println("  Kafka bootstrap   " + kafka.bootstrapServers());
        System.out.println("  Schema registry   " + registry.url()
                + (resuming ? " (" + registry.restoredRegistrations() + " schemas restored)" : ""));
        System.out.println("  Dashboard         " + serving.url() + "/");
        System.out.println("  HTTP API          " + serving.url() + "/api/counties?windowDays=7  (health: "
                + serving.url() + "/health, metrics: " + serving.url() + "/metrics)");
        System.out.println("  Data directory    " + dir + (temporary ? " (deleted at exit; --data-dir keeps it)" : ""));
        System.out.println("  Inputs            "
                + String.join(
                        ", ", EventType.inputs().stream().map(config::topic).toList()));
        System.out.println("  Outputs           "
                + String.join(
                        ", ",
                        config.topic("county-indicators"),
                        config.topic("alerts"),
                        config.topic("alerts-critical"),
                        config.topic("alerts-warning"),
                        config.topic("alerts-open"),
                        config.topic("dead-letters")));
        System.out.println("  Reference data    " + config.topic("counties"));
        System.out.println("  Watch alerts      " + jar + " tail alerts" + connect);
        System.out.println("  Watch indicators  " + jar + " tail county-indicators --final-only" + connect);
        System.out.println("  Watch bad records " + jar + " tail dead-letters --from-beginning" + connect);
        System.out.println("  Stop              Ctrl-C");
        System.out.println();
    }

    private GeneratorOptions generatorOptions(DrugwatchConfig config, List<County> counties) {
        GeneratorOptions options = GeneratorOptions.defaults().withZone(config.timeZone());
        return options.withVolume(
                rate != null
                        ? SimFeed.volumeForRate(counties, seed, rate, options)
                        : volume != null ? volume : DEFAULT_VOLUME);
    }

    /** Sends the history, if there is one to send; returns where the live feed starts. */
    private Instant backfill(
            DrugwatchConfig config,
            Topics topics,
            List<County> counties,
            GeneratorOptions options,
            Path dir,
            BooleanSupplier stop,
            DemoTally tally)
            throws IOException {
        Instant to = Instant.now();
        tally.planted(List.of());
        if (backfillDays <= 0) {
            return to;
        }
        EventGenerator history = new EventGenerator(
                counties, seed, to.minus(Duration.ofDays(backfillDays)), to, HISTORY_SCENARIOS, options);
        System.out.println("history: " + backfillDays + " days for " + counties.size() + " counties; planted:");
        history.planted().forEach(p -> System.out.println("  " + p.describe()));
        tally.planted(history.planted());
        long n;
        try (SimPublisher publisher = new SimPublisher(ClientProperties.producer(config), topics)) {
            n = SimFeed.backfill(history, publisher, stop, System.out::println);
        }
        if (!stop.getAsBoolean()) {
            Files.writeString(dir.resolve(HISTORY_DONE), Instant.now() + " " + n + " events\n");
            if (truth != null) {
                try (TruthWriter w = TruthWriter.open(truth)) {
                    history.writeTruth(w);
                }
                System.out.println("history truth written to " + truth);
            }
            System.out.printf(
                    "history: %,d events sent; the pipeline starts on it, and it is now live at about"
                            + " %.2f events/s, continuing it%n",
                    n, SimFeed.eventsPerSecond(history));
        }
        // the live feed continues where the history ended: the minutes the back-fill took are caught up at once
        return to;
    }

    /**
     * Publishes live events from {@code from} at the counties' own rates until {@code stop}; an error stops
     * the feed with one line on stderr (the demo and the soak go on without it).
     */
    static void feedLive(
            DrugwatchConfig config,
            Topics topics,
            List<County> counties,
            long seed,
            GeneratorOptions options,
            Instant from,
            AtomicBoolean stop,
            Consumer<String> progress) {
        try (SimPublisher publisher = new SimPublisher(ClientProperties.producer(config), topics)) {
            SimFeed.live(
                    counties,
                    seed,
                    options,
                    Set.of(Scenario.BAD_RECORDS),
                    from,
                    publisher,
                    Clock.systemUTC(),
                    stop::get,
                    progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stop.get()) {
                System.err.println("error: generator stopped: " + Main.message(e));
            }
        }
    }

    /**
     * Reports the first indicators; each alert that opens and finds a planted anomaly, and at most one CRITICAL
     * alert matching nothing planted per report; every 15 s how much has come out (when final windows, alerts
     * or dead letters changed, else every 5 minutes); and with --tally-every the tally of planted and found.
     */
    private static Thread watchIndicators(
            DrugwatchConfig config,
            Topics topics,
            long started,
            AtomicBoolean stop,
            DemoTally tally,
            Duration tallyEvery,
            BiFunction<PlantedAnomaly, AlertRule, String> whyNotFound) {
        Thread t = new Thread(
                () -> {
                    AtomicLong updates = new AtomicLong();
                    AtomicLong finals = new AtomicLong();
                    long dead = 0;
                    long lastReport = System.nanoTime();
                    long lastTally = System.nanoTime();
                    boolean unmatchedShown = false; // since the last report: the demo must not flood
                    String lastCounts = null;
                    long lastPrinted = 0;
                    boolean first = true;
                    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                            ClientProperties.consumer(config),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer())) {
                        List<TopicPartition> parts = Stream.of(
                                        topics.countyIndicators().name(),
                                        topics.deadLetters().name(),
                                        topics.alerts().name())
                                .flatMap(n -> consumer.partitionsFor(n, Duration.ofSeconds(10)).stream())
                                .map(p -> new TopicPartition(p.topic(), p.partition()))
                                .toList();
                        consumer.assign(parts);
                        while (!stop.get()) {
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                                if (r.topic().equals(topics.deadLetters().name())) {
                                    dead++;
                                    continue;
                                }
                                if (r.topic().equals(topics.alerts().name())) {
                                    Alert alert = topics.alerts()
                                            .valueSerde()
                                            .deserializer()
                                            .deserialize(r.topic(), r.headers(), r.value());
                                    Optional<PlantedAnomaly> found = tally.record(alert);
                                    if (found.isPresent()) {
                                        System.out.println("alert, finds planted "
                                                + found.get().scenario() + ": " + alert.getSummary());
                                    } else if (alert.getStatus() == AlertStatus.OPEN
                                            && alert.getSeverity() == Severity.CRITICAL
                                            && !unmatchedShown) {
                                        unmatchedShown = true;
                                        System.out.println(
                                                (tally.plantedKnown() ? "alert, matches nothing planted: " : "alert: ")
                                                        + alert.getSummary());
                                    }
                                    continue;
                                }
                                CountyIndicators v = topics.countyIndicators()
                                        .valueSerde()
                                        .deserializer()
                                        .deserialize(r.topic(), r.headers(), r.value());
                                (v.getFinal$() ? finals : updates).incrementAndGet();
                                if (first) {
                                    first = false;
                                    System.out.printf(
                                            "first indicators after %.1f s: %s%n",
                                            (System.nanoTime() - started) / 1e9, TailCommand.indicators(v));
                                }
                            }
                            if (System.nanoTime() - lastReport
                                    > Duration.ofSeconds(15).toNanos()) {
                                lastReport = System.nanoTime();
                                unmatchedShown = false;
                                long[] opened = tally.opened();
                                String line = String.format(
                                        "indicators: %,d live updates, %,d final windows; alerts opened: %,d%s;"
                                                + " dead letters: %,d",
                                        updates.get(),
                                        finals.get(),
                                        opened[0],
                                        tally.plantedKnown()
                                                ? String.format(" (%,d finding a planted anomaly)", opened[1])
                                                : "",
                                        dead);
                                // a quiet stream does not repeat itself: printed when final windows, alerts or dead
                                // letters
                                // changed, else every 5 minutes
                                String counts = finals.get() + " " + opened[0] + " " + dead;
                                if (!counts.equals(lastCounts)
                                        || System.nanoTime() - lastPrinted
                                                > Duration.ofMinutes(5).toNanos()) {
                                    System.out.println(line);
                                    lastCounts = counts;
                                    lastPrinted = System.nanoTime();
                                }
                            }
                            if (tallyEvery != null && System.nanoTime() - lastTally > tallyEvery.toNanos()) {
                                lastTally = System.nanoTime();
                                tally.report(whyNotFound).forEach(System.out::println);
                            }
                        }
                    } catch (RuntimeException e) {
                        if (!stop.get()) {
                            System.err.println("error: indicator watch stopped: " + Main.message(e));
                        }
                    }
                },
                "drugwatch-demo-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * For a planted anomaly that a daily rule has not found: what that rule could judge in the county on its
     * latest closed day (the alert-coverage store), e.g. "on 2026-12-01, its latest closed day, COUNT_SPIKE:
     * ARREST_EVENTS insufficient data (baseline not observed yet)", and whether days of the anomaly are still
     * open. Null for LARGE_SEIZURE, judged seizure by seizure, or while the stores cannot be asked.
     */
    static String coverageNote(IndicatorQueries queries, PlantedAnomaly anomaly, AlertRule rule, ZoneId zone) {
        if (rule == AlertRule.LARGE_SEIZURE || anomaly.countyCode() == null) {
            return null;
        }
        try {
            List<ObjectNode> coverage = queries.coverage(anomaly.countyCode());
            if (coverage.isEmpty()) {
                return "no rule has judged the county yet";
            }
            JsonNode c = coverage.get(0);
            List<String> subjects = new ArrayList<>();
            for (JsonNode r : c.path("rules")) {
                String subject = r.path("subject").asText();
                boolean otherCount = anomaly.scenario() == Scenario.ARREST_SPIKE
                        && (subject.equals("SEIZURE_EVENTS") || subject.equals("INSPECTION_HITS"));
                if (rule.name().equals(r.path("rule").asText()) && !otherCount) {
                    subjects.add(r.path("subject").asText()
                            + ("JUDGED".equals(r.path("status").asText())
                                    ? " judged"
                                    : " insufficient data (" + r.path("reason").asText() + ")"));
                }
            }
            LocalDate closed = LocalDate.parse(c.path("day").asText());
            LocalDate last = anomaly.to().minusMillis(1).atZone(zone).toLocalDate();
            return "on " + closed + ", its latest closed day, " + rule
                    + (subjects.isEmpty() ? " had nothing to judge there" : ": " + String.join(", ", subjects))
                    + (last.isAfter(closed)
                            ? "; its days through " + last + " are still open (a day closes "
                                    + "when the grace period after it has passed)"
                            : "");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
