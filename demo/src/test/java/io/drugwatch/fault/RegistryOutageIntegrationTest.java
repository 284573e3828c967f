package io.drugwatch.fault;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.sim.SimEvent;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The schema registry unreachable when the pipeline starts, and again while records arrive whose
 * writer schema the pipeline has not fetched yet: the pipeline says so, waits, and once the registry
 * is back (same port) counts everything exactly once; nothing goes to dead letters meanwhile.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RegistryOutageIntegrationTest {

    private static final String RETRY_MESSAGE = "schema registry unavailable";

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the JVM's log stays for a failure
    static Path dir;

    @AfterEach
    void registryBack() throws Exception {
        cluster.startRegistry();
    }

    @Test
    void runStartedWhileTheRegistryIsDownWaitsForItAndThenCountsEverything() throws Exception {
        String app = "fault-registry-start";
        FaultFixture fixture = new FaultFixture(cluster, dir);
        Map<String, String> settings = fixture.settings(app);
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(17, 2_000);
        fixture.send(topics, input.events());

        cluster.stopRegistry();
        try (ChildPipeline run = ChildPipeline.start(settings, dir.resolve("run.log"))) {
            eventually("run has retried twice")
                    .failFast(run::requireAlive)
                    .until(() ->
                            occurrences(run.log(), "schema registry " + cluster.registryUrl() + " unreachable") >= 2);
            assertThat(fixture.committedInput(app, config))
                    .as("input committed without a registry")
                    .isZero();
            cluster.startRegistry();

            fixture.closeWindows(app, config, topics, input);
            run.requireAlive();
            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
            assertThat(cluster.readAll(config.topic("dead-letters"), (t, b) -> b, true))
                    .isEmpty();
            assertThat(run.log())
                    .contains("the pipeline starts once it answers, retrying in 2 s")
                    .contains("schema registry " + cluster.registryUrl() + " is reachable after")
                    .doesNotContain("-> ERROR")
                    .doesNotContain("-> PENDING_ERROR");
        }
    }

    @Test
    void aNewWriterSchemaWhileTheRegistryIsDownWaitsForTheRegistryAndLosesNothing() throws Exception {
        String app = "fault-registry-midrun";
        FaultFixture fixture = new FaultFixture(cluster, dir);
        DrugwatchConfig config = DrugwatchConfig.of(fixture.settings(app));
        fixture.createTopics(config);
        Topics topics = fixture.topics(config);
        FaultFixture.Input input = FaultFixture.input(19, 2_000);
        fixture.send(topics, input.slice(0, 0.5));

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger runnerLog = (Logger) LoggerFactory.getLogger(PipelineRunner.class);
        runnerLog.addAppender(logged);
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.addStateListener((now, before) -> states.add(now));
            runner.start();
            fixture.awaitCaughtUp(app, config);

            // The second half's arrests are written with a newer Arrest schema that only the registry knows.
            List<ProducerRecord<String, byte[]>> secondHalf = newerArrestSchema(config, topics, input.slice(0.5, 1));
            cluster.stopRegistry();
            long committed = fixture.committedInput(app, config);
            fixture.sendRaw(secondHalf);
            eventually("the pipeline has retried twice").until(() -> retries(logged) >= 2);
            assertThat(fixture.committedInput(app, config))
                    .as("input committed without a registry")
                    .isLessThan(fixture.inputEnd(config));
            cluster.startRegistry();

            fixture.closeWindows(app, config, topics, input);
            FaultFixture.assertSameFinals(fixture.liveFinals(config, topics), fixture.replayFinals(config, input));
            assertThat(cluster.readAll(config.topic("dead-letters"), (t, b) -> b, true))
                    .isEmpty();
            assertThat(runner.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(committed).isPositive();
        } finally {
            runnerLog.detachAppender(logged);
        }
        assertThat(states)
                .as("pipeline states")
                .doesNotContain(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
        // a copy: the close thread may still report NOT_RUNNING after close() has returned
        List<KafkaStreams.State> seen = List.copyOf(states);
        assertThat(seen.subList(0, seen.indexOf(KafkaStreams.State.PENDING_SHUTDOWN)))
                .as("states before close")
                .doesNotContain(KafkaStreams.State.NOT_RUNNING);
        assertThat(logged.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(m -> assertThat(m)
                        .startsWith(RETRY_MESSAGE)
                        .contains("Schema registry unreachable")
                        .contains(cluster.registryUrl()));
    }

    /**
     * The events as records, arrests framed with a newer version of the Arrest schema (one more
     * optional field) registered under the arrests subject, the rest with the production serdes.
     */
    private static List<ProducerRecord<String, byte[]>> newerArrestSchema(
            DrugwatchConfig config, Topics topics, List<SimEvent> events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode schemaJson =
                (ObjectNode) json.readTree(Arrest.getClassSchema().toString());
        schemaJson
                .withArray("fields")
                .addObject()
                .put("name", "reportingUnit")
                .putNull("default")
                .putArray("type")
                .add("null")
                .add("string");
        Schema newer = new Schema.Parser().parse(schemaJson.toString());
        String topic = config.topic("arrests");
        int id = cluster.registryClient().register(topic + "-value", newer);

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (SimEvent e : events) {
            if (!e.inputName().equals("arrests")) {
                records.addAll(FaultFixture.records(topics, List.of(e)));
                continue;
            }
            byte[] current =
                    topics.input(EventType.ARREST).valueSerde().serializer().serialize(topic, (Arrest) e.record());
            GenericRecord asNewer = new GenericDatumReader<GenericRecord>(Arrest.getClassSchema(), newer)
                    .read(
                            null,
                            DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(current, 5, current.length), null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(newer).write(asNewer, encoder);
            records.add(new ProducerRecord<>(topic, null, FaultFixture.replayTimestamp(e), e.key(), out.toByteArray()));
        }
        return records;
    }

    private static long retries(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith(RETRY_MESSAGE))
                .count();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
