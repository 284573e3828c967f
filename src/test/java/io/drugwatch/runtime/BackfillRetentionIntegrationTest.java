package io.drugwatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-filled history carries old event times. If those were the records' timestamps, time-based
 * retention would delete it within minutes. Our input topics use LogAppendTime, so retention counts
 * from arrival. The broker here checks retention every half second, standing in for the minutes a
 * real broker takes.
 */
class BackfillRetentionIntegrationTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String COUNTY = "530621";

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0)
                .withBrokerProperty("log.retention.check.interval.ms", "500")
                .withBrokerProperty("log.initial.task.delay.ms", "0"));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void ninetyDaysOfHistoryWithOldTimestampsSurviveRetentionAndAreAllCounted() throws Exception {
        DrugwatchConfig config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID(),
                DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S",
                DrugwatchConfig.PARTITIONS, "1",
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString()));
        Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
        String control = "createtime-control";
        // short segments, so that expired ones can be deleted while the test waits
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicAdmin(admin).apply(TopicSpecs.of(config), false);
            ConfigResource arrests = new ConfigResource(ConfigResource.Type.TOPIC, topics.arrests().name());
            admin.incrementalAlterConfigs(Map.of(arrests, List.of(new AlterConfigOp(
                    new ConfigEntry("segment.ms", "100"), AlterConfigOp.OpType.SET)))).all().get();
        }
        kafka.createTopics(List.of(new NewTopic(control, 1, (short) 1).configs(Map.of(
                "retention.ms", config.inputRetention().toMillis() + "", "message.timestamp.type", "CreateTime",
                "segment.ms", "100"))));

        LocalDate first = LocalDate.now(ZONE).minusDays(92);
        int days = 90;
        try (KafkaProducer<String, Arrest> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), topics.arrests().keySerde().serializer(),
                topics.arrests().valueSerde().serializer())) {
            for (int i = 0; i < days; i++) {
                Instant at = first.plusDays(i).atTime(10, 0).atZone(ZONE).toInstant();
                Arrest a = Arrest.newBuilder().setEventId("h-" + i).setOccurredAt(at).setCountyCode(COUNTY)
                        .setOffense(Offense.USE).setSuspects(2).build();
                // a naive producer stamps records with event time
                producer.send(new ProducerRecord<>(topics.arrests().name(), null, at.toEpochMilli(), COUNTY, a));
                producer.send(new ProducerRecord<>(control, null, at.toEpochMilli(), COUNTY, a));
                if (i % 10 == 9) {
                    producer.flush();
                    Thread.sleep(150);
                }
            }
        }
        Thread.sleep(3_000);

        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition ours = new TopicPartition(topics.arrests().name(), 0);
            TopicPartition naive = new TopicPartition(control, 0);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(List.of(ours, naive));
            assertThat(start.get(naive)).as("the trap is real: CreateTime history is deleted").isPositive();
            assertThat(start.get(ours)).as("LogAppendTime history is kept").isZero();
            consumer.assign(List.of(ours));
            consumer.seekToBeginning(List.of(ours));
            ConsumerRecord<byte[], byte[]> r = consumer.poll(Duration.ofSeconds(5)).iterator().next();
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        }

        List<CountyIndicators> finals = new ArrayList<>();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
             KafkaConsumer<String, CountyIndicators> out = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                     topics.countyIndicators().valueSerde().deserializer())) {
            runner.start();
            TopicPartition p = new TopicPartition(topics.countyIndicators().name(), 0);
            out.assign(List.of(p));
            out.seekToBeginning(List.of(p));
            // the last event (day 89, 10:00) closes every day up to day 86: day D closes at D+3 00:00
            int expected = days - 3;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (finals.stream().filter(v -> v.getWindowDays() == 1).count() < expected) {
                assertThat(System.nanoTime()).as("waiting for %d daily finals, got %s", expected,
                        finals.stream().filter(v -> v.getWindowDays() == 1).map(CountyIndicators::getEndDate).toList())
                        .isLessThan(deadline);
                out.poll(Duration.ofMillis(200)).forEach(rec -> {
                    if (rec.value().getFinal$()) {
                        finals.add(rec.value());
                    }
                });
            }
        }
        List<CountyIndicators> daily = finals.stream().filter(v -> v.getWindowDays() == 1).toList();
        assertThat(daily).hasSize(days - 3).allSatisfy(v -> assertThat(v.getSuspects()).isEqualTo(2));
        assertThat(daily.get(0).getEndDate()).isEqualTo(first.toString());
    }
}
