package io.drugwatch.serde;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * A registry client that throws, as a bug, an outage or a refusal would, when asked for one schema
 * id: a record framed with that id ({@link #poison}) fails wherever it is decoded.
 */
public record FailingOnSchemaId(SchemaRegistryClient delegate, Supplier<RuntimeException> failure)
        implements SchemaRegistryClient {

    /** No registry hands out an id this high in a test. */
    public static final int POISONED_ID = 999_999;

    /** The wire-format {@code bytes} (magic byte, schema id, Avro) with the schema id swapped for {@link #POISONED_ID}. */
    public static byte[] poison(byte[] bytes) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(1, POISONED_ID);
        return copy;
    }

    @Override
    public int register(String subject, Schema schema) {
        return delegate.register(subject, schema);
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        return delegate.lookup(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        if (id == POISONED_ID) {
            throw failure.get();
        }
        return delegate.schemaById(id);
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }
}
