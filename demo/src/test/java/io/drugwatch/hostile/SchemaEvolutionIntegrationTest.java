package io.drugwatch.hostile;

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
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers that are ahead of or behind the app: records written with a newer schema (added
 * optional fields, a new drug symbol) and with an older one (without fields the current schema
 * gives a default) are read by the running pipeline through the real registry, by resolving the
 * writer's schema against the app's. A change that breaks compatibility is a dead letter.
 */
class SchemaEvolutionIntegrationTest {

    private static final String LUDIAN = "530621";
    private static final byte[] KEY = utf8(LUDIAN);
    private static final LocalDate D0 = LocalDate.now(Hostile.ZONE).minusDays(30);
    private static final long AT = local(D0, 10).toEpochMilli();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static DrugwatchConfig config;
    private static Topics topics;
    /** The producers' own registry client: the pipeline must fetch their schemas over HTTP. */
    private static HttpSchemaRegistryClient producers;

    private static int sent;

    @BeforeAll
    static void createTopics() {
        config = cluster.config(dir.resolve("state"));
        topics = cluster.topics(config);
        cluster.createTopics(config);
        producers = cluster.registryClient();
    }

    /** {@code base} without the {@code dropped} fields, plus {@code added}, fields replaced by name. */
    private static Schema variant(
            Schema base, Set<String> dropped, List<Schema.Field> added, Map<String, Schema> replaced) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            if (!dropped.contains(f.name())) {
                fields.add(new Schema.Field(f, replaced.getOrDefault(f.name(), f.schema())));
            }
        }
        for (Schema.Field f : added) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static Schema.Field optionalString(String name) {
        return new Schema.Field(
                name,
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by a newer producer",
                Schema.Field.NULL_DEFAULT_VALUE);
    }

    private static GenericData.EnumSymbol symbol(Schema record, String field, String value) {
        Schema s = record.getField(field).schema();
        if (s.isUnion()) {
            s = s.getTypes().get(1);
        }
        return new GenericData.EnumSymbol(s, value);
    }

    /** Registers the writer schema under the topic's subject, as a Confluent producer would, and sends. */
    private static void produce(String topic, GenericRecord record) {
        int id = producers.register(topic + "-value", record.getSchema());
        Hostile.send(cluster, topic, KEY, Hostile.wire(id, record));
        sent++;
    }

    @Test
    void newerAndOlderProducersAreReadAndAnIncompatibleOneIsDeadLettered() throws Exception {
        // the current schema, through the production serde
        Arrest current = Arrest.newBuilder()
                .setEventId("a-current")
                .setOccurredAt(local(D0, 9))
                .setCountyCode(LUDIAN)
                .setOffense(Offense.USE)
                .setSuspects(1)
                .setRelapse(true)
                .build();
        Hostile.send(
                cluster,
                "arrests",
                KEY,
                topics.input(EventType.ARREST).valueSerde().serializer().serialize("arrests", current));
        sent++;

        // newer producers: optional fields the app does not know, and a drug symbol it does not know
        Schema arrestV2 = variant(
                Arrest.getClassSchema(),
                Set.of(),
                List.of(
                        optionalString("sourceSystem"),
                        new Schema.Field("minors", Schema.create(Schema.Type.INT), "added by a newer producer", 0)),
                Map.of());
        produce(
                "arrests",
                new GenericRecordBuilder(arrestV2)
                        .set("eventId", "a-newer")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("offense", symbol(arrestV2, "offense", "TRAFFICKING"))
                        .set("suspects", 2)
                        .set("relapse", true)
                        .set("sourceSystem", "jingwu-v3")
                        .set("minors", 1)
                        .build());
        Schema drugTypeV2 = drugTypeWith("FENTANYL");
        Schema seizureV2 = variant(
                Seizure.getClassSchema(),
                Set.of(),
                List.of(optionalString("sourceSystem")),
                Map.of("drugType", drugTypeV2));
        produce(
                "seizures",
                new GenericRecordBuilder(seizureV2)
                        .set("eventId", "s-fentanyl")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("drugType", new GenericData.EnumSymbol(drugTypeV2, "FENTANYL"))
                        .set("quantityGrams", 50.0)
                        .set("source", symbol(seizureV2, "source", "POSTAL"))
                        .set("sourceSystem", "jingwu-v3")
                        .build());
        produce(
                "seizures",
                new GenericRecordBuilder(seizureV2)
                        .set("eventId", "s-heroin-newer")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("drugType", new GenericData.EnumSymbol(drugTypeV2, "HEROIN"))
                        .set("quantityGrams", 100.0)
                        .set("source", symbol(seizureV2, "source", "PATROL"))
                        .build());
        Schema inspectionV2 =
                variant(CheckpointInspection.getClassSchema(), Set.of(), List.of(optionalString("laneId")), Map.of());
        produce(
                "checkpoint-inspections",
                new GenericRecordBuilder(inspectionV2)
                        .set("eventId", "i-newer")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("checkpointId", "CP-LD-1")
                        .set("direction", symbol(inspectionV2, "direction", "INBOUND"))
                        .set("vehicles", 40)
                        .set("outcome", symbol(inspectionV2, "outcome", "CLEAR"))
                        .set("laneId", "3")
                        .build());
        Schema sampleV2 = variant(
                WastewaterSample.getClassSchema(),
                Set.of(),
                List.of(new Schema.Field(
                        "temperatureC",
                        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.DOUBLE)),
                        "added by a newer producer",
                        Schema.Field.NULL_DEFAULT_VALUE)),
                Map.of());
        produce(
                "wastewater-samples",
                sample(sampleV2, "w-newer").set("temperatureC", 18.5).build());

        // older producers: without fields that the current schema has with a default
        Schema arrestV0 = variant(
                Arrest.getClassSchema(),
                Set.of("reportedAt", "caseId", "agency", "drugType", "relapse"),
                List.of(),
                Map.of());
        produce(
                "arrests",
                new GenericRecordBuilder(arrestV0)
                        .set("eventId", "a-older")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("offense", symbol(arrestV0, "offense", "POSSESSION"))
                        .set("suspects", 4)
                        .build());
        Schema seizureV0 = variant(
                Seizure.getClassSchema(),
                Set.of("reportedAt", "caseId", "checkpointId", "cashCny"),
                List.of(),
                Map.of());
        produce(
                "seizures",
                new GenericRecordBuilder(seizureV0)
                        .set("eventId", "s-older")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("drugType", symbol(seizureV0, "drugType", "HEROIN"))
                        .set("quantityGrams", 200.0)
                        .set("source", symbol(seizureV0, "source", "INVESTIGATION"))
                        .build());
        Schema inspectionV0 =
                variant(CheckpointInspection.getClassSchema(), Set.of("reportedAt", "vehicles"), List.of(), Map.of());
        produce(
                "checkpoint-inspections",
                new GenericRecordBuilder(inspectionV0)
                        .set("eventId", "i-older")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("checkpointId", "CP-LD-1")
                        .set("direction", symbol(inspectionV0, "direction", "OUTBOUND"))
                        .set("outcome", symbol(inspectionV0, "outcome", "DRUGS_FOUND"))
                        .build());
        Schema sampleV0 =
                variant(WastewaterSample.getClassSchema(), Set.of("reportedAt", "belowLoq"), List.of(), Map.of());
        produce("wastewater-samples", sample(sampleV0, "w-older").build());

        // incompatible: a required field removed, and a field whose type changed
        Schema arrestBroken = variant(Arrest.getClassSchema(), Set.of("suspects"), List.of(), Map.of());
        produce(
                "arrests",
                new GenericRecordBuilder(arrestBroken)
                        .set("eventId", "a-broken")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("offense", symbol(arrestBroken, "offense", "USE"))
                        .build());
        Schema seizureBroken = variant(
                Seizure.getClassSchema(),
                Set.of(),
                List.of(),
                Map.of("quantityGrams", Schema.create(Schema.Type.STRING)));
        produce(
                "seizures",
                new GenericRecordBuilder(seizureBroken)
                        .set("eventId", "s-broken")
                        .set("occurredAt", AT)
                        .set("countyCode", LUDIAN)
                        .set("drugType", symbol(seizureBroken, "drugType", "HEROIN"))
                        .set("quantityGrams", "12 kg")
                        .set("source", symbol(seizureBroken, "source", "PATROL"))
                        .build());

        try (PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics))) {
            runner.start();
            assertThat(runner.awaitRunning(KafkaClusterExtension.WAIT)).isTrue();
            // every record above must be read before the clock closes their day
            eventually("the records are read")
                    .until(() -> Hostile.counter(runner.streams(), "records-in-total") >= sent);
            Hostile.send(
                    cluster,
                    "arrests",
                    KEY,
                    topics.input(EventType.ARREST)
                            .valueSerde()
                            .serializer()
                            .serialize(
                                    "arrests",
                                    Arrest.newBuilder()
                                            .setEventId("clock")
                                            .setOccurredAt(local(D0.plusDays(4), 9))
                                            .setCountyCode(LUDIAN)
                                            .setOffense(Offense.USE)
                                            .setSuspects(1)
                                            .build()));

            String key = LUDIAN + "|1|" + D0;
            Deserializer<CountyIndicators> values =
                    topics.countyIndicators().valueSerde().deserializer();
            CountyIndicators day = finalOf(cluster.readUntil("county-indicators", values, r -> hasFinal(r, key)), key);
            assertThat(day.getArrestEvents()).isEqualTo(3);
            assertThat(day.getSuspects()).isEqualTo(1 + 2 + 4);
            assertThat(day.getSuspectsByOffense())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("USE", 1L, "TRAFFICKING", 2L, "POSSESSION", 4L));
            // the older arrest has no relapse field: its default, false, applies
            assertThat(day.getRelapses()).isEqualTo(1 + 2);
            // a drug this app does not know yet reads as the enum's default, OTHER
            assertThat(day.getSeizedGramsByDrug())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("OTHER", 50.0, "HEROIN", 300.0));
            // the older inspection has no vehicles field: it covers the default, one vehicle
            assertThat(day.getVehiclesInspected()).isEqualTo(40 + 1);
            assertThat(day.getInspectionHits()).isEqualTo(1);
            assertThat(day.getWastewaterSamples()).isEqualTo(2);

            Deserializer<byte[]> raw = (topic, bytes) -> bytes;
            List<ConsumerRecord<String, byte[]>> dead =
                    cluster.readExactly("dead-letters", raw, 2, Duration.ofSeconds(1));
            assertThat(dead)
                    .extracting(d -> header(d, "dlq.source.topic") + " " + header(d, "dlq.reason"))
                    .containsExactlyInAnyOrder("arrests SCHEMA_MISMATCH", "seizures SCHEMA_MISMATCH");
            assertThat(dead)
                    .extracting(d -> header(d, "dlq.detail"))
                    .anySatisfy(detail -> assertThat(detail).contains("suspects"))
                    .anySatisfy(detail -> assertThat(detail).contains("quantityGrams"));
            assertThat(Hostile.counter(runner.streams(), "accepted-total")).isEqualTo(sent + 1 - 2);
        }
    }

    private static GenericRecordBuilder sample(Schema schema, String id) {
        return new GenericRecordBuilder(schema)
                .set("eventId", id)
                .set("occurredAt", AT)
                .set("countyCode", LUDIAN)
                .set("plantId", "WWTP-LD-1")
                .set("substance", symbol(schema, "substance", "KETAMINE"))
                .set("concentrationNgL", 12.0)
                .set("flowM3PerDay", 20_000.0)
                .set("populationServed", 100_000L);
    }

    /** DrugType as a newer producer has it: one more symbol, same name and default. */
    private static Schema drugTypeWith(String symbol) {
        Schema current = Seizure.getClassSchema().getField("drugType").schema();
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        symbols.add(symbol);
        return Schema.createEnum(
                current.getName(), current.getDoc(), current.getNamespace(), symbols, current.getEnumDefault());
    }
}
