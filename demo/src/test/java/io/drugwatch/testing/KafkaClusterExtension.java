package io.drugwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.StoreNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-process KRaft broker, and with {@link #withRestRegistry()} the project's schema registry
 * over HTTP (the Confluent REST protocol), shared by the tests of one class:
 *
 * <pre>{@code @RegisterExtension
 * static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();}</pre>
 *
 * <p>It creates drugwatch's topics, sends with the topics' production serdes and waits for every
 * acknowledgement, reads topics from their start, and waits on consumer groups and transactions.
 * The broker and the registry can be stopped and started again on the same ports and data, for the
 * fault tests. {@link #threeBrokers()} is a cluster of three brokers instead, on Kafka's own test kit,
 * whose topics are replicated three times and need two replicas in sync.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    /** The longest any wait on the cluster may take: generous, for a busy 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(90);

    private static final String HOST = "127.0.0.1";

    private final boolean withRegistry;
    private final int brokers;
    private EmbeddedKafka.Options options = EmbeddedKafka.Options.defaults().withPort(0);
    private Path dir;
    private EmbeddedKafka kafka;
    private KafkaClusterTestKit testKit;
    private EmbeddedSchemaRegistry registry;
    private int registryPort;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    private KafkaClusterExtension(boolean withRegistry, int brokers) {
        this.withRegistry = withRegistry;
        this.brokers = brokers;
    }

    /** A broker and the schema registry over HTTP, as the pipeline has them in production. */
    public static KafkaClusterExtension withRestRegistry() {
        return new KafkaClusterExtension(true, 1);
    }

    /** A broker alone, for tests of the broker itself. */
    public static KafkaClusterExtension brokerOnly() {
        return new KafkaClusterExtension(false, 1);
    }

    /**
     * Three brokers and a controller, every topic replicated three times with min.insync.replicas 2 (the
     * production settings docs/operations.md names), and the registry over HTTP.
     */
    public static KafkaClusterExtension threeBrokers() {
        return new KafkaClusterExtension(true, 3);
    }

    public KafkaClusterExtension withBrokerProperty(String key, String value) {
        options = options.withBrokerProperty(key, value);
        return this;
    }

    public KafkaClusterExtension withDefaultPartitions(int partitions) {
        options = options.withDefaultPartitions(partitions);
        return this;
    }

    /** Awaitility, up to {@link #WAIT}, polling in the caller's thread (consumers are single-threaded). */
    public static ConditionFactory eventually(String what) {
        return Awaitility.await(what)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .pollInSameThread();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("drugwatch-it-");
        if (brokers > 1) {
            testKit = startTestKit(dir.resolve("kafka"), brokers);
        } else {
            // a data dir of our own, not the broker's temporary one: it must outlive stopBroker()
            kafka = EmbeddedKafka.start(options.withDataDir(dir.resolve("kafka")));
            // a restart comes back where clients look for it: the same client port
            options = options.withPort(kafka.port()).withDataDir(dir.resolve("kafka"));
        }
        if (withRegistry) {
            registry = EmbeddedSchemaRegistry.start(clientProperties(), HOST, 0);
            registryPort = Integer.parseInt(registry.url().replaceAll(".*:(\\d+)/?$", "$1"));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        // each step guarded: a class that failed half-way closes what it has
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (testKit != null) {
            try {
                testKit.close();
            } catch (Exception e) {
                throw new IOException("closing the three-broker cluster", e);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the cluster

    private static KafkaClusterTestKit startTestKit(Path dataDir, int brokers) throws IOException {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setNumBrokerNodes(brokers)
                            .setNumControllerNodes(1)
                            .setBaseDirectory(dataDir)
                            .build())
                    .setConfigProp("default.replication.factor", "3")
                    .setConfigProp("min.insync.replicas", "2")
                    .setConfigProp("offsets.topic.replication.factor", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "3")
                    .setConfigProp("transaction.state.log.min.isr", "2")
                    // a broker stops as if it crashed: the controller learns of it when its session expires,
                    // within seconds here instead of the default 9 s
                    .setConfigProp("controlled.shutdown.enable", "false")
                    .setConfigProp("broker.session.timeout.ms", "4000")
                    .setConfigProp("broker.heartbeat.interval.ms", "500")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IOException("starting " + brokers + " brokers", e);
        }
    }

    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this cluster runs on Kafka's test kit, not EmbeddedKafka");
        }
        return kafka;
    }

    public String bootstrapServers() {
        return testKit != null ? testKit.bootstrapServers() : kafka.bootstrapServers();
    }

    /** The ids of the brokers of a {@link #threeBrokers()} cluster that are running. */
    public List<Integer> runningBrokers() {
        return testKit.brokers().entrySet().stream()
                .filter(e -> !e.getValue().isShutdown())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * Stops one broker of a {@link #threeBrokers()} cluster without a controlled shutdown, as a crash
     * would: its partitions lead elsewhere once the controller has fenced it.
     */
    public void stopBroker(int id) {
        testKit.brokers().get(id).shutdown();
    }

    public String registryUrl() {
        if (!withRegistry) {
            throw new IllegalStateException("this cluster has no schema registry: use withRestRegistry()");
        }
        return "http://" + HOST + ":" + registryPort;
    }

    /**
     * A registry client of its own, with nothing cached, as another process has: what one client
     * registered, another must fetch over HTTP.
     */
    public HttpSchemaRegistryClient registryClient() {
        return new HttpSchemaRegistryClient(registryUrl());
    }

    /** An admin client owned by the extension: do not close it. */
    public Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    private Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    public void stopBroker() {
        kafka.close();
    }

    /** Starts the broker again on its port and data. */
    public void startBroker() {
        kafka = EmbeddedKafka.start(options);
    }

    public void stopRegistry() {
        registry.close();
        registry = null;
    }

    /** Starts the registry again on its port, unless it is running. */
    public void startRegistry() throws IOException {
        if (registry == null) {
            registry = EmbeddedSchemaRegistry.start(clientProperties(), HOST, registryPort);
        }
    }

    // ------------------------------------------------------------------ the pipeline's settings and topics

    /**
     * A pipeline's settings on this cluster, to add to: two partitions, a 100 ms commit interval, and
     * only records move stream time (no idle advance), so that a test decides when windows close.
     */
    public Map<String, String> settings(Path stateDir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(DrugwatchConfig.BOOTSTRAP_SERVERS, bootstrapServers());
        s.put(DrugwatchConfig.REGISTRY_URL, registryUrl());
        s.put(DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S");
        s.put(DrugwatchConfig.PARTITIONS, "2");
        s.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        s.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        return s;
    }

    public DrugwatchConfig config(Path stateDir) {
        return DrugwatchConfig.of(settings(stateDir));
    }

    /** The topics with the production serdes, through a registry client of their own ({@link #registryClient()}). */
    public Topics topics(DrugwatchConfig config) {
        return Topics.create(config, registryClient());
    }

    /** Creates drugwatch's topics as {@code drugwatch topics} does. */
    public void createTopics(DrugwatchConfig config) {
        assertThat(new TopicAdmin(admin()).apply(TopicSpecs.of(config), false)).allMatch(TopicAdmin.Outcome::ok);
    }

    /**
     * Waits until a running pipeline's global counties store has the counties: only then are they
     * named in the windows of events that come after them.
     */
    public static void awaitCounties(KafkaStreams streams, Collection<String> codes) {
        eventually("the global counties store has " + codes).ignoreExceptions().until(() -> {
            ReadOnlyKeyValueStore<String, County> counties = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.COUNTIES, QueryableStoreTypes.<String, County>keyValueStore()));
            return codes.stream().allMatch(code -> counties.get(code) != null);
        });
    }

    // ------------------------------------------------------------------ producing

    /** Sends the records with the topic's serdes and waits until the broker has them all. */
    public <K, V> List<RecordMetadata> send(Topic<K, V> topic, List<ProducerRecord<K, V>> records) {
        return send(topic.keySerde().serializer(), topic.valueSerde().serializer(), records);
    }

    /**
     * Sends the records, serialized as given, in order, and waits for every acknowledgement, so that a
     * refused record fails the test, not its outcome.
     */
    public <K, V> List<RecordMetadata> send(
            Serializer<K> keys, Serializer<V> values, List<ProducerRecord<K, V>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ProducerRecord<K, V> r : records) {
            byte[] key = keys.serialize(r.topic(), r.headers(), r.key());
            byte[] value = values.serialize(r.topic(), r.headers(), r.value());
            acks.add(producer()
                    .send(new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), key, value, r.headers())));
        }
        producer().flush();
        List<RecordMetadata> sent = new ArrayList<>();
        for (Future<RecordMetadata> ack : acks) {
            try {
                sent.add(ack.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("a test record was not delivered", e);
            }
        }
        return sent;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.LINGER_MS_CONFIG,
                            5,
                            // the broker, not this producer, decides what is too large
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            4 << 20),
                    new ByteArraySerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Every record of a topic from its start to its end now: committed ones only, or aborted ones too.
     * Keys are read as UTF-8, as the production key serde writes them.
     */
    public <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values, boolean committedOnly) {
        try (Reader<V> reader = new Reader<>(topic, values, committedOnly)) {
            Map<TopicPartition, Long> end = reader.consumer.endOffsets(reader.partitions);
            eventually("reading " + topic + " to its end " + end).until(() -> {
                reader.poll();
                return reader.partitions.stream().allMatch(p -> reader.consumer.position(p) >= end.get(p));
            });
            return reader.seen;
        }
    }

    /** Committed records of a topic from its start, until {@code done} holds for all read so far. */
    public <V> List<ConsumerRecord<String, V>> readUntil(
            String topic, Deserializer<V> values, Predicate<List<ConsumerRecord<String, V>>> done) {
        try (Reader<V> reader = new Reader<>(topic, values, true)) {
            eventually("records on " + topic).until(() -> done.test(reader.poll()));
            return reader.seen;
        }
    }

    /** The first {@code count} committed records of a topic, once no more have come for {@code quiet}. */
    public <V> List<ConsumerRecord<String, V>> readExactly(
            String topic, Deserializer<V> values, int count, Duration quiet) {
        try (Reader<V> reader = new Reader<>(topic, values, true)) {
            eventually(count + " records on " + topic).until(() -> reader.poll().size() >= count);
            Awaitility.await("no more than " + count + " records on " + topic + " for " + quiet)
                    .during(quiet)
                    .atMost(quiet.multipliedBy(2))
                    .pollInSameThread()
                    .until(() -> reader.poll().size() == count);
            return reader.seen;
        }
    }

    /** A consumer of every partition of a topic from its start, with what it has read. */
    private final class Reader<V> implements AutoCloseable {

        final String topic;
        final Deserializer<V> values;
        final KafkaConsumer<byte[], byte[]> consumer;
        final List<TopicPartition> partitions;
        final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

        Reader(String topic, Deserializer<V> values, boolean committedOnly) {
            this.topic = topic;
            this.values = values;
            Map<String, Object> props = new HashMap<>(clientProperties());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<ConsumerRecord<String, V>> poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                V v = r.value() == null ? null : values.deserialize(topic, r.headers(), r.value());
                seen.add(new ConsumerRecord<>(
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        r.timestamp(),
                        r.timestampType(),
                        r.serializedKeySize(),
                        r.serializedValueSize(),
                        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                        v,
                        r.headers(),
                        r.leaderEpoch()));
            }
            return seen;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    // ------------------------------------------------------------------ offsets and transactions

    /** Offsets a consumer group has committed on the topics, summed over their partitions. */
    public long committed(String groupId, Collection<String> topics) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        return committed.entrySet().stream()
                .filter(e -> topics.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** Records in the topics, summed over their partitions. */
    public long endOffsets(Collection<String> topics) {
        return get(admin().listOffsets(latest(topics)).all()).values().stream()
                .mapToLong(r -> r.offset())
                .sum();
    }

    /**
     * Waits until the group has committed every record now in the topics. On a timeout the message
     * names each partition still behind, with its committed and end offsets, so that a rare failure
     * in CI says where the group stopped.
     */
    public void awaitCommitted(String groupId, Collection<String> topics) {
        Map<TopicPartition, Long> end = get(admin().listOffsets(latest(topics)).all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        eventually(groupId + " has committed all " + total + " records of " + topics)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(behind(groupId, end))
                        .as("partitions behind (committed / end)")
                        .isEmpty());
    }

    private Map<TopicPartition, String> behind(String groupId, Map<TopicPartition, Long> end) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, String> behind = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        end.forEach((tp, last) -> {
            OffsetAndMetadata at = committed.get(tp);
            long offset = at == null ? 0 : at.offset();
            if (offset != last) {
                behind.put(tp, (at == null ? "none" : offset) + " / " + last);
            }
        });
        return behind;
    }

    /**
     * Whether a producer has written to the topic in a transaction that is still open: the last
     * stable offset lags the end of some partition.
     */
    public boolean transactionOpen(String topic) {
        Map<TopicPartition, OffsetSpec> latest = latest(List.of(topic));
        var stable = get(admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all());
        var end = get(admin().listOffsets(latest).all());
        return latest.keySet().stream()
                .anyMatch(tp -> stable.get(tp).offset() != end.get(tp).offset());
    }

    private Map<TopicPartition, OffsetSpec> latest(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        get(admin().describeTopics(topics).allTopicNames())
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return latest;
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the admin request failed", e);
        }
    }
}
