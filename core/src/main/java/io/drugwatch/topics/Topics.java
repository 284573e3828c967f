package io.drugwatch.topics;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Alert;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.serde.ConfluentAvroSerde;
import io.drugwatch.serde.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic drugwatch reads or writes, named from config. Values are Avro in the Confluent wire
 * format, keys plain strings; dead letters keep the original bytes of whatever arrived. The input
 * topics are one per {@link EventType}, in {@link EventType#ALL} order.
 */
public record Topics(
        Map<EventType<?>, Topic<String, ?>> inputs,
        Topic<String, County> counties,
        Topic<String, CountyIndicators> countyIndicators,
        Topic<String, RegionIndicators> regionIndicators,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, Alert> alerts,
        Topic<String, Alert> alertsCritical,
        Topic<String, Alert> alertsWarning,
        Topic<String, Alert> alertsOpen) {

    public Topics {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    public static Topics create(DrugwatchConfig config, SchemaRegistryClient registry) {
        boolean autoRegister = config.autoRegisterSchemas();
        Map<EventType<?>, Topic<String, ?>> inputs = new LinkedHashMap<>();
        for (EventType<?> type : EventType.ALL) {
            inputs.put(type, avro(config.topic(type.input()), type.schema(), registry, autoRegister));
        }
        return new Topics(
                inputs,
                avro(config.topic("counties"), County.getClassSchema(), registry, autoRegister),
                avro(config.topic("county-indicators"), CountyIndicators.getClassSchema(), registry, autoRegister),
                avro(config.topic("region-indicators"), RegionIndicators.getClassSchema(), registry, autoRegister),
                new Topic<>(config.topic("dead-letters"), Serdes.ByteArray(), Serdes.ByteArray()),
                avro(config.topic("alerts"), Alert.getClassSchema(), registry, autoRegister),
                avro(config.topic("alerts-critical"), Alert.getClassSchema(), registry, autoRegister),
                avro(config.topic("alerts-warning"), Alert.getClassSchema(), registry, autoRegister),
                avro(config.topic("alerts-open"), Alert.getClassSchema(), registry, autoRegister));
    }

    private static <V extends SpecificRecord> Topic<String, V> avro(
            String name, Schema schema, SchemaRegistryClient registry, boolean autoRegister) {
        Serde<V> values = new ConfluentAvroSerde<>(schema, registry, autoRegister, false);
        return new Topic<>(name, Serdes.String(), values);
    }

    /** The input topic of {@code type}. */
    @SuppressWarnings("unchecked") // create() builds each input's serde from that input's own schema
    public <T extends SpecificRecord> Topic<String, T> input(EventType<T> type) {
        Topic<String, ?> topic = inputs.get(type);
        if (topic == null) {
            throw new IllegalArgumentException("no topic for input " + type);
        }
        return (Topic<String, T>) topic;
    }

    /** The input topics' names, in {@link EventType#ALL} order. */
    public List<String> inputNames() {
        return inputs.values().stream().map(Topic::name).toList();
    }

    /** {@code record}, which must be of {@code type}'s record class, in the wire format of its input topic. */
    public <T extends SpecificRecord> byte[] serialize(EventType<T> type, SpecificRecord record) {
        Topic<String, T> topic = input(type);
        return topic.valueSerde().serializer().serialize(topic.name(), type.cast(record));
    }

    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>(inputs.values());
        all.addAll(List.of(
                counties,
                countyIndicators,
                regionIndicators,
                deadLetters,
                alerts,
                alertsCritical,
                alertsWarning,
                alertsOpen));
        return all;
    }
}
