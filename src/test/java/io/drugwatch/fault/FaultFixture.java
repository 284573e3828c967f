package io.drugwatch.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.replay.Replay;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.SimEvent;
import io.drugwatch.sim.SimInput;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the fault tests share: a real broker and HTTP registry that can be stopped and started again
 * on the same ports and data, a deterministic generated input, and the undisturbed {@link Replay} of
 * that input as the expected outcome.
 *
 * <p>The generated events span 36 hours, less than the 48 h grace, so no event can be LATE whatever
 * order the tasks see them in: the final windows depend only on which events were counted. After the
 * pipeline has taken every event, one "clock" arrest per partition (in counties outside the generated
 * set) moves stream time 31 days on, which closes every window holding generated events.
 */
final class FaultFixture implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int PARTITIONS = 2;
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<String> INPUTS = Replay.INPUTS;

    final Path dir;
    private final EmbeddedKafka.Options kafkaOptions;
    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private final int registryPort;

    private FaultFixture(Path dir, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.dir = dir;
        this.kafka = kafka;
        this.registry = registry;
        // a restart must come back where clients look for it: the same client port and data
        this.kafkaOptions = EmbeddedKafka.Options.defaults().withPort(kafka.port()).withDataDir(kafka.dataDir());
        this.registryPort = Integer.parseInt(registry.url().replaceAll(".*:(\\d+)/?$", "$1"));
    }

    static FaultFixture start(Path dir) throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0)
                .withDataDir(dir.resolve("kafka")));
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0);
        return new FaultFixture(dir, kafka, registry);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    void stopBroker() {
        kafka.close();
    }

    void startBroker() {
        kafka = EmbeddedKafka.start(kafkaOptions);
    }

    void stopRegistry() {
        registry.close();
        registry = null;
    }

    /** Starts the registry on its old port, unless it is running. */
    void startRegistry() throws IOException {
        if (registry != null) {
            return;
        }
        registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1",
                registryPort);
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
        kafka.close();
    }

    /** The pipeline's settings: its own application id, state directory and topics, two partitions each. */
    Map<String, String> settings(String applicationId) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(DrugwatchConfig.APPLICATION_ID, applicationId);
        s.put(DrugwatchConfig.BOOTSTRAP_SERVERS, bootstrapServers());
        s.put(DrugwatchConfig.REGISTRY_URL, registryUrl());
        s.put(DrugwatchConfig.PARTITIONS, String.valueOf(PARTITIONS));
        // topics of its own, so that applications sharing a broker do not read each other's input
        DrugwatchConfig.TOPICS.forEach(t -> s.put(DrugwatchConfig.TOPIC_PREFIX + t, applicationId + "." + t));
        // only records move stream time, as in the replay
        s.put(DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S");
        s.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + applicationId).toString());
        s.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        // a member that died without leaving holds up the next rebalance until its session expires
        s.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        s.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return s;
    }

    /** Creates the application's topics and loads the bundled counties. */
    void createTopics(DrugwatchConfig config) throws Exception {
        try (Admin admin = admin()) {
            assertThat(new TopicAdmin(admin).apply(TopicSpecs.of(config), false)).allMatch(TopicAdmin.Outcome::ok);
        }
        produce(topics(config).counties(), CountyReference.bundled().stream()
                .map(c -> new ProducerRecord<>(config.topic("counties"), c.getCode(), c)).toList());
    }

    Topics topics(DrugwatchConfig config) {
        return Topics.create(config, new HttpSchemaRegistryClient(registryUrl()));
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    // ------------------------------------------------------------------ input

    /** The generated events of one test and the clock events that close their windows afterwards. */
    record Input(List<SimEvent> events, List<SimEvent> clocks) {

        List<SimEvent> all() {
            List<SimEvent> all = new ArrayList<>(events);
            all.addAll(clocks);
            return all;
        }

        Set<String> clockCounties() {
            return clocks.stream().map(SimEvent::key).collect(Collectors.toSet());
        }

        /** Events {@code [from, to)} as fractions of the list. */
        List<SimEvent> slice(double from, double to) {
            return events.subList((int) (events.size() * from), (int) (events.size() * to));
        }
    }

    /**
     * About {@code eventsPerDay * 1.5} events of a dozen counties over 36 hours, forty days ago (old
     * enough that the clock events, 31 days later, are still in the past).
     */
    static Input input(long seed, double eventsPerDay) {
        List<County> all = CountyReference.bundled();
        Set<String> wanted = Set.of("532530", "530621", "420103", "640302");
        List<County> counties = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (wanted.contains(all.get(i).getCode()) || i % 300 == 0) {
                counties.add(all.get(i));
            }
        }
        Instant from = LocalDate.now(ZONE).minusDays(40).atTime(6, 0).atZone(ZONE).toInstant();
        Instant to = from.plus(Duration.ofHours(36));
        // In the replay's order, so that every county's floating-point sums (wastewater loads) add up
        // in the same order live: the pipeline takes a county's records in the order they were produced.
        List<SimEvent> events = new EventGenerator(counties, seed, from, to, List.of(),
                GeneratorOptions.defaults().withTargetEventsPerDay(eventsPerDay)).stream()
                .sorted(Comparator.comparingLong(FaultFixture::replayTimestamp)
                        .thenComparing(SimEvent::occurredAt)
                        .thenComparingInt(e -> INPUTS.indexOf(e.inputName())))
                .toList();

        Set<String> used = counties.stream().map(County::getCode).collect(Collectors.toSet());
        Instant clockTime = to.plus(Duration.ofDays(31));
        Map<Integer, SimEvent> clocks = new TreeMap<>();
        for (County c : all) {
            int partition = partitionOf(c.getCode());
            if (!used.contains(c.getCode()) && !clocks.containsKey(partition)) {
                Arrest arrest = Arrest.newBuilder().setEventId("clock-" + partition).setOccurredAt(clockTime)
                        .setCountyCode(c.getCode()).setOffense(Offense.TRAFFICKING).setSuspects(1).build();
                clocks.put(partition, new SimEvent(SimInput.ARRESTS, c.getCode(), arrest, null,
                        SimEvent.Kind.NORMAL, clockTime.toEpochMilli()));
            }
        }
        assertThat(clocks).hasSize(PARTITIONS);
        return new Input(events, List.copyOf(clocks.values()));
    }

    /** The record timestamp replay gives an event: reportedAt, or occurredAt if it has none. */
    static long replayTimestamp(SimEvent e) {
        Object reportedAt = e.record().get(e.record().getSchema().getField("reportedAt").pos());
        return reportedAt == null ? e.occurredAt().toEpochMilli() : ((Instant) reportedAt).toEpochMilli();
    }

    /** The partition Kafka's default partitioner gives a key. */
    static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /**
     * The final county windows of an undisturbed replay of {@code input}, by key, without those of the
     * clock counties (their own windows never close in the live run).
     */
    Map<String, CountyIndicators> replayFinals(DrugwatchConfig config, Input input) throws IOException {
        Path in = Files.createTempDirectory(dir, "replay-in");
        Path out = Files.createTempDirectory(dir, "replay-out");
        Map<String, BufferedWriter> writers = new HashMap<>();
        try {
            for (String name : INPUTS) {
                writers.put(name, Files.newBufferedWriter(in.resolve(name + ".jsonl"), StandardCharsets.UTF_8));
            }
            for (SimEvent e : input.all()) {
                BufferedWriter w = writers.get(e.inputName());
                w.write(AvroJson.format(e.record()));
                w.newLine();
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        Replay.Summary summary = new Replay(config, line -> { }).run(in, out);
        assertThat(summary.deadLetters()).as("the generated input is all valid").isEmpty();
        Map<String, CountyIndicators> finals = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("county-indicators.jsonl"), StandardCharsets.UTF_8)) {
            CountyIndicators v = AvroJson.parse(line, CountyIndicators.class);
            if (!input.clockCounties().contains(v.getCountyCode())) {
                assertThat(finals.put(key(v), v)).as("replay finals of %s", key(v)).isNull();
            }
        }
        assertThat(finals).as("replay finals").hasSizeGreaterThan(100);
        return finals;
    }

    /** Equal maps, reported as the keys that differ rather than two maps of hundreds of windows. */
    static void assertSameFinals(Map<String, CountyIndicators> live, Map<String, CountyIndicators> replay) {
        assertThat(live.keySet()).as("windows published final live, against the replay")
                .containsExactlyInAnyOrderElementsOf(replay.keySet());
        List<String> differing = replay.keySet().stream().filter(k -> !replay.get(k).equals(live.get(k))).toList();
        assertThat(differing).as(() -> differing.isEmpty() ? "" : "final windows that differ from the replay; the first"
                + " live: " + live.get(differing.get(0)) + "\n replay: " + replay.get(differing.get(0))).isEmpty();
    }

    static String key(CountyIndicators v) {
        return v.getCountyCode() + "|" + v.getWindowDays() + "|" + v.getEndDate();
    }

    // ------------------------------------------------------------------ producing

    /**
     * Sends the events with the production serdes, each with the record timestamp replay gives it;
     * waits until the broker has them all.
     */
    void send(Topics topics, List<SimEvent> events) {
        sendRaw(records(topics, events));
    }

    /** The events as records in the production wire format, with the timestamps replay gives them. */
    static List<ProducerRecord<String, byte[]>> records(Topics topics, List<SimEvent> events) {
        Map<String, Topic<String, ? extends SpecificRecord>> byInput = Map.of(
                "arrests", topics.arrests(), "seizures", topics.seizures(),
                "checkpoint-inspections", topics.checkpointInspections(),
                "wastewater-samples", topics.wastewaterSamples());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (SimEvent e : events) {
            @SuppressWarnings("unchecked")
            Topic<String, SpecificRecord> topic = (Topic<String, SpecificRecord>) byInput.get(e.inputName());
            byte[] value = ((Serializer<SpecificRecord>) topic.valueSerde().serializer()).serialize(topic.name(),
                    e.record());
            records.add(new ProducerRecord<>(topic.name(), null, replayTimestamp(e), e.key(), value));
        }
        return records;
    }

    void sendRaw(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(),
                new ByteArraySerializer())) {
            sendAll(producer, records);
        }
    }

    private <V> void produce(Topic<String, V> topic, List<ProducerRecord<String, V>> records) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps(), topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            sendAll(producer, records);
        }
    }

    /** Sends and waits for every acknowledgement, so that a refused record fails the test, not its outcome. */
    private static <V> void sendAll(KafkaProducer<String, V> producer, List<ProducerRecord<String, V>> records) {
        List<Future<RecordMetadata>> acks = records.stream().map(producer::send).toList();
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a test record was not delivered", e);
            }
        }
    }

    private Map<String, Object> producerProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    // ------------------------------------------------------------------ observing

    /** Input offsets the application has committed, summed over the input partitions. */
    long committedInput(String applicationId, DrugwatchConfig config) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return committed.entrySet().stream()
                    .filter(e -> INPUTS.stream().map(config::topic).anyMatch(e.getKey().topic()::equals))
                    .filter(e -> e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** Records in the input topics, summed over their partitions. */
    long inputEnd(DrugwatchConfig config) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String input : INPUTS) {
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(config.topic(input), p), OffsetSpec.latest());
            }
        }
        try (Admin admin = admin()) {
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
        }
    }

    /** Waits until the application has committed every input record: all its output is then committed too. */
    void awaitCaughtUp(String applicationId, DrugwatchConfig config) throws Exception {
        long end = inputEnd(config);
        await("application " + applicationId + " has committed all " + end + " input records", () -> {
            try {
                return committedInput(applicationId, config) == end;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Feeds the clock events once everything else is taken, then waits until they are taken too. */
    void closeWindows(String applicationId, DrugwatchConfig config, Topics topics, Input input) throws Exception {
        awaitCaughtUp(applicationId, config);
        send(topics, input.clocks());
        awaitCaughtUp(applicationId, config);
    }

    /** Every committed record of a topic, read from the start up to its end now. */
    <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values, boolean committedOnly) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s to its end %s", topic, end).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    V v = r.value() == null ? null : values.deserialize(topic, r.headers(), r.value());
                    seen.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                            r.timestampType(), r.serializedKeySize(), r.serializedValueSize(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), v, r.headers(),
                            r.leaderEpoch()));
                }
            }
        }
        return seen;
    }

    /**
     * The final county windows the live pipeline committed, by key, after checking that no window
     * was published final more than once.
     */
    Map<String, CountyIndicators> liveFinals(DrugwatchConfig config, Topics topics) throws InterruptedException {
        // A transaction that was open when the broker stopped stays open until it times out, and hides
        // what comes after it from read_committed consumers; read once every transaction has ended.
        await("no transaction is open on county-indicators", () -> {
            try {
                return !transactionOpen(config.topic("county-indicators"));
            } catch (Exception e) {
                return false;
            }
        });
        List<ConsumerRecord<String, CountyIndicators>> out = readAll(config.topic("county-indicators"),
                topics.countyIndicators().valueSerde().deserializer(), true);
        Map<String, List<CountyIndicators>> finals = out.stream().filter(r -> r.value() != null && r.value().getFinal$())
                .collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new,
                        Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        assertThat(finals.entrySet()).as("windows published final more than once")
                .filteredOn(e -> e.getValue().size() > 1).isEmpty();
        Map<String, CountyIndicators> last = new TreeMap<>();
        finals.forEach((k, v) -> last.put(k, v.get(0)));
        return last;
    }

    /**
     * Whether a producer has written to {@code topic} in a transaction that is still open: the last
     * stable offset lags the end of some partition.
     */
    boolean transactionOpen(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            return latest.keySet().stream().anyMatch(tp -> stable.get(tp).offset() != end.get(tp).offset());
        }
    }

    /** Committed county-indicators records so far (final or not). */
    long committedIndicators(DrugwatchConfig config) {
        return readAll(config.topic("county-indicators"), (topic, bytes) -> bytes, true).size();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
