package io.drugwatch.jsonl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON for our Avro records, as people write it: field names as in the schemas, timestamps as
 * ISO-8601 text (epoch milliseconds are accepted on input), enums as their names, an optional field
 * either absent, null or its value. Avro's own JSON encoding wraps unions ({"string": "x"}), which
 * nobody writes by hand, hence this converter.
 */
public final class AvroJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    /** Parses one JSON object into a record of {@code type}; throws {@link IllegalArgumentException} naming the field. */
    public static <T extends SpecificRecord> T parse(String json, Class<T> type) {
        T fast = parseStreaming(json, type);
        return fast != null ? fast : parseTree(json, type);
    }

    /**
     * {@link #parse} for the common case, reading tokens without building a tree (replays parse tens of
     * millions of lines): null whenever the line is anything but a plain valid record (an unknown or
     * repeated field, a value of another type, a number out of range, anything unexpected), and then
     * {@link #parseTree} decides, with its error message.
     */
    static <T extends SpecificRecord> T parseStreaming(String json, Class<T> type) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            T record = newInstance(type);
            Schema schema = record.getSchema();
            List<Schema.Field> fields = schema.getFields();
            boolean[] seen = new boolean[fields.size()];
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                Schema.Field field = schema.getField(p.currentName());
                if (field == null || seen[field.pos()]) {
                    return null;
                }
                seen[field.pos()] = true;
                p.nextToken();
                Object value = streamed(p, field.schema());
                if (value == NO_VALUE) {
                    return null;
                }
                record.put(field.pos(), value);
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
            for (Schema.Field field : fields) {
                if (!seen[field.pos()]) {
                    if (!field.hasDefaultValue()) {
                        return null;
                    }
                    record.put(field.pos(), SpecificData.get().getDefaultValue(field));
                }
            }
            return record;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final Object NO_VALUE = new Object();

    /** The value at the parser's current token as {@link #fromJson} would make it, or {@link #NO_VALUE}. */
    private static Object streamed(JsonParser p, Schema schema) throws IOException {
        JsonToken t = p.currentToken();
        switch (schema.getType()) {
            case UNION:
                if (t == JsonToken.VALUE_NULL) {
                    for (Schema branch : schema.getTypes()) {
                        if (branch.getType() == Schema.Type.NULL) {
                            return null;
                        }
                    }
                    return NO_VALUE;
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return streamed(p, branch);
                    }
                }
                return NO_VALUE;
            case STRING:
                return t == JsonToken.VALUE_STRING ? p.getText() : NO_VALUE;
            case INT:
                return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        ? (Object) p.getIntValue()
                        : NO_VALUE;
            case LONG: {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    JsonParser.NumberType n = p.getNumberType();
                    if (n != JsonParser.NumberType.INT && n != JsonParser.NumberType.LONG) {
                        return NO_VALUE;
                    }
                    long v = p.getLongValue();
                    return isTimestamp(schema) ? Instant.ofEpochMilli(v) : (Object) v;
                }
                if (t == JsonToken.VALUE_STRING && isTimestamp(schema)) {
                    try {
                        return timestamp(NODES.textNode(p.getText()), "");
                    } catch (IllegalArgumentException e) {
                        return NO_VALUE;
                    }
                }
                return NO_VALUE;
            }
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getNumberType() == JsonParser.NumberType.DOUBLE ? (Object) p.getDoubleValue() : NO_VALUE;
                }
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    JsonParser.NumberType n = p.getNumberType();
                    return n == JsonParser.NumberType.INT
                            ? (Object) (double) p.getIntValue()
                            : n == JsonParser.NumberType.LONG ? (Object) (double) p.getLongValue() : NO_VALUE;
                }
                return t == JsonToken.VALUE_STRING && p.getText().equals("NaN") ? (Object) Double.NaN : NO_VALUE;
            case BOOLEAN:
                return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : NO_VALUE;
            case ENUM:
                return t == JsonToken.VALUE_STRING && schema.hasEnumSymbol(p.getText())
                        ? enumSymbol(schema, p.getText())
                        : NO_VALUE;
            default:
                return NO_VALUE;
        }
    }

    /** {@link #parse} by way of a Jackson tree: the reference, and what decides every line the streaming parse leaves. */
    static <T extends SpecificRecord> T parseTree(String json, Class<T> type) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        T record = newInstance(type);
        Schema schema = record.getSchema();
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            Object converted;
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException("missing field '" + field.name() + "'");
                }
                converted = SpecificData.get().getDefaultValue(field);
            } else {
                converted = fromJson(value, field.schema(), field.name());
            }
            record.put(field.pos(), converted);
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException("unknown field '" + name + "' for " + schema.getName());
            }
        }
        return record;
    }

    private static Object fromJson(JsonNode value, Schema schema, String field) {
        switch (schema.getType()) {
            case UNION:
                if (value.isNull()) {
                    if (schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                        return null;
                    }
                    throw new IllegalArgumentException("field '" + field + "' must not be null");
                }
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return fromJson(value, branch, field);
                    }
                }
                throw new IllegalArgumentException("field '" + field + "' has no non-null type");
            case STRING:
                require(value.isTextual(), field, "text");
                return value.asText();
            case INT:
                require(value.isIntegralNumber() && value.canConvertToInt(), field, "a whole number");
                return value.intValue();
            case LONG:
                if (isTimestamp(schema)) {
                    return timestamp(value, field);
                }
                require(value.isIntegralNumber() && value.canConvertToLong(), field, "a whole number");
                return value.longValue();
            case DOUBLE:
                if (value.isTextual() && value.asText().equals("NaN")) {
                    return Double.NaN;
                }
                require(value.isNumber(), field, "a number");
                return value.doubleValue();
            case BOOLEAN:
                require(value.isBoolean(), field, "true or false");
                return value.booleanValue();
            case ENUM:
                require(
                        value.isTextual() && schema.getEnumSymbols().contains(value.asText()),
                        field,
                        "one of " + schema.getEnumSymbols());
                return enumSymbol(schema, value.asText());
            case MAP:
                require(value.isObject(), field, "an object");
                Map<String, Object> map = new LinkedHashMap<>();
                value.fields()
                        .forEachRemaining(e -> map.put(
                                e.getKey(), fromJson(e.getValue(), schema.getValueType(), field + "." + e.getKey())));
                return map;
            default:
                throw new IllegalArgumentException("field '" + field + "' has unsupported type " + schema.getType());
        }
    }

    // Generated classes are instantiated directly: Avro's class lookup by schema name refuses
    // packages that are not on its trusted list.
    private static <T> T newInstance(Class<T> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + type, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumSymbol(Schema schema, String symbol) {
        Class<? extends Enum> type = ENUMS.computeIfAbsent(schema.getFullName(), name -> {
            try {
                return (Class<? extends Enum>) Class.forName(name, true, AvroJson.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no generated class for enum " + name, e);
            }
        });
        return Enum.valueOf(type, symbol);
    }

    @SuppressWarnings("rawtypes")
    private static final Map<String, Class<? extends Enum>> ENUMS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Instant timestamp(JsonNode value, String field) {
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        require(value.isTextual(), field, "an ISO-8601 timestamp or epoch milliseconds");
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(
                        "field '" + field + "' is not an ISO-8601 timestamp with zone: '" + value.asText() + "'");
            }
        }
    }

    private static void require(boolean ok, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("field '" + field + "' must be " + expected);
        }
    }

    private static boolean isTimestamp(Schema schema) {
        LogicalType type = schema.getLogicalType();
        return type instanceof LogicalTypes.TimestampMillis;
    }

    /**
     * One line of JSON with the fields in schema order, so the same record always prints the same bytes:
     * those of {@link #toJson} written by Jackson, streamed without building the tree (replays format
     * millions of records).
     */
    public static String format(SpecificRecord record) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(g, record, record.getSchema());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Writes what {@link #toJson(Object, Schema)} builds, node for node. */
    private static void write(JsonGenerator g, Object value, Schema schema) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        switch (schema.getType()) {
            case RECORD: {
                g.writeStartObject();
                SpecificRecord r = (SpecificRecord) value;
                for (Schema.Field f : schema.getFields()) {
                    g.writeFieldName(f.name());
                    write(g, r.get(f.pos()), f.schema());
                }
                g.writeEndObject();
                return;
            }
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        write(g, value, branch);
                        return;
                    }
                }
                g.writeNull();
                return;
            case LONG:
                if (isTimestamp(schema)) {
                    g.writeString(((Instant) value).toString());
                } else {
                    g.writeNumber(((Number) value).longValue());
                }
                return;
            case INT:
                g.writeNumber(((Number) value).intValue());
                return;
            case DOUBLE: {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Double.toString(d));
                }
                return;
            }
            case BOOLEAN:
                g.writeBoolean((Boolean) value);
                return;
            case MAP: {
                g.writeStartObject();
                List<Map.Entry<?, ?>> entries = new ArrayList<>(((Map<?, ?>) value).entrySet());
                entries.sort(
                        (a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
                for (Map.Entry<?, ?> e : entries) {
                    g.writeFieldName(e.getKey().toString());
                    write(g, e.getValue(), schema.getValueType());
                }
                g.writeEndObject();
                return;
            }
            default:
                g.writeString(value.toString());
        }
    }

    public static ObjectNode toJson(SpecificRecord record) {
        return (ObjectNode) toJson(record, record.getSchema());
    }

    private static JsonNode toJson(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD: {
                ObjectNode node = NODES.objectNode();
                SpecificRecord r = (SpecificRecord) value;
                for (Schema.Field f : schema.getFields()) {
                    node.set(f.name(), toJson(r.get(f.pos()), f.schema()));
                }
                return node;
            }
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return toJson(value, branch);
                    }
                }
                return NODES.nullNode();
            case LONG:
                if (isTimestamp(schema)) {
                    return NODES.textNode(((Instant) value).toString());
                }
                return NODES.numberNode(((Number) value).longValue());
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case DOUBLE: {
                double d = (Double) value;
                return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case MAP: {
                ObjectNode node = NODES.objectNode();
                ((Map<?, ?>) value)
                        .entrySet().stream()
                                .sorted(Map.Entry.comparingByKey(
                                        (a, b) -> a.toString().compareTo(b.toString())))
                                .forEach(e ->
                                        node.set(e.getKey().toString(), toJson(e.getValue(), schema.getValueType())));
                return node;
            }
            default:
                return NODES.textNode(value.toString());
        }
    }
}
