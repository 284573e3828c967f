package io.drugwatch.runtime;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.testing.KafkaClusterExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real in-process KRaft broker: one shared per class, plus separate ones for restart and port tests. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaIntegrationTest {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.brokerOnly()
            .withDefaultPartitions(2)
            // run time-based retention right away and often, so the test sees whether it deletes
            // back-filled records (in production the first run is 30 s after start, then every 5 min)
            .withBrokerProperty("log.initial.task.delay.ms", "0")
            .withBrokerProperty("log.retention.check.interval.ms", "100");

    @AfterAll
    static void noFatalFault() {
        assertThat(cluster.kafka().firstFatalFault()).isEmpty();
    }

    @Test
    void recordsKeepTheirExplicitTimestampsAndNinetyDayOldHistoryIsRetained() throws Exception {
        String topic = "backfill";
        // Kafka's default retention set on a topic of its own, to see retention run and delete such records
        String control = "backfill-7-day-retention";
        cluster.kafka()
                .createTopics(List.of(
                        new NewTopic(topic, 1, (short) 1),
                        new NewTopic(control, 1, (short) 1)
                                .configs(Map.of("retention.ms", Long.toString(7 * DAY_MS)))));
        long now = System.currentTimeMillis();
        // all older than Kafka's default 7-day retention, so the segment would be deleted if it applied
        List<Long> timestamps = List.of(now - 90 * DAY_MS, now - 30 * DAY_MS, now - 8 * DAY_MS);

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (String t : List.of(topic, control)) {
                for (int i = 0; i < timestamps.size(); i++) {
                    RecordMetadata sent = producer.send(
                                    new ProducerRecord<>(t, null, timestamps.get(i), "county-" + i, "event-" + i))
                            .get(10, TimeUnit.SECONDS);
                    assertThat(sent.timestamp()).isEqualTo(timestamps.get(i));
                }
            }
        }
        // retention checks every topic in one pass: the pass that emptied the control topic saw ours
        eventually("retention has deleted " + control).until(() -> logStart(control) == timestamps.size());
        assertThat(logStart(topic))
                .as("log start offset: nothing deleted by retention")
                .isZero();

        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer("backfill-readers", Map.of())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 3);
            assertThat(records).extracting(ConsumerRecord::timestamp).containsExactlyElementsOf(timestamps);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("event-0", "event-1", "event-2");
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("county-0", "county-1", "county-2");
            // the group coordinator works (offsets topic with replication factor 1)
            consumer.commitSync();
            assertThat(consumer.committed(Set.of(partition)).get(partition).offset())
                    .isEqualTo(3L);
        }
    }

    @Test
    void createTopicsWaitsForLeadersAndIsIdempotent() throws Exception {
        NewTopic orders = new NewTopic("orders", 3, (short) 1);
        NewTopic withDefaults = new NewTopic("with-defaults", Optional.empty(), Optional.empty());
        cluster.kafka().createTopics(List.of(orders, withDefaults));

        Map<String, TopicDescription> described = describe(List.of("orders", "with-defaults"));
        assertThat(described.get("orders").partitions()).hasSize(3);
        assertThat(described.get("with-defaults").partitions())
                .as("default partitions option")
                .hasSize(2);
        assertThat(described.values())
                .flatExtracting(TopicDescription::partitions)
                .extracting(TopicPartitionInfo::leader)
                .allSatisfy(leader ->
                        assertThat(leader).isNotNull().extracting(l -> l.id()).isEqualTo(1));

        // the very first batch to each partition, straight after createTopics, is kept
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>("orders", p, "k" + p, "first-" + p))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer("orders-readers", Map.of())) {
            consumer.subscribe(List.of("orders"));
            assertThat(pollUntil(consumer, 3))
                    .extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("first-0", "first-1", "first-2");
        }

        // again, with the existing topics (one asking for another partition count) and a new one
        cluster.kafka()
                .createTopics(List.of(
                        orders, new NewTopic("with-defaults", 5, (short) 1), new NewTopic("late", 1, (short) 1)));
        cluster.kafka().createTopics(List.of(orders));

        Map<String, TopicDescription> after = describe(List.of("orders", "with-defaults", "late"));
        assertThat(after.get("orders").partitions()).hasSize(3);
        assertThat(after.get("with-defaults").partitions())
                .as("existing topics are left alone")
                .hasSize(2);
        assertThat(after.get("late").partitions())
                .hasSize(1)
                .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        assertThat(after.get("orders").topicId())
                .isEqualTo(described.get("orders").topicId());
    }

    @Test
    void transactionsCommitAbortAndCarryConsumerOffsets() throws Exception {
        cluster.kafka()
                .createTopics(List.of(new NewTopic("tx-in", 1, (short) 1), new NewTopic("tx-out", 1, (short) 1)));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("tx-in", "a", "1")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("tx-in", "b", "2")).get(10, TimeUnit.SECONDS);
        }

        // consume-transform-produce as Kafka Streams exactly_once_v2 does: output and input offsets in one transaction
        Map<String, Object> txConfig = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it-tx");
        try (KafkaConsumer<String, String> input =
                        consumer("tx-app", Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
                KafkaProducer<String, String> producer = producer(txConfig)) {
            producer.initTransactions();
            input.subscribe(List.of("tx-in"));
            List<ConsumerRecord<String, String>> in = pollUntil(input, 2);

            producer.beginTransaction();
            for (ConsumerRecord<String, String> record : in) {
                producer.send(new ProducerRecord<>(
                        "tx-out", record.key(), "doubled-" + 2 * Integer.parseInt(record.value())));
            }
            producer.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition("tx-in", 0),
                            new OffsetAndMetadata(in.get(in.size() - 1).offset() + 1)),
                    input.groupMetadata());
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx-out", "c", "aborted"));
            producer.abortTransaction();
        }

        assertThat(cluster.readAll("tx-out", new StringDeserializer(), true))
                .extracting(ConsumerRecord::value)
                .containsExactly("doubled-2", "doubled-4");
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets("tx-app")
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        assertThat(committed.get(new TopicPartition("tx-in", 0)).offset()).isEqualTo(2L);
    }

    @Test
    void restartOnTheSameDataDirKeepsClusterTopicsAndRecords(@TempDir Path dataDir) throws Exception {
        long old = System.currentTimeMillis() - 90 * DAY_MS;
        String clusterId;
        try (EmbeddedKafka first =
                EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0).withDataDir(dataDir))) {
            clusterId = first.clusterId();
            assertThatThrownBy(() -> EmbeddedKafka.start(
                            EmbeddedKafka.Options.defaults().withPort(0).withDataDir(dataDir)))
                    .as("a second broker on a data dir in use")
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessage("data directory " + dataDir.toAbsolutePath() + " is in use by another running broker");
            first.createTopics(List.of(new NewTopic("kept", 2, (short) 1)));
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>("kept", i % 2, old + i, "k" + i, "v" + i))
                            .get(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafka second =
                EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0).withDataDir(dataDir))) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            second.createTopics(List.of(new NewTopic("kept", 2, (short) 1)));
            try (KafkaConsumer<String, String> consumer = consumer(second, "kept-readers", Map.of())) {
                consumer.subscribe(List.of("kept"));
                List<ConsumerRecord<String, String>> records = pollUntil(consumer, 4);
                assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("v0", "v1", "v2", "v3");
                assertThat(records)
                        .extracting(ConsumerRecord::timestamp)
                        .containsExactlyInAnyOrder(old, old + 1, old + 2, old + 3);
            }
            assertThat(second.firstFatalFault()).isEmpty();
        }
        assertThat(dataDir).as("a data dir we were given is kept").isDirectory();
    }

    @Test
    void aTakenPortFailsFastWithOneLineNamingTheAddressAndStartsNothing() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        long tempDirsBefore = tempDirs();

        long started = System.nanoTime();
        int port = cluster.kafka().port();
        assertThatThrownBy(() ->
                        EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(port)))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("port " + port + " on 127.0.0.1 is already in use");

        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafka.start(
                            EmbeddedKafka.Options.defaults().withPort(0).withControllerPort(taken.getLocalPort())))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("controller port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        List<String> newThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                .map(Thread::getName)
                .toList();
        assertThat(newThreads).as("threads left behind").isEmpty();
        assertThat(tempDirs()).as("temporary data dirs left behind").isEqualTo(tempDirsBefore);
        // and the running broker is unharmed
        cluster.kafka().createTopics(List.of(new NewTopic("still-fine", 1, (short) 1)));
    }

    @Test
    void aTemporaryDataDirIsDeletedOnClose() {
        Path dataDir;
        try (EmbeddedKafka temporary =
                EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0))) {
            dataDir = temporary.dataDir();
            assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).isRegularFile();
            assertThat(temporary.firstFatalFault()).isEmpty();
        }
        assertThat(dataDir).as("temporary data dir is deleted on close").doesNotExist();
    }

    // -- helpers ----------------------------------------------------------------------------------

    private static long tempDirs() throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("drugwatch-kafka-"))
                    .count();
        }
    }

    private static long logStart(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return cluster.admin()
                .listOffsets(Map.of(partition, OffsetSpec.earliest()))
                .partitionResult(partition)
                .get(10, TimeUnit.SECONDS)
                .offset();
    }

    private static Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
        return cluster.admin().describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return producer(cluster.kafka(), extra);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka broker, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group, Map<String, Object> extra) {
        return consumer(cluster.kafka(), group, extra);
    }

    private static KafkaConsumer<String, String> consumer(
            EmbeddedKafka broker, String group, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        eventually(count + " records").until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        assertThat(records).hasSize(count);
        return records;
    }
}
