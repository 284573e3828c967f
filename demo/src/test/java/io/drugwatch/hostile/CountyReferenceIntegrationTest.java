package io.drugwatch.hostile;

import static io.drugwatch.hostile.Hostile.counterBy;
import static io.drugwatch.hostile.Hostile.header;
import static io.drugwatch.hostile.Hostile.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import io.drugwatch.topology.StoreNames;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records on {@code counties} reach {@code dead-letters} from a running pipeline's global store,
 * through the runner's own producer, with their source; the county keeps its good record.
 */
class CountyReferenceIntegrationTest {

    private static final String LUDIAN = "530621";
    private static final County GOOD = County.newBuilder()
            .setCode(LUDIAN)
            .setName("鲁甸县")
            .setPrefectureCode("530600")
            .setPrefectureName("昭通市")
            .setProvinceCode("530000")
            .setProvinceName("云南省")
            .setPopulation(398_447L)
            .build();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    @Test
    void badCountiesAreDeadLetteredAndReplaceNoGoodOne() throws Exception {
        DrugwatchConfig config = cluster.config(dir.resolve("state"));
        Topics topics = cluster.topics(config);
        cluster.createTopics(config);
        Topic<String, County> counties = topics.counties();
        cluster.send(counties, List.of(new ProducerRecord<>(counties.name(), LUDIAN, GOOD)));

        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            assertThat(runner.awaitRunning(KafkaClusterExtension.WAIT)).isTrue();
            KafkaStreams streams = runner.streams();
            KafkaClusterExtension.awaitCounties(streams, List.of(LUDIAN));

            byte[] negative = counties.valueSerde()
                    .serializer()
                    .serialize(
                            counties.name(),
                            County.newBuilder(GOOD).setPopulation(-5L).build());
            RecordMetadata bad = Hostile.send(cluster, counties.name(), utf8(LUDIAN), negative);
            RecordMetadata empty = Hostile.send(cluster, counties.name(), utf8(LUDIAN), new byte[0]);

            List<ConsumerRecord<String, byte[]>> dead = cluster.readUntil(
                    topics.deadLetters().name(), new ByteArrayDeserializer(), seen -> seen.size() >= 2);
            assertThat(dead)
                    .extracting(d -> header(d, "dlq.reason") + " " + header(d, "dlq.source.topic") + "-"
                            + header(d, "dlq.source.partition") + "@" + header(d, "dlq.source.offset"))
                    .containsExactlyInAnyOrder(
                            "VALUE_OUT_OF_RANGE counties-0@" + bad.offset(),
                            "NOT_CONFLUENT_AVRO counties-0@" + empty.offset());
            assertThat(dead)
                    .filteredOn(d -> header(d, "dlq.reason").equals("VALUE_OUT_OF_RANGE"))
                    .singleElement()
                    .satisfies(d -> assertThat(d.value()).isEqualTo(negative));
            assertThat(counterBy(streams, "dead-letters-total", "reason"))
                    .containsEntry("VALUE_OUT_OF_RANGE", 1.0)
                    .containsEntry("NOT_CONFLUENT_AVRO", 1.0);
            ReadOnlyKeyValueStore<String, County> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.COUNTIES, QueryableStoreTypes.<String, County>keyValueStore()));
            assertThat(store.get(LUDIAN)).isEqualTo(GOOD);
        }
    }
}
