package io.drugwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real in-process KRaft broker, with schemas going through the embedded registry
 * over HTTP: what goes in comes out as indicators or dead letters, and a restart on the same state
 * counts nothing twice.
 */
class PipelineIntegrationTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String LUDIAN = "530621";
    private static final String JINPING = "532530";

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static DrugwatchConfig config;
    private static Topics topics;

    @BeforeAll
    static void createTopics() {
        config = cluster.config(dir.resolve("state"));
        topics = cluster.topics(config);
        cluster.createTopics(config);
    }

    private static Instant local(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(ZONE).toInstant();
    }

    private static Arrest arrest(String id, String county, Instant at, int suspects) {
        return Arrest.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setOffense(Offense.TRAFFICKING)
                .setSuspects(suspects)
                .build();
    }

    private static Seizure seizure(String id, String county, Instant at, double grams) {
        return Seizure.newBuilder()
                .setEventId(id)
                .setOccurredAt(at)
                .setCountyCode(county)
                .setDrugType(DrugType.METHAMPHETAMINE)
                .setQuantityGrams(grams)
                .setSource(SeizureSource.CHECKPOINT)
                .build();
    }

    private static <V> void produce(Topic<String, V> topic, List<V> values, Function<V, String> key) {
        cluster.send(
                topic,
                values.stream()
                        .map(v -> new ProducerRecord<>(topic.name(), key.apply(v), v))
                        .toList());
    }

    private static boolean hasFinal(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        return records.stream().anyMatch(r -> r.key().equals(key) && r.value().getFinal$());
    }

    private static CountyIndicators finalOf(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        List<CountyIndicators> found = records.stream()
                .filter(r -> r.key().equals(key) && r.value().getFinal$())
                .map(ConsumerRecord::value)
                .toList();
        assertThat(found).as("finals of %s", key).hasSize(1);
        return found.get(0);
    }

    @Test
    void countsDeadLettersAndSurvivesARestartWithoutCountingTwice() throws Exception {
        LocalDate d0 = LocalDate.now(ZONE).minusDays(40);
        produce(
                topics.counties(),
                List.of(County.newBuilder()
                        .setCode(LUDIAN)
                        .setName("鲁甸县")
                        .setPrefectureCode("530600")
                        .setPrefectureName("昭通市")
                        .setProvinceCode("530000")
                        .setProvinceName("云南省")
                        .setPopulation(398_447L)
                        .setBorder(false)
                        .build()),
                County::getCode);
        // records are taken in order of arrival across the inputs: the clock event comes last
        produce(
                topics.input(EventType.SEIZURE),
                List.of(seizure("s1", LUDIAN, local(d0, 10), 1_443.24)),
                Seizure::getCountyCode);
        produce(
                topics.input(EventType.ARREST),
                List.of(
                        arrest("a1", LUDIAN, local(d0, 9), 3),
                        arrest("a2", LUDIAN, local(d0, 23), 2),
                        arrest("a3", LUDIAN, local(d0.plusDays(1), 1), 1),
                        arrest("clock-1", JINPING, local(d0.plusDays(4), 12), 1)),
                Arrest::getCountyCode);
        cluster.send(
                new Topic<>(topics.input(EventType.SEIZURE).name(), Serdes.String(), Serdes.ByteArray()),
                List.of(new ProducerRecord<>(
                        topics.input(EventType.SEIZURE).name(), LUDIAN, "poison".getBytes(StandardCharsets.UTF_8))));

        Deserializer<CountyIndicators> indicators =
                topics.countyIndicators().valueSerde().deserializer();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            List<ConsumerRecord<String, CountyIndicators>> out = cluster.readUntil(
                    topics.countyIndicators().name(),
                    indicators,
                    r -> hasFinal(r, LUDIAN + "|1|" + d0) && hasFinal(r, LUDIAN + "|1|" + d0.plusDays(1)));
            CountyIndicators day0 = finalOf(out, LUDIAN + "|1|" + d0);
            assertThat(day0.getSuspects()).isEqualTo(5);
            assertThat(day0.getSeizedGrams()).isEqualTo(1_443.24);
            assertThat(day0.getCountyName()).isEqualTo("鲁甸县");
            assertThat(finalOf(out, LUDIAN + "|1|" + d0.plusDays(1)).getSuspects())
                    .isEqualTo(1);
        }

        List<ConsumerRecord<String, byte[]>> dead =
                cluster.readUntil(topics.deadLetters().name(), (topic, bytes) -> bytes, r -> !r.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("NOT_CONFLUENT_AVRO");
        assertThat(dead.get(0).value()).isEqualTo("poison".getBytes(StandardCharsets.UTF_8));

        // After the restart: a re-sent event, a new one, and time moving past the widest window
        produce(
                topics.input(EventType.ARREST),
                List.of(
                        arrest("a3", LUDIAN, local(d0.plusDays(1), 1), 1),
                        arrest("a4", LUDIAN, local(d0.plusDays(5), 8), 4),
                        arrest("clock-2", JINPING, local(d0.plusDays(36), 12), 1)),
                Arrest::getCountyCode);
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            String month = LUDIAN + "|28|" + d0.plusDays(27);
            List<ConsumerRecord<String, CountyIndicators>> out =
                    cluster.readUntil(topics.countyIndicators().name(), indicators, r -> hasFinal(r, month));
            CountyIndicators m = finalOf(out, month);
            assertThat(m.getArrestEvents()).isEqualTo(4);
            assertThat(m.getSuspects()).isEqualTo(3 + 2 + 1 + 4);
            assertThat(m.getSeizedGrams()).isEqualTo(1_443.24);
            Map<String, Long> finalsPerKey = out.stream()
                    .filter(r -> r.value().getFinal$())
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(finalsPerKey.values()).as("exactly one final per window").containsOnly(1L);
        }
    }

    @Test
    void registryIdsSurviveARestartOnTheSameTopic() throws Exception {
        int id = cluster.registryClient().register("restart-check-value", Arrest.getClassSchema());
        try (EmbeddedSchemaRegistry second =
                EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", cluster.bootstrapServers()), "127.0.0.1", 0)) {
            assertThat(second.restoredRegistrations()).isPositive();
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(second.url());
            assertThat(client.schemaById(id)).isEqualTo(Arrest.getClassSchema());
            assertThat(client.register("restart-check-value", Arrest.getClassSchema()))
                    .isEqualTo(id);
        }
    }

    @Test
    void aTakenRegistryPortIsAOneLineError() {
        int taken = Integer.parseInt(cluster.registryUrl().replaceAll(".*:(\\d+)/?$", "$1"));
        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(
                        Map.of("bootstrap.servers", cluster.bootstrapServers()), "127.0.0.1", taken))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("registry port " + taken + " on 127.0.0.1 is already in use");
    }
}
