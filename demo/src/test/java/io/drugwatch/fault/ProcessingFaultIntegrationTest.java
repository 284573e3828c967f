package io.drugwatch.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.serde.FailingOnSchemaId;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryException;
import io.drugwatch.sim.SimEvent;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A failing record injected into the live pipeline on a real broker, under exactly_once_v2: an arrest
 * framed with a schema id on which the registry client throws. Thrown as a bug, it is a dead letter and
 * everything else is counted once; thrown as a registry that refuses, no retry fixes it, and the
 * instance shuts down after the configured number of failures.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProcessingFaultIntegrationTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    private FaultFixture fixture;

    private final ListAppender<ILoggingEvent> runnerLog = new ListAppender<>();

    @BeforeEach
    void fixture() {
        fixture = new FaultFixture(cluster, dir);
    }

    @BeforeEach
    void captureRunnerLog() {
        runnerLog.start();
        ((Logger) LoggerFactory.getLogger(PipelineRunner.class)).addAppender(runnerLog);
    }

    @AfterEach
    void releaseRunnerLog() {
        ((Logger) LoggerFactory.getLogger(PipelineRunner.class)).detachAppender(runnerLog);
    }

    @Test
    void aRecordWhoseProcessingThrowsIsDeadLetteredAndEverythingElseCountedOnce() throws Exception {
        String app = "fault-processing-error";
        DrugwatchConfig config = DrugwatchConfig.of(fixture.settings(app));
        fixture.createTopics(config);
        Topics topics = poisonable(config, () -> new IllegalStateException("bug near suspect Zhang San"));
        FaultFixture.Input input = FaultFixture.input(23, 1_000);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(FaultFixture.records(topics, input.events()));
        int poisoned = poisonAnArrest(records, config, records.size() / 2);
        fixture.sendRaw(records);

        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            fixture.closeWindows(app, config, topics, input);

            List<ConsumerRecord<String, byte[]>> dead =
                    cluster.readAll(config.topic("dead-letters"), (t, b) -> b, true);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(records.get(poisoned).key());
                assertThat(r.value()).isEqualTo(records.get(poisoned).value());
                assertThat(header(r, "dlq.reason")).isEqualTo("PROCESSING_ERROR");
                assertThat(header(r, "dlq.detail")).isEqualTo("java.lang.IllegalStateException in arrests-decode");
            });
            assertThat(deadLettersCounted(runner.metrics())).isEqualTo(1);
            assertThat(runnerLog.list).as("stream thread failures").noneMatch(e -> e.getLevel() == Level.ERROR);

            List<SimEvent> counted = new ArrayList<>(input.events());
            counted.remove(poisoned);
            FaultFixture.assertSameFinals(
                    fixture.liveFinals(config, topics),
                    fixture.replayFinals(config, new FaultFixture.Input(counted, input.clocks())));
        }
    }

    @Test
    void failuresThatARetryDoesNotFixShutTheInstanceDownWithOneErrorLine() throws Exception {
        String app = "fault-registry-refuses";
        Map<String, String> settings = new LinkedHashMap<>(fixture.settings(app));
        settings.put(DrugwatchConfig.THREAD_FAILURES_MAX, "2");
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        fixture.createTopics(config);
        Topics topics =
                poisonable(config, () -> new SchemaRegistryException("Unauthorized", OptionalInt.of(40101), null));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(
                FaultFixture.records(topics, FaultFixture.input(31, 200).events()));
        poisonAnArrest(records, config, 0);
        fixture.sendRaw(records);

        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> runner.streams().state() == KafkaStreams.State.ERROR);

            assertThat(runnerLog.list)
                    .filteredOn(e -> e.getLevel() == Level.ERROR)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .satisfiesExactly(
                            replaced -> assertThat(replaced).startsWith("stream thread failed (1 of 2 such failures"),
                            shutDown -> assertThat(shutDown)
                                    .startsWith(
                                            "shutting down after 2 stream thread failures within PT10M that a retry does not"
                                                    + " fix, the last io.drugwatch.serde.SchemaRegistryException: Unauthorized;"));
            assertThat(cluster.readAll(config.topic("dead-letters"), (t, b) -> b, true))
                    .as("nothing is dead-lettered that the registry refused to read")
                    .isEmpty();
            assertThat(fixture.committedInput(app, config)).isLessThan(fixture.inputEnd(config));
        }
    }

    /** The production serdes, but their registry client throws {@code failure} for a poisoned record. */
    private static Topics poisonable(DrugwatchConfig config, Supplier<RuntimeException> failure) {
        return Topics.create(
                config, new FailingOnSchemaId(new HttpSchemaRegistryClient(cluster.registryUrl()), failure));
    }

    /** Poisons the first arrest at or after {@code from}; returns its index. */
    private static int poisonAnArrest(List<ProducerRecord<String, byte[]>> records, DrugwatchConfig config, int from) {
        for (int i = from; i < records.size(); i++) {
            ProducerRecord<String, byte[]> r = records.get(i);
            if (r.topic().equals(config.topic("arrests"))) {
                records.set(
                        i,
                        new ProducerRecord<>(
                                r.topic(), null, r.timestamp(), r.key(), FailingOnSchemaId.poison(r.value())));
                return i;
            }
        }
        throw new AssertionError("no arrest after record " + from);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static double deadLettersCounted(Map<MetricName, Metric> metrics) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals("dead-letters-total")
                        && "PROCESSING_ERROR".equals(e.getKey().tags().get("reason")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
