package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.topics.TopicSpec;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the pipeline against a configured Kafka cluster and schema registry until Ctrl-C.",
        footer = {
            "",
            "Examples:",
            "  drugwatch run -c config/drugwatch.properties",
            "  KAFKA_BOOTSTRAP_SERVERS=kafka:9092 SCHEMA_REGISTRY_URL=http://sr:8081 drugwatch run",
            "  drugwatch run -c prod.properties -D security.protocol=SASL_SSL -D sasl.mechanism=PLAIN"
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    static final Duration REGISTRY_RETRY_FIRST = Duration.ofSeconds(1);
    static final Duration REGISTRY_RETRY_MAX = Duration.ofSeconds(30);
    /** Beyond Kafka Streams' close: the live feed waits up to 5 s for its last poll, the HTTP API less. */
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);

    @Mixin
    ConfigOptions options;

    @Option(names = "--http-port", description = "HTTP API port (default: drugwatch.http.port, 8080).")
    Integer httpPort;

    @Option(names = "--http-host", description = "HTTP API address (default: drugwatch.http.host, 127.0.0.1).")
    String httpHost;

    @Override
    public Integer call() throws Exception {
        Map<String, String> http = new java.util.HashMap<>();
        if (httpPort != null) {
            http.put(DrugwatchConfig.HTTP_PORT, httpPort.toString());
        }
        if (httpHost != null) {
            http.put(DrugwatchConfig.HTTP_HOST, httpHost);
        }
        DrugwatchConfig config = options.load(http);
        log.info("configuration: {}", config.describe());
        requireTopics(config);
        try (ShutdownSignal signal =
                ShutdownSignal.install(config.shutdownTimeout().plus(CLOSE_MARGIN))) {
            run(config, signal.requested());
            System.out.println("stopped cleanly");
        }
        return 0;
    }

    /** Runs until {@code stop}; then closes the HTTP API, which reads the stores, before Kafka Streams. */
    private static void run(DrugwatchConfig config, CountDownLatch stop) throws Exception {
        Topics topics = KafkaSupport.topics(config);
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
                Serving serving = Serving.start(config, runner, topics, "--http-port")) {
            if (!awaitRegistry(config, KafkaSupport.registry(config), stop)) {
                System.out.println("stopping");
                return;
            }
            runner.start();
            System.out.println("dashboard " + serving.url() + "/, HTTP API " + serving.url() + "/api/ (docs/api.md)");
            if (runner.awaitRunning(Duration.ofSeconds(60))) {
                System.out.println("drugwatch is running against " + config.bootstrapServers() + "; Ctrl-C stops it");
            }
            while (!stop.await(1, TimeUnit.SECONDS)) {
                if (!runner.streams().state().isRunningOrRebalancing()
                        && runner.streams().state() != org.apache.kafka.streams.KafkaStreams.State.CREATED) {
                    throw new Main.CommandFailure(
                            "pipeline stopped: " + runner.streams().state());
                }
            }
            System.out.println("stopping");
        }
    }

    /**
     * Waits until the schema registry answers, retrying with a growing pause, so that a registry that
     * starts after the pipeline is no failure. Without it Kafka Streams could not load the counties
     * into their global store, and a global store that fails stops the whole pipeline.
     *
     * @return false if {@code stop} came first
     */
    static boolean awaitRegistry(DrugwatchConfig config, SchemaRegistryClient registry, CountDownLatch stop)
            throws InterruptedException {
        String subject = config.topic("counties") + "-value";
        long started = System.nanoTime();
        Duration pause = REGISTRY_RETRY_FIRST;
        for (int attempt = 1; ; attempt++) {
            try {
                registry.versions(subject);
                if (attempt > 1) {
                    log.info(
                            "schema registry {} is reachable after {} s",
                            config.registryUrl(),
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                }
                return true;
            } catch (RegistryUnavailableException e) {
                log.warn(
                        "schema registry {} unreachable (attempt {}: {}); the pipeline starts once it answers,"
                                + " retrying in {} s",
                        config.registryUrl(),
                        attempt,
                        e.getMessage(),
                        pause.toSeconds());
            }
            if (stop.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(REGISTRY_RETRY_MAX) > 0
                    ? REGISTRY_RETRY_MAX
                    : pause.multipliedBy(2);
        }
    }

    /** Kafka Streams would fail later and less clearly on a missing source topic. */
    static void requireTopics(DrugwatchConfig config) throws Exception {
        try (Admin admin = KafkaSupport.admin(config)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<String> missing = TopicSpecs.of(config).stream()
                    .map(TopicSpec::name)
                    .filter(t -> !existing.contains(t))
                    .toList();
            if (!missing.isEmpty()) {
                throw new Main.CommandFailure("topics " + missing + " do not exist on " + config.bootstrapServers()
                        + "; create them with 'drugwatch topics'");
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Main.CommandFailure("no Kafka broker answered at " + config.bootstrapServers());
        }
    }
}
