package io.drugwatch.hostile;

import static io.drugwatch.hostile.Hostile.header;
import static io.drugwatch.hostile.Hostile.local;
import static io.drugwatch.hostile.Hostile.utf8;
import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The largest records a broker lets onto an input topic still fit in a dead letter. Before the
 * input topics had their own max.message.bytes, a record just under the broker's 1 MiB default
 * became a dead letter over the producer's max.request.size, and its stream thread failed on it
 * after every restart.
 */
class OversizedRecordIntegrationTest {

    private static final byte[] KEY = utf8("530621");

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    Path dir;

    @Test
    void theBiggestRecordAnInputTopicAcceptsIsDeadLetteredAndTheAppGoesOn() throws Exception {
        DrugwatchConfig config = cluster.config(dir.resolve("state"));
        Topics topics = cluster.topics(config);
        cluster.createTopics(config);
        assertThatThrownBy(() -> Hostile.send(cluster, "seizures", KEY, new byte[TopicSpecs.INPUT_MAX_MESSAGE_BYTES]))
                .hasRootCauseInstanceOf(RecordTooLargeException.class);
        byte[] largest = new byte[TopicSpecs.INPUT_MAX_MESSAGE_BYTES - 200];
        Arrays.fill(largest, (byte) 'x');
        RecordMetadata big = Hostile.send(cluster, "seizures", KEY, largest);
        Seizure after = Seizure.newBuilder()
                .setEventId("after")
                .setOccurredAt(local(LocalDate.now(Hostile.ZONE).minusDays(3), 10))
                .setCountyCode("530621")
                .setDrugType(DrugType.HEROIN)
                .setQuantityGrams(5)
                .setSource(SeizureSource.PATROL)
                .build();
        Hostile.send(
                cluster,
                "seizures",
                KEY,
                topics.input(EventType.SEIZURE).valueSerde().serializer().serialize("seizures", after));

        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            assertThat(runner.awaitRunning(KafkaClusterExtension.WAIT)).isTrue();
            List<ConsumerRecord<String, byte[]>> dead =
                    cluster.readUntil("dead-letters", (t, b) -> b, r -> !r.isEmpty());
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(header(d, "dlq.reason")).isEqualTo("RECORD_TOO_LARGE");
                assertThat(header(d, "dlq.source.offset")).isEqualTo(Long.toString(big.offset()));
                assertThat(d.value()).isEqualTo(largest);
            });
            eventually("the record after it is accepted")
                    .until(() -> Hostile.counter(runner.streams(), "accepted-total") >= 1);
            assertThat(runner.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(cluster.readExactly("dead-letters", (t, b) -> b, 1, Duration.ofSeconds(1)))
                    .hasSize(1);
        }
    }
}
