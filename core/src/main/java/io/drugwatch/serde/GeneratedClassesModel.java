package io.drugwatch.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro data model for one generated record class and the generated types its schema names.
 *
 * <p>Avro 1.12.2 refuses to load any class named by a schema unless it is trusted JVM-wide (system
 * property {@code org.apache.avro.SERIALIZABLE_PACKAGES} or {@code ClassSecurityValidator.setGlobal}),
 * which breaks plain {@code SpecificDatumReader} use. Instead of widening trust for the whole JVM,
 * this model resolves exactly the classes named by the application's own compiled schema, and only
 * if they are generated Avro types. Writer schemas from the registry never pick classes: Avro asks
 * the model for classes of the reader schema only.
 */
final class GeneratedClassesModel extends SpecificData {

    private final Schema schema;
    private final Map<String, Class<?>> classesByName = new HashMap<>();

    private GeneratedClassesModel(Class<?> type, Schema schema) {
        super(type.getClassLoader());
        this.schema = schema;
        collect(schema, type.getClassLoader());
        // Keep the generated class's conversions (timestamp-millis <-> Instant, decimals).
        SpecificData.getForClass(type).getConversions().forEach(this::addLogicalTypeConversion);
    }

    static GeneratedClassesModel forClass(Class<? extends SpecificRecord> type) {
        return new GeneratedClassesModel(type, SpecificData.get().getSchema(type));
    }

    /**
     * @throws IllegalArgumentException unless {@code schema} is the schema of a generated class on the
     *     class path
     */
    static GeneratedClassesModel forSchema(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "Expected the schema of a generated record class, got a " + schema.getType());
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type =
                load(schema.getFullName(), loader != null ? loader : GeneratedClassesModel.class.getClassLoader());
        if (!SpecificRecord.class.isAssignableFrom(type)
                || !SpecificData.get().getSchema(type).equals(schema)) {
            throw new IllegalArgumentException("Schema " + schema.getFullName()
                    + " is not the class schema of the generated class " + type.getName());
        }
        return new GeneratedClassesModel(type, schema);
    }

    /**
     * Avro's fast reader (a reader compiled per writer/reader schema pair) turns itself off for any
     * subclass of {@code SpecificData}. It builds records through this model's classes, so it is as
     * safe here, and it decodes without the resolving decoder's per-field interpretation.
     */
    @Override
    public boolean isFastReaderEnabled() {
        return true;
    }

    /** The record schema this model was built for. */
    Schema schema() {
        return schema;
    }

    @Override
    public Class getClass(Schema named) {
        Class<?> known = switch (named.getType()) {
            case RECORD, ENUM, FIXED -> classesByName.get(named.getFullName());
            default -> null;
        };
        return known != null ? known : super.getClass(named);
    }

    private void collect(Schema node, ClassLoader loader) {
        switch (node.getType()) {
            case RECORD -> {
                if (register(node, loader, SpecificRecord.class)) {
                    node.getFields().forEach(field -> collect(field.schema(), loader));
                }
            }
            case ENUM -> register(node, loader, Enum.class);
            case FIXED -> register(node, loader, SpecificFixed.class);
            case UNION -> node.getTypes().forEach(branch -> collect(branch, loader));
            case ARRAY -> collect(node.getElementType(), loader);
            case MAP -> collect(node.getValueType(), loader);
            default -> {}
        }
    }

    /** @return false if already registered, which also stops recursion through self-referencing records */
    private boolean register(Schema named, ClassLoader loader, Class<?> expectedKind) {
        if (classesByName.containsKey(named.getFullName())) {
            return false;
        }
        Class<?> type = load(named.getFullName(), loader);
        if (!expectedKind.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro "
                    + named.getType().getName());
        }
        classesByName.put(named.getFullName(), type);
        return true;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No generated class " + name + " on the class path", e);
        }
    }
}
