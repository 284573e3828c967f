package io.drugwatch.serde;

import io.drugwatch.serde.WireFormatException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serde for generated classes in Confluent's wire format, byte-compatible with Confluent's
 * {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} ({@code specific.avro.reader=true}):
 * magic byte 0, the writer schema's registry id as a 4-byte big-endian int, then the Avro binary body.
 * Subjects follow TopicNameStrategy ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>Reading resolves the writer's schema (fetched by id) against {@code T}'s schema, so records from
 * producers on an older or newer compatible schema are read. Failures caused by the bytes throw
 * {@link WireFormatException}; registry failures propagate as {@link SchemaRegistryException}
 * (notably {@link RegistryUnavailableException}, which is not the record's fault).
 *
 * <p>Thread-safe; one instance may serve all stream threads. Configured only through its
 * constructor: {@link #configure} ignores the Kafka config map.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_SIZE = 5;

    /** Per-thread scratch buffers larger than this are dropped after use rather than kept forever. */
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private final Schema schema;
    private final GeneratedClassesModel model;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final String subjectSuffix;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, WriterReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final Serializer<T> serializer = this::serialize;
    private final Deserializer<T> deserializer = new AvroDeserializer();

    /**
     * @param schema {@code T}'s schema ({@code T.getClassSchema()}); used both to write and to read
     * @param autoRegister register the schema on first write (Confluent's {@code auto.register.schemas});
     *     when false the schema must already be registered under the subject
     * @param isKey selects the {@code -key} subject instead of {@code -value}
     * @throws IllegalArgumentException if {@code schema} is not the schema of a generated class on the
     *     class path
     */
    public ConfluentAvroSerde(Schema schema, SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
        this(GeneratedClassesModel.forSchema(schema), registry, autoRegister, isKey);
    }

    private ConfluentAvroSerde(
            GeneratedClassesModel model, SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
        this.model = model;
        this.schema = model.schema();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
        this.subjectSuffix = isKey ? "-key" : "-value";
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forClass(
            Class<T> type, SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
        return new ConfluentAvroSerde<>(GeneratedClassesModel.forClass(type), registry, autoRegister, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    private byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id = schemaIdFor(topic);
        Scratch out = scratch.get();
        out.count = 0;
        out.write(MAGIC_BYTE);
        out.writeInt(id);
        try {
            out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
            writer.write(record, out.encoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize " + schema.getFullName() + " for topic '" + topic + "': " + e.getMessage(), e);
        }
        return out.takeBytes();
    }

    private int schemaIdFor(String topic) {
        Integer id = idsByTopic.get(topic);
        if (id != null) {
            return id;
        }
        String subject = topic + subjectSuffix;
        int resolved = autoRegister
                ? registry.register(subject, schema)
                : registry.lookup(subject, schema)
                        .orElseThrow(() -> new SchemaRegistryException(
                                "Schema " + schema.getFullName() + " is not registered under subject '" + subject
                                        + "' and auto-registration is off; register it first"));
        idsByTopic.put(topic, resolved);
        return resolved;
    }

    private T deserialize(String topic, byte[] data, int offset, int length) {
        if (length < HEADER_SIZE) {
            throw wireError(
                    Kind.NOT_CONFLUENT_AVRO,
                    topic,
                    length + " bytes, shorter than the 5-byte header (magic byte 0 + schema id)",
                    null);
        }
        if (data[offset] != MAGIC_BYTE) {
            throw wireError(
                    Kind.NOT_CONFLUENT_AVRO,
                    topic,
                    String.format("first byte is 0x%02x, expected the magic byte 0x00", data[offset]),
                    null);
        }
        int id = ByteBuffer.wrap(data, offset + 1, 4).getInt();
        WriterReader<T> reader = readerFor(topic, id);
        Scratch in = scratch.get();
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(data, offset + HEADER_SIZE, length - HEADER_SIZE, in.decoder);
        in.decoder = decoder;
        T value;
        boolean trailingBytes;
        try {
            value = reader.datumReader().read(null, decoder);
            trailingBytes = !decoder.isEnd();
        } catch (AvroTypeException e) {
            // Only a writer enum symbol the reader lacks fails at read time; see WriterReader.
            Kind kind = reader.mayLackEnumSymbols() ? Kind.SCHEMA_MISMATCH : Kind.MALFORMED_AVRO;
            throw wireError(kind, topic, "schema id " + id + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw wireError(
                    Kind.MALFORMED_AVRO, topic, "schema id " + id + ": corrupt or truncated Avro body: " + e, e);
        }
        if (trailingBytes) {
            throw wireError(
                    Kind.MALFORMED_AVRO, topic, "schema id " + id + ": unexpected bytes after the Avro record", null);
        }
        return value;
    }

    private WriterReader<T> readerFor(String topic, int id) {
        WriterReader<T> reader = readersByWriterId.get(id);
        if (reader == null) {
            Schema writerSchema;
            try {
                writerSchema = registry.schemaById(id);
            } catch (UnknownSchemaIdException e) {
                throw wireError(Kind.UNKNOWN_SCHEMA_ID, topic, "schema id " + id + " is not in the schema registry", e);
            } catch (NotAvroSchemaException e) {
                throw wireError(Kind.NOT_CONFLUENT_AVRO, topic, e.getMessage(), e);
            }
            reader = WriterReader.resolve(id, writerSchema, schema, model);
            readersByWriterId.put(id, reader);
        }
        if (reader.mismatch() != null) {
            throw wireError(Kind.SCHEMA_MISMATCH, topic, reader.mismatch(), null);
        }
        return reader;
    }

    private WireFormatException wireError(Kind kind, String topic, String detail, Throwable cause) {
        String message = "Cannot read " + schema.getFullName() + " from topic '" + topic + "': " + detail;
        String oneLine = message.replaceAll("\\s+", " ");
        return new WireFormatException(
                kind, oneLine.length() > 500 ? oneLine.substring(0, 497) + "..." : oneLine, cause);
    }

    /**
     * How to read one writer schema as {@code T}, decided once per writer id.
     *
     * @param mismatch why the writer can never be read as {@code T}, or null
     * @param mayLackEnumSymbols the writer has enum symbols {@code T} lacks (with no default). Avro only
     *     fails on records that actually use such a symbol, so those records are mismatches and the
     *     rest are fine.
     */
    private record WriterReader<T>(SpecificDatumReader<T> datumReader, String mismatch, boolean mayLackEnumSymbols) {

        static <T> WriterReader<T> resolve(int id, Schema writer, Schema reader, GeneratedClassesModel model) {
            SpecificDatumReader<T> datumReader = new SpecificDatumReader<>(writer, reader, model);
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (compatibility.getType() == SchemaCompatibilityType.COMPATIBLE) {
                return new WriterReader<>(datumReader, null, false);
            }
            List<Incompatibility> problems = compatibility.getResult().getIncompatibilities();
            Incompatibility fatal = problems.stream()
                    .filter(p -> p.getType() != SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS)
                    .findFirst()
                    .orElse(null);
            if (fatal == null) {
                return new WriterReader<>(datumReader, null, true);
            }
            String mismatch = "writer schema id " + id + " (" + writer.getFullName() + ") is incompatible: "
                    + fatal.getType() + " at " + fatal.getLocation() + fieldNames(reader, fatal.getLocation()) + ": "
                    + fatal.getMessage();
            return new WriterReader<>(datumReader, mismatch, false);
        }
    }

    /**
     * The reader's field names along an incompatibility's location such as {@code /fields/6/type}, as
     * {@code " (quantityGrams)"}, so a dead letter names the field instead of its position.
     */
    private static String fieldNames(Schema reader, String location) {
        List<String> names = new java.util.ArrayList<>();
        Schema at = reader;
        String[] steps = location.split("/");
        for (int i = 0; i < steps.length - 1; i++) {
            if (at.getType() == Schema.Type.RECORD && steps[i].equals("fields") && steps[i + 1].matches("\\d{1,9}")) {
                int index = Integer.parseInt(steps[i + 1]);
                if (index >= at.getFields().size()) {
                    break;
                }
                Schema.Field field = at.getFields().get(index);
                names.add(field.name());
                at = field.schema();
                i++;
            } else if (steps[i].equals("items") && at.getType() == Schema.Type.ARRAY) {
                at = at.getElementType();
            } else if (steps[i].equals("values") && at.getType() == Schema.Type.MAP) {
                at = at.getValueType();
            }
        }
        return names.isEmpty() ? "" : " (" + String.join(".", names) + ")";
    }

    private final class AvroDeserializer implements Deserializer<T> {

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : ConfluentAvroSerde.this.deserialize(topic, data, 0, data.length);
        }

        /** Plain consumers hand over a buffer; reading it in place saves a copy per record. */
        @Override
        public T deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null) {
                return null;
            }
            if (data.hasArray()) {
                return ConfluentAvroSerde.this.deserialize(
                        topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
            }
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return ConfluentAvroSerde.this.deserialize(topic, copy, 0, copy.length);
        }
    }

    /**
     * Per-thread output buffer plus reusable encoder and decoder. A plain unsynchronised stream, since
     * {@code ByteArrayOutputStream} would lock on every byte the direct encoder writes.
     */
    private static final class Scratch extends OutputStream {
        byte[] buffer = new byte[256];
        int count;
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        @Override
        public void write(int b) {
            ensureCapacity(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensureCapacity(length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        void writeInt(int value) {
            ensureCapacity(4);
            buffer[count++] = (byte) (value >>> 24);
            buffer[count++] = (byte) (value >>> 16);
            buffer[count++] = (byte) (value >>> 8);
            buffer[count++] = (byte) value;
        }

        byte[] takeBytes() {
            byte[] bytes = Arrays.copyOf(buffer, count);
            if (buffer.length > MAX_RETAINED_BUFFER) {
                buffer = new byte[256];
            }
            return bytes;
        }

        private void ensureCapacity(int extra) {
            if (count + extra > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + extra));
            }
        }
    }
}
