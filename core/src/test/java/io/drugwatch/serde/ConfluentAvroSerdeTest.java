package io.drugwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.Direction;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.serde.WireFormatException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfluentAvroSerdeTest {

    private final SchemaRegistryClients clients = new SchemaRegistryClients();
    private final InMemorySchemaRegistry registry = (InMemorySchemaRegistry) clients.forUrl("mock://serde-test");
    private final ConfluentAvroSerde<Arrest> arrests = ConfluentAvroSerde.forClass(Arrest.class, registry, true, false);

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of("arrests", TestRecords.arrest()),
                Arguments.of("seizures", TestRecords.seizure()),
                Arguments.of("checkpoint-inspections", TestRecords.inspection()),
                Arguments.of("wastewater-samples", TestRecords.wastewaterSample()),
                Arguments.of("counties", TestRecords.county()),
                Arguments.of("county-indicators", TestRecords.countyIndicators()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void roundTripsEveryRecordType(String topic, T record) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        ConfluentAvroSerde<T> serde = ConfluentAvroSerde.forClass(type, registry, true, false);

        byte[] bytes = serde.serializer().serialize(topic, record);
        T read = serde.deserializer().deserialize(topic, bytes);

        assertThat(read).isEqualTo(record);
        assertThat(registry.versions(topic + "-value")).containsExactly(1);
    }

    @Test
    void writesConfluentWireFormat() throws IOException {
        // Push the id past one byte so the test can tell big-endian from anything else.
        for (int i = 0; i < 300; i++) {
            registry.register(
                    "filler-value",
                    SchemaBuilder.record("Filler" + i)
                            .namespace("test")
                            .fields()
                            .endRecord());
        }
        Arrest arrest = TestRecords.arrest();

        byte[] bytes = arrests.serializer().serialize("arrests", arrest);

        int id = registry.lookup("arrests-value", Arrest.getClassSchema()).orElseThrow();
        assertThat(id).isEqualTo(301);
        byte[] header = ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(header).containsExactly(0, 0, 0, 1, 45);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).containsExactly(plainAvro(arrest));
    }

    @Test
    void nullsPassThrough() {
        assertThat(arrests.serializer().serialize("arrests", null)).isNull();
        assertThat(arrests.deserializer().deserialize("arrests", (byte[]) null)).isNull();
    }

    @Test
    void rejectsBytesThatAreNotConfluentAvro() {
        byte[] random = new byte[64];
        new Random(20240305L).nextBytes(random);
        random[0] = '{';

        assertWireError(random, Kind.NOT_CONFLUENT_AVRO, "first byte is 0x7b");
        assertWireError("{\"eventId\":\"arr-1\"}".getBytes(), Kind.NOT_CONFLUENT_AVRO, "magic byte");
        assertWireError(new byte[] {0, 0, 0}, Kind.NOT_CONFLUENT_AVRO, "3 bytes");
        assertWireError(new byte[0], Kind.NOT_CONFLUENT_AVRO, "0 bytes");
    }

    @Test
    void rejectsUnknownSchemaId() {
        byte[] valid = arrests.serializer().serialize("arrests", TestRecords.arrest());
        ByteBuffer.wrap(valid).putInt(1, 4242);

        WireFormatException e = assertWireError(valid, Kind.UNKNOWN_SCHEMA_ID, "schema id 4242");
        assertThat(e).hasCauseInstanceOf(UnknownSchemaIdException.class);
    }

    @Test
    void rejectsTruncatedBodyAndTrailingBytes() {
        byte[] valid = arrests.serializer().serialize("arrests", TestRecords.arrest());

        assertWireError(Arrays.copyOf(valid, valid.length - 3), Kind.MALFORMED_AVRO, "corrupt or truncated");
        assertWireError(Arrays.copyOf(valid, valid.length + 1), Kind.MALFORMED_AVRO, "unexpected bytes after");
        assertWireError(Arrays.copyOf(valid, 5), Kind.MALFORMED_AVRO, "corrupt or truncated");
    }

    @Test
    void rejectsAnotherRecordTypeAsSchemaMismatch() {
        // A Seizure produced to the arrests topic by mistake, registered under its own subject.
        ConfluentAvroSerde<Seizure> seizures = ConfluentAvroSerde.forClass(Seizure.class, registry, true, false);
        byte[] seizure = seizures.serializer().serialize("seizures", TestRecords.seizure());

        assertWireError(seizure, Kind.SCHEMA_MISMATCH, "io.drugwatch.model.Seizure");
        // The verdict is cached per writer id, and a second attempt fails the same way.
        assertWireError(seizure, Kind.SCHEMA_MISMATCH, "NAME_MISMATCH");
    }

    @Test
    void aSchemaMismatchNamesTheFieldNotItsPosition() throws IOException {
        Schema base = Seizure.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            fields.add(new Schema.Field(
                    field, field.name().equals("quantityGrams") ? Schema.create(Schema.Type.STRING) : field.schema()));
        }
        Schema textGrams = Schema.createRecord(base.getName(), null, base.getNamespace(), false, fields);
        int id = registry.register("seizures-value", textGrams);
        GenericRecord record = new GenericData.Record(textGrams);
        record.put("eventId", "sz-2024-000900");
        record.put("occurredAt", Instant.parse("2024-03-05T03:00:00Z").toEpochMilli());
        record.put("countyCode", TestRecords.RUILI);
        record.put(
                "drugType", new GenericData.EnumSymbol(base.getField("drugType").schema(), "HEROIN"));
        record.put("quantityGrams", "12 kg");
        record.put("source", new GenericData.EnumSymbol(base.getField("source").schema(), "PATROL"));
        ConfluentAvroSerde<Seizure> seizures = ConfluentAvroSerde.forClass(Seizure.class, registry, true, false);

        assertThatThrownBy(() -> seizures.deserializer().deserialize("seizures", confluentBytes(id, record)))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_MISMATCH))
                .hasMessageContaining("TYPE_MISMATCH at /fields/6/type (quantityGrams)");
    }

    @Test
    void readsRecordsFromProducerWithNewerSchema() throws IOException {
        Schema evolved = TestRecords.withOptionalStringField(Arrest.getClassSchema(), "seizureRef");
        int evolvedId = registry.register("arrests-value", evolved);
        Schema offense = evolved.getField("offense").schema();
        Schema drugType = evolved.getField("drugType").schema().getTypes().get(1);
        GenericRecord newer = new GenericData.Record(evolved);
        newer.put("eventId", "arr-2024-000200");
        newer.put("occurredAt", Instant.parse("2024-03-06T11:45:00Z").toEpochMilli());
        newer.put("countyCode", TestRecords.RUILI);
        newer.put("offense", new GenericData.EnumSymbol(offense, "USE"));
        newer.put("suspects", 1);
        newer.put("drugType", new GenericData.EnumSymbol(drugType, "KETAMINE"));
        newer.put("relapse", true);
        newer.put("seizureRef", "sz-2024-000777");

        Arrest read = arrests.deserializer().deserialize("arrests", confluentBytes(evolvedId, newer));

        assertThat(read)
                .isEqualTo(Arrest.newBuilder()
                        .setEventId("arr-2024-000200")
                        .setOccurredAt(Instant.parse("2024-03-06T11:45:00Z"))
                        .setCountyCode(TestRecords.RUILI)
                        .setOffense(Offense.USE)
                        .setSuspects(1)
                        .setDrugType(DrugType.KETAMINE)
                        .setRelapse(true)
                        .build());
    }

    @Test
    void newEnumSymbolFailsOnlyRecordsThatUseIt() throws IOException {
        Schema base = CheckpointInspection.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : base.getFields()) {
            Schema type = field.name().equals("direction")
                    ? Schema.createEnum(
                            "Direction", null, base.getNamespace(), List.of("INBOUND", "OUTBOUND", "TRANSIT"))
                    : field.schema();
            fields.add(new Schema.Field(field, type));
        }
        Schema evolved = Schema.createRecord(base.getName(), null, base.getNamespace(), false, fields);
        int id = registry.register("checkpoint-inspections-value", evolved);
        ConfluentAvroSerde<CheckpointInspection> serde =
                ConfluentAvroSerde.forClass(CheckpointInspection.class, registry, true, false);
        GenericRecord record = new GenericData.Record(evolved);
        record.put("eventId", "ci-2024-104300");
        record.put("occurredAt", Instant.parse("2024-03-05T03:00:00Z").toEpochMilli());
        record.put("countyCode", TestRecords.RUILI);
        record.put("checkpointId", "CP-RL-07");
        record.put("vehicles", 4);
        record.put(
                "outcome",
                new GenericData.EnumSymbol(evolved.getField("outcome").schema(), "CLEAR"));

        record.put(
                "direction",
                new GenericData.EnumSymbol(evolved.getField("direction").schema(), "OUTBOUND"));
        assertThat(serde.deserializer()
                        .deserialize("checkpoint-inspections", confluentBytes(id, record))
                        .getDirection())
                .isEqualTo(Direction.OUTBOUND);

        record.put(
                "direction",
                new GenericData.EnumSymbol(evolved.getField("direction").schema(), "TRANSIT"));
        byte[] transit = confluentBytes(id, record);
        assertThatThrownBy(() -> serde.deserializer().deserialize("checkpoint-inspections", transit))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SCHEMA_MISMATCH))
                .hasMessageContaining("TRANSIT");
    }

    @Test
    void withoutAutoRegisterRequiresRegisteredSchema() {
        ConfluentAvroSerde<Arrest> strict = ConfluentAvroSerde.forClass(Arrest.class, registry, false, false);

        assertThatThrownBy(() -> strict.serializer().serialize("arrests", TestRecords.arrest()))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("io.drugwatch.model.Arrest is not registered under subject 'arrests-value'")
                .hasMessageContaining("auto-registration is off");
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register("arrests-value", Arrest.getClassSchema());
        byte[] bytes = strict.serializer().serialize("arrests", TestRecords.arrest());

        assertThat(ByteBuffer.wrap(bytes).getInt(1)).isEqualTo(id);
        assertThat(strict.deserializer().deserialize("arrests", bytes)).isEqualTo(TestRecords.arrest());
    }

    @Test
    void keySerdeUsesKeySubject() {
        ConfluentAvroSerde<Arrest> keys = ConfluentAvroSerde.forClass(Arrest.class, registry, true, true);

        keys.serializer().serialize("arrests", TestRecords.arrest());

        assertThat(registry.subjects()).containsExactly("arrests-key");
    }

    @Test
    void readsFromByteBuffersWithoutCopying() {
        byte[] bytes = arrests.serializer().serialize("arrests", TestRecords.arrest());
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer heap =
                ByteBuffer.wrap(padded).position(3).slice().position(4).limit(4 + bytes.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        assertThat(arrests.deserializer().deserialize("arrests", new RecordHeaders(), heap))
                .isEqualTo(TestRecords.arrest());
        assertThat(arrests.deserializer().deserialize("arrests", new RecordHeaders(), direct))
                .isEqualTo(TestRecords.arrest());
        assertThat(heap.position()).isEqualTo(4);
    }

    @Test
    void isSafeToShareAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 250; i++) {
                        Arrest arrest = TestRecords.arrest();
                        arrest.setEventId("arr-" + thread + "-" + i);
                        arrest.setSuspects(1 + i);
                        byte[] bytes = arrests.serializer().serialize("arrests", arrest);
                        if (!arrest.equals(arrests.deserializer().deserialize("arrests", bytes))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private WireFormatException assertWireError(byte[] bytes, Kind kind, String messagePart) {
        WireFormatException e = (WireFormatException)
                catchThrowable(() -> arrests.deserializer().deserialize("arrests", bytes));
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage())
                .contains("topic 'arrests'")
                .contains(messagePart)
                .doesNotContain("\n");
        return e;
    }

    private static Throwable catchThrowable(Runnable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(WireFormatException.class);
        return thrown;
    }

    private static byte[] plainAvro(Arrest arrest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Arrest.class).write(arrest, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] confluentBytes(int schemaId, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
