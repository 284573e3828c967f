package io.drugwatch.runtime;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry()
            .withBrokerProperty("log.retention.check.interval.ms", "500")
            .withBrokerProperty("log.initial.task.delay.ms", "0");

    @TempDir
    static Path dir;

    @Test
    void ninetyDaysOfHistoryWithOldTimestampsSurviveRetentionAndAreAllCounted() throws Exception {
        Map<String, String> settings = cluster.settings(dir.resolve("state"));
        settings.put(DrugwatchConfig.PARTITIONS, "1");
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        Topics topics = cluster.topics(config);
        cluster.createTopics(config);
        // short segments, so that expired ones can be deleted while the test waits
        ConfigResource arrests = new ConfigResource(
                ConfigResource.Type.TOPIC, topics.input(EventType.ARREST).name());
        cluster.admin()
                .incrementalAlterConfigs(Map.of(
                        arrests,
                        List.of(new AlterConfigOp(new ConfigEntry("segment.ms", "100"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
        Topic<String, Arrest> control = new Topic<>(
                "createtime-control",
                topics.input(EventType.ARREST).keySerde(),
                topics.input(EventType.ARREST).valueSerde());
        cluster.kafka()
                .createTopics(List.of(new NewTopic(control.name(), 1, (short) 1)
                        .configs(Map.of(
                                "retention.ms",
                                config.inputRetention().toMillis() + "",
                                "message.timestamp.type",
                                "CreateTime",
                                "segment.ms",
                                "100"))));

        LocalDate first = LocalDate.now(ZONE).minusDays(92);
        int days = 90;
        // in batches of ten days: the control topic rolls a segment per batch (its timestamps are days apart),
        // so retention can delete the expired ones
        for (int batch = 0; batch < days; batch += 10) {
            List<ProducerRecord<String, Arrest>> ours = new ArrayList<>();
            List<ProducerRecord<String, Arrest>> naive = new ArrayList<>();
            for (int i = batch; i < batch + 10; i++) {
                Instant at = first.plusDays(i).atTime(10, 0).atZone(ZONE).toInstant();
                Arrest a = Arrest.newBuilder()
                        .setEventId("h-" + i)
                        .setOccurredAt(at)
                        .setCountyCode(COUNTY)
                        .setOffense(Offense.USE)
                        .setSuspects(2)
                        .build();
                // a naive producer stamps records with event time
                ours.add(new ProducerRecord<>(
                        topics.input(EventType.ARREST).name(), null, at.toEpochMilli(), COUNTY, a));
                naive.add(new ProducerRecord<>(control.name(), null, at.toEpochMilli(), COUNTY, a));
            }
            cluster.send(topics.input(EventType.ARREST), ours);
            cluster.send(control, naive);
        }

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition ours =
                    new TopicPartition(topics.input(EventType.ARREST).name(), 0);
            TopicPartition naive = new TopicPartition(control.name(), 0);
            // retention checks every topic in one pass: the pass that deleted the control's history saw ours
            eventually("the trap is real: CreateTime history is deleted")
                    .until(() -> consumer.beginningOffsets(List.of(naive)).get(naive) > 0);
            assertThat(consumer.beginningOffsets(List.of(ours)).get(ours))
                    .as("LogAppendTime history is kept")
                    .isZero();
        }
        assertThat(cluster.readUntil(topics.input(EventType.ARREST).name(), (t, b) -> b, r -> !r.isEmpty())
                        .get(0)
                        .timestampType())
                .isEqualTo(TimestampType.LOG_APPEND_TIME);

        List<CountyIndicators> daily;
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            // the last event (day 89, 10:00) closes every day up to day 86: day D closes at D+3 00:00
            int expected = days - 3;
            daily = dailyFinals(cluster.readUntil(
                    topics.countyIndicators().name(),
                    topics.countyIndicators().valueSerde().deserializer(),
                    r -> dailyFinals(r).size() >= expected));
        }
        assertThat(daily)
                .hasSize(days - 3)
                .allSatisfy(v -> assertThat(v.getSuspects()).isEqualTo(2));
        assertThat(daily.get(0).getEndDate()).isEqualTo(first.toString());
    }

    private static List<CountyIndicators> dailyFinals(List<ConsumerRecord<String, CountyIndicators>> records) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(v -> v.getFinal$() && v.getWindowDays() == 1)
                .toList();
    }
}
