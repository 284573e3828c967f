package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.Offense;
import io.drugwatch.serde.FailingOnSchemaId;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.serde.SchemaRegistryException;
import io.drugwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The production topology and streams settings, with a failing record injected: an arrest framed
 * with a schema id on which the registry client throws. A record at fault goes to dead-letters as
 * PROCESSING_ERROR and the others are counted; an outage or a refusing registry fails processing
 * instead, so that nothing is dead-lettered that a retry would have counted.
 */
class ProcessingErrorTopologyTest {

    private static final Instant T = local("2026-11-20", "10:00");

    @TempDir
    Path stateDir;

    private final DrugwatchConfig config = DrugwatchConfig.defaults()
            .with(Map.of(
                    DrugwatchConfig.REGISTRY_URL,
                    "mock://" + UUID.randomUUID(),
                    DrugwatchConfig.IDLE_ADVANCE_AFTER,
                    "PT0S"));
    private final ProcessingErrorMetrics processingErrors = new ProcessingErrorMetrics();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private TopologyTestDriver driver;
    private Topics topics;

    @AfterEach
    void close() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
        if (driver != null) {
            driver.close();
        }
        processingErrors.close();
    }

    @Test
    void aRecordWhoseProcessingThrowsIsDeadLetteredAndTheNextOneIsCounted() {
        TestInputTopic<String, byte[]> arrests = start(() -> new IllegalStateException("bug near suspect Zhang San"));
        byte[] poisoned = poisoned(arrest("a1", LUDIAN, T, Offense.USE, 1));
        captureLogs();
        arrests.pipeInput(LUDIAN, poisoned, T);
        arrests.pipeInput(LUDIAN, framed(arrest("a2", LUDIAN, T, Offense.USE, 1)), T);

        List<TestRecord<byte[], byte[]>> dead = deadLetters();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(LUDIAN.getBytes(StandardCharsets.UTF_8));
            assertThat(r.value()).isEqualTo(poisoned);
            assertThat(header(r, "dlq.reason")).isEqualTo("PROCESSING_ERROR");
            assertThat(header(r, "dlq.detail")).isEqualTo("java.lang.IllegalStateException in arrests-decode");
            assertThat(header(r, "dlq.source.topic")).isEqualTo(config.topic("arrests"));
            assertThat(header(r, "dlq.source.partition")).isEqualTo("0");
            assertThat(header(r, "dlq.source.offset")).isEqualTo("0");
            assertThat(header(r, "dlq.source.timestamp")).isEqualTo(Long.toString(T.toEpochMilli()));
        });
        assertThat(count(driver.metrics(), "records-in-total", Map.of("topic", "arrests")))
                .isEqualTo(2);
        assertThat(count(driver.metrics(), "accepted-total", Map.of("topic", "arrests")))
                .isEqualTo(1);
        assertThat(count(
                        processingErrors.metrics(),
                        "dead-letters-total",
                        Map.of("topic", "arrests", "reason", "PROCESSING_ERROR")))
                .isEqualTo(1);
        // the exception's message quotes the record: it must reach no log, as text or as a stack trace
        assertThat(logged.list)
                .extracting(ProcessingErrorTopologyTest::fullText)
                .noneMatch(t -> t.contains("Zhang"))
                .anyMatch(t -> t.startsWith("arrests-0 offset 0: java.lang.IllegalStateException in arrests-decode at ")
                        && t.endsWith("sent to dead-letters as PROCESSING_ERROR"));
    }

    @Test
    void aCountyWhoseProcessingThrowsIsSkippedAndThePipelineGoesOn() {
        TestInputTopic<String, byte[]> arrests = start(IllegalStateException::new);
        TestInputTopic<String, byte[]> counties =
                driver.createInputTopic(topics.counties().name(), new StringSerializer(), new ByteArraySerializer());
        byte[] county = topics.counties()
                .valueSerde()
                .serializer()
                .serialize(topics.counties().name(), Events.county(LUDIAN, "鲁甸县", 400_000L, false));
        counties.pipeInput(LUDIAN, FailingOnSchemaId.poison(county), T);
        arrests.pipeInput(LUDIAN, framed(arrest("a1", LUDIAN, T, Offense.USE, 1)), T);

        assertThat(deadLetters())
                .as("Kafka Streams sends no dead letters from a global store")
                .isEmpty();
        assertThat(count(driver.metrics(), "accepted-total", Map.of("topic", "arrests")))
                .isEqualTo(1);
    }

    @Test
    void theCountGrowsWithEveryDeadLetter() {
        TestInputTopic<String, byte[]> arrests = start(IllegalArgumentException::new);
        arrests.pipeInput(LUDIAN, poisoned(arrest("a1", LUDIAN, T, Offense.USE, 1)), T);
        arrests.pipeInput(LUDIAN, poisoned(arrest("a2", LUDIAN, T, Offense.USE, 1)), T);

        assertThat(deadLetters()).hasSize(2);
        assertThat(count(
                        processingErrors.metrics(),
                        "dead-letters-total",
                        Map.of("topic", "arrests", "reason", "PROCESSING_ERROR")))
                .isEqualTo(2);
    }

    @Test
    void anOutageFailsProcessingInsteadOfDeadLettering() {
        TestInputTopic<String, byte[]> arrests =
                start(() -> new RegistryUnavailableException("connection refused", OptionalInt.empty()));

        assertThatThrownBy(() -> arrests.pipeInput(LUDIAN, poisoned(arrest("a1", LUDIAN, T, Offense.USE, 1)), T))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(RegistryUnavailableException.class);
        assertThat(deadLetters()).isEmpty();
        assertThat(processingErrors.metrics()).isEmpty();
    }

    @Test
    void aRegistryThatRefusesFailsProcessingInsteadOfDeadLettering() {
        TestInputTopic<String, byte[]> arrests =
                start(() -> new SchemaRegistryException("Unauthorized", OptionalInt.of(40101), null));

        assertThatThrownBy(() -> arrests.pipeInput(LUDIAN, poisoned(arrest("a1", LUDIAN, T, Offense.USE, 1)), T))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
        assertThat(deadLetters()).isEmpty();
    }

    /** The production topology, whose registry client throws {@code failure} for a poisoned record. */
    private TestInputTopic<String, byte[]> start(Supplier<RuntimeException> failure) {
        SchemaRegistryClient registry =
                new FailingOnSchemaId(new SchemaRegistryClients().forUrl(config.registryUrl()), failure);
        Topics topics = Topics.create(config, registry);
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(ProcessingErrorHandler.METRICS, processingErrors);
        driver = new TopologyTestDriver(IndicatorsTopology.build(config, topics), props, T);
        this.topics = topics;
        return driver.createInputTopic(
                topics.input(EventType.ARREST).name(), new StringSerializer(), new ByteArraySerializer());
    }

    private byte[] framed(Arrest arrest) {
        return topics.input(EventType.ARREST)
                .valueSerde()
                .serializer()
                .serialize(topics.input(EventType.ARREST).name(), arrest);
    }

    /** The arrest in the wire format, but with the schema id the registry client fails on. */
    private byte[] poisoned(Arrest arrest) {
        return FailingOnSchemaId.poison(framed(arrest));
    }

    /** Every event logged from here on that the test logging config lets through. */
    private ListAppender<ILoggingEvent> captureLogs() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logged);
        return logged;
    }

    /** A logged event's message and, as a log file would show it, its exceptions' messages. */
    private static String fullText(ILoggingEvent e) {
        StringBuilder text = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private List<TestRecord<byte[], byte[]>> deadLetters() {
        return driver.createOutputTopic(
                        config.topic("dead-letters"), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Sum of a drugwatch counter over tasks and threads, restricted to the given tags. */
    private static double count(Map<MetricName, ? extends Metric> metrics, String name, Map<String, String> tags) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(PipelineMetrics.GROUP)
                        && e.getKey().name().equals(name)
                        && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }
}
