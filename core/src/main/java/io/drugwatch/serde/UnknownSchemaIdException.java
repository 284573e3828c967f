package io.drugwatch.serde;

import java.util.OptionalInt;

/** The registry answered that it has no schema with the requested id (Confluent error 40403). */
public class UnknownSchemaIdException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String message) {
        super(message, OptionalInt.of(ConfluentRegistryProtocol.SCHEMA_NOT_FOUND), null);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
