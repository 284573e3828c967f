package io.drugwatch.serde;

import org.apache.avro.Schema;

/** One version of a subject, as the registry's {@code /subjects/{s}/versions/{v}} reports it. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
