package io.drugwatch.topics;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.Alert;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.serde.ConfluentAvroSerde;
import io.drugwatch.serde.SchemaRegistryClient;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic drugwatch reads or writes, named from config. Values are Avro in the Confluent wire
 * format, keys plain strings; dead letters keep the original bytes of whatever arrived.
 */
public record Topics(
        Topic<String, Arrest> arrests,
        Topic<String, Seizure> seizures,
        Topic<String, CheckpointInspection> checkpointInspections,
        Topic<String, WastewaterSample> wastewaterSamples,
        Topic<String, County> counties,
        Topic<String, CountyIndicators> countyIndicators,
        Topic<String, RegionIndicators> regionIndicators,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, Alert> alerts,
        Topic<String, Alert> alertsCritical,
        Topic<String, Alert> alertsWarning,
        Topic<String, Alert> alertsOpen) {

    public static Topics create(DrugwatchConfig config, SchemaRegistryClient registry) {
        boolean autoRegister = config.autoRegisterSchemas();
        return new Topics(
                avro(config.topic("arrests"), Arrest.getClassSchema(), registry, autoRegister),
                avro(config.topic("seizures"), Seizure.getClassSchema(), registry, autoRegister),
                avro(
                        config.topic("checkpoint-inspections"),
                        CheckpointInspection.getClassSchema(),
                        registry,
                        autoRegister),
                avro(config.topic("wastewater-samples"), WastewaterSample.getClassSchema(), registry, autoRegister),
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

    public List<Topic<?, ?>> all() {
        return List.of(
                arrests,
                seizures,
                checkpointInspections,
                wastewaterSamples,
                counties,
                countyIndicators,
                regionIndicators,
                deadLetters,
                alerts,
                alertsCritical,
                alertsWarning,
                alertsOpen);
    }
}
