package io.drugwatch.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory: backs {@code mock://} URLs in tests and the embedded
 * {@code SchemaRegistryServer}.
 *
 * <p>Follows Confluent's id rules: ids are global and start at 1, one schema gets one id whatever
 * subject it is registered under, and versions count from 1 per subject. Like Confluent, two schemas
 * are "the same" when their full JSON ({@link Schema#toString()}) is equal. Parsing Canonical Form
 * would be too coarse (it drops defaults and logical types, which readers need), and
 * {@link Schema#equals} ignores docs, so the schema returned by id could differ from the one a
 * producer registered.
 *
 * <p>Compatibility is not checked on registration. Thread-safe; every method takes the instance
 * lock, which is fine because the serde caches what it gets from here.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /**
     * Where new registrations are made durable before they take effect. Ids follow from the order of
     * registrations alone, so replaying the same log into a new registry gives the same ids.
     */
    @FunctionalInterface
    public interface RegistrationLog {
        void append(String subject, Schema schema);
    }

    private final RegistrationLog log;
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, Integer> idsBySchemaJson = new HashMap<>();
    /** Subject -> ids by version - 1; versions are never deleted, so a list is enough. */
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();

    /** A registry that lives and dies with this object. */
    public InMemorySchemaRegistry() {
        this((subject, schema) -> {});
    }

    public InMemorySchemaRegistry(RegistrationLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        String json = schema.toString();
        Integer known = idsBySchemaJson.get(json);
        if (known == null || !idsBySubject.getOrDefault(subject, List.of()).contains(known)) {
            log.append(subject, schema);
        }
        return apply(subject, schema);
    }

    /** Re-applies a registration read back from a {@link RegistrationLog}, without logging it again. */
    public synchronized int restore(String subject, Schema schema) {
        return apply(subject, schema);
    }

    private int apply(String subject, Schema schema) {
        String json = schema.toString();
        Integer id = idsBySchemaJson.get(json);
        if (id == null) {
            schemasById.add(schema);
            id = schemasById.size();
            idsBySchemaJson.put(json, id);
        }
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized OptionalInt lookup(String subject, Schema schema) {
        return find(subject, schema).map(r -> OptionalInt.of(r.id())).orElse(OptionalInt.empty());
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new UnknownSchemaIdException(id, "Schema id " + id + " not found in the in-memory registry");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        int count = idsBySubject.getOrDefault(subject, List.of()).size();
        List<Integer> versions = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            versions.add(v);
        }
        return versions;
    }

    /** All subjects, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The version of {@code subject} that holds {@code schema}, if any. */
    public synchronized Optional<RegisteredSchema> find(String subject, Schema schema) {
        Integer id = idsBySchemaJson.get(schema.toString());
        List<Integer> ids = idsBySubject.get(subject);
        if (id == null || ids == null || !ids.contains(id)) {
            return Optional.empty();
        }
        return Optional.of(registered(subject, ids.indexOf(id) + 1, id));
    }

    /** Version {@code version} (1-based) of {@code subject}, if both exist. */
    public synchronized Optional<RegisteredSchema> version(String subject, int version) {
        List<Integer> ids = idsBySubject.get(subject);
        if (ids == null || version < 1 || version > ids.size()) {
            return Optional.empty();
        }
        return Optional.of(registered(subject, version, ids.get(version - 1)));
    }

    /** The newest version of {@code subject}, if the subject exists. */
    public synchronized Optional<RegisteredSchema> latest(String subject) {
        List<Integer> ids = idsBySubject.get(subject);
        return ids == null ? Optional.empty() : version(subject, ids.size());
    }

    private RegisteredSchema registered(String subject, int version, int id) {
        return new RegisteredSchema(subject, version, id, schemasById.get(id - 1));
    }
}
