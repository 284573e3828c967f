package io.drugwatch.serde;

import java.util.OptionalInt;

/**
 * The registry holds the requested id, but as a schema this client cannot use as Avro (a Protobuf or
 * JSON Schema, or one with schema references). Bytes that point at it are not Avro data.
 */
public class NotAvroSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public NotAvroSchemaException(String message) {
        super(message, OptionalInt.empty(), null);
    }
}
