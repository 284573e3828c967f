package io.drugwatch.fault;

import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.replay.Replay;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.SimEvent;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topic;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * What the fault tests share on top of the {@link KafkaClusterExtension}: an application's own
 * settings and topics, a deterministic generated input, and the undisturbed {@link Replay} of that
 * input as the expected outcome.
 *
 * <p>The generated events span 36 hours, less than the 48 h grace, so no event can be LATE whatever
 * order the tasks see them in: the final windows depend only on which events were counted. After the
 * pipeline has taken every event, one "clock" arrest per partition (in counties outside the generated
 * set) moves stream time 31 days on, which closes every window holding generated events.
 */
final class FaultFixture {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int PARTITIONS = 2;
    static final List<String> INPUTS = Replay.INPUTS;
    /** Keys as the production key serde writes them, values already in the wire format. */
    private static final Serializer<String> KEYS = new StringSerializer();

    private static final Serializer<byte[]> WIRE = new ByteArraySerializer();

    private final KafkaClusterExtension cluster;
    private final Path dir;

    FaultFixture(KafkaClusterExtension cluster, Path dir) {
        this.cluster = cluster;
        this.dir = dir;
    }

    /** The pipeline's settings: its own application id, state directory and topics, two partitions each. */
    Map<String, String> settings(String applicationId) {
        Map<String, String> s = cluster.settings(dir.resolve("state-" + applicationId));
        s.put(DrugwatchConfig.APPLICATION_ID, applicationId);
        s.put(DrugwatchConfig.PARTITIONS, String.valueOf(PARTITIONS));
        // topics of its own, so that applications sharing a broker do not read each other's input
        DrugwatchConfig.TOPICS.forEach(t -> s.put(DrugwatchConfig.TOPIC_PREFIX + t, applicationId + "." + t));
        // a member that died without leaving holds up the next rebalance until its session expires
        s.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        s.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        return s;
    }

    /** Creates the application's topics and loads the bundled counties. */
    void createTopics(DrugwatchConfig config) {
        cluster.createTopics(config);
        Topic<String, County> counties = topics(config).counties();
        cluster.send(
                counties,
                CountyReference.bundled().stream()
                        .map(c -> new ProducerRecord<>(counties.name(), c.getCode(), c))
                        .toList());
    }

    Topics topics(DrugwatchConfig config) {
        return cluster.topics(config);
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
        Instant from =
                LocalDate.now(ZONE).minusDays(40).atTime(6, 0).atZone(ZONE).toInstant();
        Instant to = from.plus(Duration.ofHours(36));
        // In the replay's order, so that every county's floating-point sums (wastewater loads) add up
        // in the same order live: the pipeline takes a county's records in the order they were produced.
        List<SimEvent> events = new EventGenerator(
                        counties,
                        seed,
                        from,
                        to,
                        List.of(),
                        GeneratorOptions.defaults().withTargetEventsPerDay(eventsPerDay))
                .stream()
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
                Arrest arrest = Arrest.newBuilder()
                        .setEventId("clock-" + partition)
                        .setOccurredAt(clockTime)
                        .setCountyCode(c.getCode())
                        .setOffense(Offense.TRAFFICKING)
                        .setSuspects(1)
                        .build();
                clocks.put(
                        partition,
                        new SimEvent(
                                EventType.ARREST,
                                c.getCode(),
                                arrest,
                                null,
                                SimEvent.Kind.NORMAL,
                                clockTime.toEpochMilli()));
            }
        }
        assertThat(clocks).hasSize(PARTITIONS);
        return new Input(events, List.copyOf(clocks.values()));
    }

    /** The record timestamp replay gives an event: reportedAt, or occurredAt if it has none. */
    static long replayTimestamp(SimEvent e) {
        Object reportedAt =
                e.record().get(e.record().getSchema().getField("reportedAt").pos());
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
        Replay.Summary summary = new Replay(config, line -> {}).run(in, out);
        assertThat(summary.deadLetters()).as("the generated input is all valid").isEmpty();
        Map<String, CountyIndicators> finals = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("county-indicators.jsonl"), StandardCharsets.UTF_8)) {
            CountyIndicators v = AvroJson.parse(line, CountyIndicators.class);
            if (!input.clockCounties().contains(v.getCountyCode())) {
                assertThat(finals.put(key(v), v))
                        .as("replay finals of %s", key(v))
                        .isNull();
            }
        }
        assertThat(finals).as("replay finals").hasSizeGreaterThan(100);
        return finals;
    }

    /** Equal maps, reported as the keys that differ rather than two maps of hundreds of windows. */
    static void assertSameFinals(Map<String, CountyIndicators> live, Map<String, CountyIndicators> replay) {
        assertThat(live.keySet())
                .as("windows published final live, against the replay")
                .containsExactlyInAnyOrderElementsOf(replay.keySet());
        List<String> differing = replay.keySet().stream()
                .filter(k -> !replay.get(k).equals(live.get(k)))
                .toList();
        assertThat(differing)
                .as(() -> differing.isEmpty()
                        ? ""
                        : "final windows that differ from the replay; the first" + " live: "
                                + live.get(differing.get(0)) + "\n replay: " + replay.get(differing.get(0)))
                .isEmpty();
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
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (SimEvent e : events) {
            byte[] value = topics.serialize(e.input(), e.record());
            records.add(new ProducerRecord<>(topics.input(e.input()).name(), null, replayTimestamp(e), e.key(), value));
        }
        return records;
    }

    /** Sends records already in the wire format, in order, and waits until the broker has them all. */
    void sendRaw(List<ProducerRecord<String, byte[]>> records) {
        cluster.send(KEYS, WIRE, records);
    }

    // ------------------------------------------------------------------ observing

    /** Input offsets the application has committed, summed over the input partitions. */
    long committedInput(String applicationId, DrugwatchConfig config) {
        return cluster.committed(applicationId, inputTopics(config));
    }

    /** Records in the input topics, summed over their partitions. */
    long inputEnd(DrugwatchConfig config) {
        return cluster.endOffsets(inputTopics(config));
    }

    private static List<String> inputTopics(DrugwatchConfig config) {
        return INPUTS.stream().map(config::topic).toList();
    }

    /** Waits until the application has committed every input record: all its output is then committed too. */
    void awaitCaughtUp(String applicationId, DrugwatchConfig config) {
        cluster.awaitCommitted(applicationId, inputTopics(config));
    }

    /** Feeds the clock events once everything else is taken, then waits until they are taken too. */
    void closeWindows(String applicationId, DrugwatchConfig config, Topics topics, Input input) {
        awaitCaughtUp(applicationId, config);
        send(topics, input.clocks());
        awaitCaughtUp(applicationId, config);
    }

    /**
     * The final county windows the live pipeline committed, by key, after checking that no window
     * was published final more than once.
     */
    Map<String, CountyIndicators> liveFinals(DrugwatchConfig config, Topics topics) {
        // A transaction that was open when the broker stopped stays open until it times out, and hides
        // what comes after it from read_committed consumers; read once every transaction has ended.
        String topic = config.topic("county-indicators");
        eventually("no transaction is open on " + topic)
                .ignoreExceptions()
                .until(() -> !cluster.transactionOpen(topic));
        List<ConsumerRecord<String, CountyIndicators>> out =
                cluster.readAll(topic, topics.countyIndicators().valueSerde().deserializer(), true);
        Map<String, List<CountyIndicators>> finals = out.stream()
                .filter(r -> r.value() != null && r.value().getFinal$())
                .collect(Collectors.groupingBy(
                        ConsumerRecord::key,
                        TreeMap::new,
                        Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        assertThat(finals.entrySet())
                .as("windows published final more than once")
                .filteredOn(e -> e.getValue().size() > 1)
                .isEmpty();
        Map<String, CountyIndicators> last = new TreeMap<>();
        finals.forEach((k, v) -> last.put(k, v.get(0)));
        return last;
    }

    /** Committed county-indicators records so far (final or not). */
    long committedIndicators(DrugwatchConfig config) {
        return cluster.readAll(config.topic("county-indicators"), (topic, bytes) -> bytes, true)
                .size();
    }
}
