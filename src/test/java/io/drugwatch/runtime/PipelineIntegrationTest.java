package io.drugwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static DrugwatchConfig config;
    private static Topics topics;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0);
        config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DrugwatchConfig.REGISTRY_URL, registry.url(),
                DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S",
                DrugwatchConfig.PARTITIONS, "2",
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"));
        topics = Topics.create(config, new HttpSchemaRegistryClient(registry.url()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(new TopicAdmin(admin).apply(TopicSpecs.of(config), false)).allMatch(TopicAdmin.Outcome::ok);
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Instant local(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(ZONE).toInstant();
    }

    private static Arrest arrest(String id, String county, Instant at, int suspects) {
        return Arrest.newBuilder().setEventId(id).setOccurredAt(at).setCountyCode(county)
                .setOffense(Offense.TRAFFICKING).setSuspects(suspects).build();
    }

    private static Seizure seizure(String id, String county, Instant at, double grams) {
        return Seizure.newBuilder().setEventId(id).setOccurredAt(at).setCountyCode(county)
                .setDrugType(DrugType.METHAMPHETAMINE).setQuantityGrams(grams).setSource(SeizureSource.CHECKPOINT)
                .build();
    }

    private static <V> void produce(Topic<String, V> topic, List<V> values, java.util.function.Function<V, String> key) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps(), topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            for (V v : values) {
                producer.send(new ProducerRecord<>(topic.name(), key.apply(v), v));
            }
        }
    }

    private static Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
    }

    /** Reads a topic from the start until {@code done} holds for everything read so far. */
    private static <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> values,
                                                                Predicate<List<ConsumerRecord<String, V>>> done) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.test(seen)) {
                assertThat(System.nanoTime()).as("waiting for %s", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    V v = values.deserialize(topic, r.headers(), r.value());
                    seen.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                            r.timestampType(), r.serializedKeySize(), r.serializedValueSize(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), v, r.headers(),
                            r.leaderEpoch()));
                }
            }
        }
        return seen;
    }

    private static boolean hasFinal(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        return records.stream().anyMatch(r -> r.key().equals(key) && r.value().getFinal$());
    }

    private static CountyIndicators finalOf(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        List<CountyIndicators> found = records.stream().filter(r -> r.key().equals(key) && r.value().getFinal$())
                .map(ConsumerRecord::value).toList();
        assertThat(found).as("finals of %s", key).hasSize(1);
        return found.get(0);
    }

    @Test
    void countsDeadLettersAndSurvivesARestartWithoutCountingTwice() throws Exception {
        LocalDate d0 = LocalDate.now(ZONE).minusDays(40);
        produce(topics.counties(), List.of(County.newBuilder().setCode(LUDIAN).setName("鲁甸县")
                .setPrefectureCode("530600").setPrefectureName("昭通市").setProvinceCode("530000")
                .setProvinceName("云南省").setPopulation(398_447L).setBorder(false).build()), County::getCode);
        // records are taken in order of arrival across the inputs: the clock event comes last
        produce(topics.seizures(), List.of(seizure("s1", LUDIAN, local(d0, 10), 1_443.24)), Seizure::getCountyCode);
        produce(topics.arrests(), List.of(
                arrest("a1", LUDIAN, local(d0, 9), 3),
                arrest("a2", LUDIAN, local(d0, 23), 2),
                arrest("a3", LUDIAN, local(d0.plusDays(1), 1), 1),
                arrest("clock-1", JINPING, local(d0.plusDays(4), 12), 1)), Arrest::getCountyCode);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.seizures().name(), LUDIAN.getBytes(StandardCharsets.UTF_8),
                    "poison".getBytes(StandardCharsets.UTF_8)));
        }

        Deserializer<CountyIndicators> indicators = topics.countyIndicators().valueSerde().deserializer();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            List<ConsumerRecord<String, CountyIndicators>> out = readUntil(topics.countyIndicators().name(),
                    indicators, r -> hasFinal(r, LUDIAN + "|1|" + d0) && hasFinal(r, LUDIAN + "|1|" + d0.plusDays(1)));
            CountyIndicators day0 = finalOf(out, LUDIAN + "|1|" + d0);
            assertThat(day0.getSuspects()).isEqualTo(5);
            assertThat(day0.getSeizedGrams()).isEqualTo(1_443.24);
            assertThat(day0.getCountyName()).isEqualTo("鲁甸县");
            assertThat(finalOf(out, LUDIAN + "|1|" + d0.plusDays(1)).getSuspects()).isEqualTo(1);
        }

        List<ConsumerRecord<String, byte[]>> dead = readUntil(topics.deadLetters().name(),
                (topic, bytes) -> bytes, r -> !r.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                .isEqualTo("NOT_CONFLUENT_AVRO");
        assertThat(dead.get(0).value()).isEqualTo("poison".getBytes(StandardCharsets.UTF_8));

        // After the restart: a re-sent event, a new one, and time moving past the widest window
        produce(topics.arrests(), List.of(
                arrest("a3", LUDIAN, local(d0.plusDays(1), 1), 1),
                arrest("a4", LUDIAN, local(d0.plusDays(5), 8), 4),
                arrest("clock-2", JINPING, local(d0.plusDays(36), 12), 1)), Arrest::getCountyCode);
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            String month = LUDIAN + "|28|" + d0.plusDays(27);
            List<ConsumerRecord<String, CountyIndicators>> out = readUntil(topics.countyIndicators().name(),
                    indicators, r -> hasFinal(r, month));
            CountyIndicators m = finalOf(out, month);
            assertThat(m.getArrestEvents()).isEqualTo(4);
            assertThat(m.getSuspects()).isEqualTo(3 + 2 + 1 + 4);
            assertThat(m.getSeizedGrams()).isEqualTo(1_443.24);
            Map<String, Long> finalsPerKey = out.stream().filter(r -> r.value().getFinal$())
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
            assertThat(finalsPerKey.values()).as("exactly one final per window").containsOnly(1L);
        }
    }

    @Test
    void registryIdsSurviveARestartOnTheSameTopic() throws Exception {
        int id = new HttpSchemaRegistryClient(registry.url()).register("restart-check-value", Arrest.getClassSchema());
        try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0)) {
            assertThat(second.restoredRegistrations()).isPositive();
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(second.url());
            assertThat(client.schemaById(id)).isEqualTo(Arrest.getClassSchema());
            assertThat(client.register("restart-check-value", Arrest.getClassSchema())).isEqualTo(id);
        }
    }

    @Test
    void aTakenRegistryPortIsAOneLineError() {
        int taken = Integer.parseInt(registry.url().replaceAll(".*:(\\d+)/?$", "$1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", taken))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("registry port " + taken + " on 127.0.0.1 is already in use");
    }

}
