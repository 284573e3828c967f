package io.drugwatch.hostile;

import static io.drugwatch.hostile.Hostile.counter;
import static io.drugwatch.hostile.Hostile.counterBy;
import static io.drugwatch.hostile.Hostile.finalOf;
import static io.drugwatch.hostile.Hostile.hasFinal;
import static io.drugwatch.hostile.Hostile.header;
import static io.drugwatch.hostile.Hostile.local;
import static io.drugwatch.hostile.Hostile.utf8;
import static io.drugwatch.testing.KafkaClusterExtension.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.InspectionOutcome;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input topic of a running pipeline (real broker, registry over HTTP) gets random bytes,
 * truncated Avro, unknown schema ids, records of another schema and oversized records, interleaved
 * with valid events: each bad record becomes exactly one dead letter with its reason, the app stays
 * RUNNING on the same stream threads, and the indicators count exactly the valid events.
 */
class HostileInputIntegrationTest {

    private static final String LUDIAN = "530621";
    private static final byte[] KEY = utf8(LUDIAN);
    private static final LocalDate D0 = LocalDate.now(Hostile.ZONE).minusDays(40);
    private static final LocalDate D1 = D0.plusDays(1);
    /** An Avro schema registered by some other team on the same registry. */
    private static final Schema UNRELATED = new Schema.Parser().parse("""
            {"type": "record", "name": "SurveyNote", "namespace": "org.example.survey",
             "fields": [{"name": "note", "type": "string"}, {"name": "score", "type": "int"}]}""");

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

    /** One input topic: its name, how to serialize its records, and a valid record for a day. */
    private record Input(String topic, Function<Integer, byte[]> valid, Function<String, byte[]> oversized) {}

    private static Arrest arrest(String id, LocalDate day, int suspects) {
        return Arrest.newBuilder()
                .setEventId(id)
                .setOccurredAt(local(day, 9))
                .setCountyCode(LUDIAN)
                .setOffense(Offense.TRAFFICKING)
                .setSuspects(suspects)
                .build();
    }

    private static Seizure seizure(String id, LocalDate day, double grams) {
        return Seizure.newBuilder()
                .setEventId(id)
                .setOccurredAt(local(day, 10))
                .setCountyCode(LUDIAN)
                .setDrugType(DrugType.HEROIN)
                .setQuantityGrams(grams)
                .setSource(SeizureSource.PATROL)
                .build();
    }

    private static CheckpointInspection inspection(String id, LocalDate day, int vehicles, InspectionOutcome outcome) {
        return CheckpointInspection.newBuilder()
                .setEventId(id)
                .setOccurredAt(local(day, 11))
                .setCountyCode(LUDIAN)
                .setCheckpointId("CP-LD-1")
                .setDirection(Direction.INBOUND)
                .setVehicles(vehicles)
                .setOutcome(outcome)
                .build();
    }

    private static WastewaterSample sample(String id, LocalDate day) {
        return WastewaterSample.newBuilder()
                .setEventId(id)
                .setOccurredAt(local(day, 12))
                .setCountyCode(LUDIAN)
                .setPlantId("WWTP-LD-1")
                .setSubstance(Substance.METHAMPHETAMINE)
                .setConcentrationNgL(80)
                .setFlowM3PerDay(20_000)
                .setPopulationServed(100_000)
                .build();
    }

    private static byte[] bytes(String topic, Object record) {
        return switch (topic) {
            case "arrests" ->
                topics.input(EventType.ARREST).valueSerde().serializer().serialize(topic, (Arrest) record);
            case "seizures" ->
                topics.input(EventType.SEIZURE).valueSerde().serializer().serialize(topic, (Seizure) record);
            case "checkpoint-inspections" ->
                topics.input(EventType.CHECKPOINT_INSPECTION)
                        .valueSerde()
                        .serializer()
                        .serialize(topic, (CheckpointInspection) record);
            case "wastewater-samples" ->
                topics.input(EventType.WASTEWATER_SAMPLE)
                        .valueSerde()
                        .serializer()
                        .serialize(topic, (WastewaterSample) record);
            default -> throw new IllegalArgumentException(topic);
        };
    }

    /** Valid records of day D0 are numbered 0-2, of day D1 10-11; their values below follow the number. */
    private static LocalDate dayOf(int n) {
        return n < 10 ? D0 : D1;
    }

    private static final List<Input> INPUTS = List.of(
            new Input(
                    "arrests",
                    n -> bytes("arrests", arrest("a" + n, dayOf(n), n % 10 + 1)),
                    big -> bytes("arrests", withCaseId(arrest("a-big", D0, 1), big))),
            new Input(
                    "seizures",
                    n -> bytes("seizures", seizure("s" + n, dayOf(n), 100.5 * (n % 10 + 1))),
                    big -> bytes("seizures", withCaseId(seizure("s-big", D0, 1), big))),
            new Input(
                    "checkpoint-inspections",
                    n -> bytes(
                            "checkpoint-inspections",
                            inspection(
                                    "i" + n,
                                    dayOf(n),
                                    10 * (n % 10 + 1),
                                    n % 2 == 0 ? InspectionOutcome.CLEAR : InspectionOutcome.DRUGS_FOUND)),
                    big -> {
                        CheckpointInspection i = inspection("i-big", D0, 1, InspectionOutcome.CLEAR);
                        i.setCheckpointId(big);
                        return bytes("checkpoint-inspections", i);
                    }),
            new Input("wastewater-samples", n -> bytes("wastewater-samples", sample("w" + n, dayOf(n))), big -> {
                WastewaterSample w = sample("w-big", D0);
                w.setPlantId(big);
                return bytes("wastewater-samples", w);
            }));

    private static Arrest withCaseId(Arrest a, String caseId) {
        a.setCaseId(caseId);
        return a;
    }

    private static Seizure withCaseId(Seizure s, String caseId) {
        s.setCaseId(caseId);
        return s;
    }

    /** A bad record, what it is, and the reason it must be dead-lettered with. */
    private record Bad(String what, byte[] key, byte[] value, String reason) {}

    private static List<Bad> garbage(Input input, Input other, int unrelatedId, Random random) {
        byte[] good = input.valid().apply(0);
        List<Bad> bad = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] noise = new byte[5 + random.nextInt(200)];
            random.nextBytes(noise);
            noise[0] = (byte) (1 + random.nextInt(255)); // anything but the magic byte
            byte[] key = i == 2 ? new byte[8] : KEY;
            if (i == 2) {
                random.nextBytes(key); // lands on any partition, and is not even UTF-8
            }
            bad.add(new Bad("random bytes " + i, key, noise, "NOT_CONFLUENT_AVRO"));
        }
        bad.add(new Bad("tombstone", KEY, null, "NOT_CONFLUENT_AVRO"));
        bad.add(new Bad("empty value", KEY, new byte[0], "NOT_CONFLUENT_AVRO"));
        bad.add(new Bad("header only", KEY, Arrays.copyOf(good, 4), "NOT_CONFLUENT_AVRO"));
        bad.add(new Bad("truncated Avro", KEY, Arrays.copyOf(good, 5 + (good.length - 5) / 2), "MALFORMED_AVRO"));
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        bad.add(new Bad("trailing bytes", KEY, trailing, "MALFORMED_AVRO"));
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 0x7abc_def0);
        bad.add(new Bad("unknown schema id", KEY, unknownId, "UNKNOWN_SCHEMA_ID"));
        bad.add(new Bad("record of " + other.topic(), KEY, other.valid().apply(0), "SCHEMA_MISMATCH"));
        GenericRecord note = new GenericData.Record(UNRELATED);
        note.put("note", "hello");
        note.put("score", 7);
        bad.add(new Bad("unrelated registered schema", KEY, Hostile.wire(unrelatedId, note), "SCHEMA_MISMATCH"));
        bad.add(new Bad("valid but 70 kB", KEY, input.oversized().apply("x".repeat(70_000)), "RECORD_TOO_LARGE"));
        return bad;
    }

    private static String where(RecordMetadata m) {
        return m.topic() + "/" + m.partition() + "/" + m.offset();
    }

    private static String where(ConsumerRecord<?, ?> dead) {
        return header(dead, "dlq.source.topic") + "/" + header(dead, "dlq.source.partition") + "/"
                + header(dead, "dlq.source.offset");
    }

    @Test
    void garbageOnEveryInputIsDeadLetteredOnceWithItsReasonAndTheValidRecordsAroundItCount() throws Exception {
        int unrelatedId = cluster.registryClient().register("survey-notes-value", UNRELATED);
        Random random = new Random(20_261_120L);
        Map<String, Bad> expectedDead = new LinkedHashMap<>();
        int sent = 0;

        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            assertThat(runner.awaitRunning(KafkaClusterExtension.WAIT)).isTrue();
            KafkaStreams streams = runner.streams();
            Set<String> threads = threadNames(streams);
            Set<KafkaStreams.State> states = ConcurrentHashMap.newKeySet();
            watcher.scheduleAtFixedRate(() -> states.add(streams.state()), 0, 20, TimeUnit.MILLISECONDS);

            // valid records before, between and after the garbage, on every input
            for (int i = 0; i < INPUTS.size(); i++) {
                Input input = INPUTS.get(i);
                List<Bad> bad = garbage(input, INPUTS.get((i + 1) % INPUTS.size()), unrelatedId, random);
                int valid = 0;
                for (int j = 0; j < bad.size(); j++) {
                    if (j % 5 == 0) {
                        Hostile.send(cluster, input.topic(), KEY, input.valid().apply(valid++));
                        sent++;
                    }
                    Bad b = bad.get(j);
                    expectedDead.put(where(Hostile.send(cluster, input.topic(), b.key(), b.value())), b);
                    sent++;
                }
                assertThat(valid).isEqualTo(3);
            }
            awaitRecordsIn(streams, sent);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);

            // after the storm: valid records of the next day, still with some garbage among them
            for (int i = 0; i < INPUTS.size(); i++) {
                Input input = INPUTS.get(i);
                Hostile.send(cluster, input.topic(), KEY, input.valid().apply(10));
                Bad noise = garbage(input, INPUTS.get((i + 1) % INPUTS.size()), unrelatedId, random)
                        .get(0);
                expectedDead.put(where(Hostile.send(cluster, input.topic(), noise.key(), noise.value())), noise);
                Hostile.send(cluster, input.topic(), KEY, input.valid().apply(11));
                sent += 3;
            }
            // every record must be in before the clock closes D1, or a D1 record would be LATE
            awaitRecordsIn(streams, sent);
            Hostile.send(cluster, "arrests", KEY, bytes("arrests", arrest("clock", D0.plusDays(4), 1)));
            sent++;

            Deserializer<CountyIndicators> values =
                    topics.countyIndicators().valueSerde().deserializer();
            String day0 = LUDIAN + "|1|" + D0;
            String day1 = LUDIAN + "|1|" + D1;
            List<ConsumerRecord<String, CountyIndicators>> out =
                    cluster.readUntil("county-indicators", values, r -> hasFinal(r, day0) && hasFinal(r, day1));

            CountyIndicators first = finalOf(out, day0);
            assertThat(first.getArrestEvents()).isEqualTo(3);
            assertThat(first.getSuspects()).isEqualTo(1 + 2 + 3);
            assertThat(first.getSeizureEvents()).isEqualTo(3);
            assertThat(first.getSeizedGrams()).isEqualTo(100.5 + 201 + 301.5);
            assertThat(first.getSeizuresOver1kg()).isZero();
            assertThat(first.getVehiclesInspected()).isEqualTo(10 + 20 + 30);
            assertThat(first.getInspectionHits()).isEqualTo(20);
            assertThat(first.getWastewaterSamples()).isEqualTo(3);
            CountyIndicators second = finalOf(out, day1);
            assertThat(second.getArrestEvents()).isEqualTo(2);
            assertThat(second.getSuspects()).isEqualTo(1 + 2);
            assertThat(second.getSeizedGrams()).isEqualTo(100.5 + 201);
            assertThat(second.getVehiclesInspected()).isEqualTo(10 + 20);
            assertThat(second.getInspectionHits()).isEqualTo(20);
            assertThat(second.getWastewaterSamples()).isEqualTo(2);

            // exactly one dead letter per bad record, with its reason, original key and bytes
            Deserializer<byte[]> raw = (topic, bytes) -> bytes;
            List<ConsumerRecord<String, byte[]>> dead =
                    cluster.readExactly("dead-letters", raw, expectedDead.size(), Duration.ofSeconds(2));
            assertThat(dead).hasSize(expectedDead.size());
            Map<String, String> reasons = dead.stream()
                    .collect(Collectors.toMap(HostileInputIntegrationTest::where, d -> header(d, "dlq.reason")));
            assertThat(reasons)
                    .containsExactlyInAnyOrderEntriesOf(expectedDead.entrySet().stream()
                            .collect(Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue().reason())));
            for (ConsumerRecord<String, byte[]> d : dead) {
                Bad b = expectedDead.get(where(d));
                assertThat(d.value()).as(b.what()).isEqualTo(b.value());
                assertThat(d.key()).as(b.what()).isEqualTo(new String(b.key(), StandardCharsets.UTF_8));
            }

            Map<String, Double> byReason = counterBy(streams, "dead-letters-total", "reason");
            Map<String, Double> expectedByReason = expectedDead.values().stream()
                    .collect(Collectors.groupingBy(Bad::reason, Collectors.summingDouble(b -> 1)));
            assertThat(byReason).containsExactlyInAnyOrderEntriesOf(expectedByReason);
            assertThat(counter(streams, "records-in-total")).isEqualTo(sent);
            assertThat(counter(streams, "accepted-total")).isEqualTo(sent - expectedDead.size());

            watcher.shutdownNow();
            assertThat(states).as("states after the first RUNNING").containsExactly(KafkaStreams.State.RUNNING);
            assertThat(threadNames(streams))
                    .as("no stream thread died and was replaced")
                    .isEqualTo(threads);
        } finally {
            watcher.shutdownNow();
        }
    }

    private static Set<String> threadNames(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    private static void awaitRecordsIn(KafkaStreams streams, int expected) {
        eventually(expected + " records in").until(() -> counter(streams, "records-in-total") >= expected);
    }
}
