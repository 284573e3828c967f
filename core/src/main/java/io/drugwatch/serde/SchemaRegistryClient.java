package io.drugwatch.serde;

import java.util.List;
import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The slice of Confluent Schema Registry that the Avro serde needs.
 *
 * <p>Implementations must be thread-safe: one client is shared by every serde and stream thread.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}. Idempotent: registering an already registered
     * schema returns its existing id.
     *
     * @return the global schema id
     */
    int register(String subject, Schema schema);

    /**
     * Finds the id of {@code schema} under {@code subject} without registering it, for producers that
     * are not allowed to auto-register.
     *
     * @return the id, or empty if the subject does not exist or does not contain the schema
     */
    OptionalInt lookup(String subject, Schema schema);

    /**
     * Returns the schema with the given global id.
     *
     * @throws UnknownSchemaIdException if the registry has no schema with that id
     */
    Schema schemaById(int id);

    /** Returns the versions registered under {@code subject}, ascending; empty if the subject is unknown. */
    List<Integer> versions(String subject);
}
