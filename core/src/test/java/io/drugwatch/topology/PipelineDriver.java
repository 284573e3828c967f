package io.drugwatch.topology;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Alert;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a TopologyTestDriver, fed and read through the production serdes. */
final class PipelineDriver implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-11-20T00:00:00Z");

    final DrugwatchConfig config;
    final Topics topics;
    final SchemaRegistryClient registry;
    final TopologyTestDriver driver;
    final TestInputTopic<String, Arrest> arrests;
    final TestInputTopic<String, Seizure> seizures;
    final TestInputTopic<String, CheckpointInspection> inspections;
    final TestInputTopic<String, WastewaterSample> wastewater;
    final TestInputTopic<String, County> counties;
    final TestInputTopic<byte[], byte[]> rawArrests;
    final TestInputTopic<byte[], byte[]> rawCounties;
    /** What the global counties processor dead-letters: Kafka Streams sends it to no output topic. */
    final List<ProducerRecord<byte[], byte[]>> countyDeadLetters = new ArrayList<>();

    final TestOutputTopic<String, CountyIndicators> indicators;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestOutputTopic<String, RegionIndicators> regions;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, Alert> alertsCritical;
    final TestOutputTopic<String, Alert> alertsWarning;
    final TestOutputTopic<String, Alert> alertsOpen;

    PipelineDriver() {
        this(Map.of());
    }

    PipelineDriver(Map<String, String> settings) {
        config = DrugwatchConfig.defaults()
                .with(Map.of(
                        DrugwatchConfig.REGISTRY_URL,
                        "mock://" + UUID.randomUUID(),
                        DrugwatchConfig.IDLE_ADVANCE_AFTER,
                        "PT0S"))
                .with(settings);
        registry = new SchemaRegistryClients().forUrl(config.registryUrl());
        topics = Topics.create(config, registry);
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("drugwatch-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(GlobalDeadLetters.CONFIG, (GlobalDeadLetters) countyDeadLetters::add);
        driver = new TopologyTestDriver(IndicatorsTopology.build(config, topics), props, WALL_CLOCK);
        arrests = input(topics.input(EventType.ARREST));
        seizures = input(topics.input(EventType.SEIZURE));
        inspections = input(topics.input(EventType.CHECKPOINT_INSPECTION));
        wastewater = input(topics.input(EventType.WASTEWATER_SAMPLE));
        counties = input(topics.counties());
        rawArrests = driver.createInputTopic(
                topics.input(EventType.ARREST).name(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        rawCounties = driver.createInputTopic(
                topics.counties().name(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        indicators = driver.createOutputTopic(
                topics.countyIndicators().name(),
                topics.countyIndicators().keySerde().deserializer(),
                topics.countyIndicators().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters().name(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        regions = output(topics.regionIndicators());
        alerts = output(topics.alerts());
        alertsCritical = output(topics.alertsCritical());
        alertsWarning = output(topics.alertsWarning());
        alertsOpen = output(topics.alertsOpen());
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    List<TestRecord<String, CountyIndicators>> readIndicators() {
        return indicators.readRecordsToList();
    }

    /** Sum of a drugwatch counter over tasks, restricted to the given tags. */
    double counter(String name, Map<String, String> tags) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals(PipelineMetrics.GROUP)
                    && m.name().equals(name)
                    && m.tags().entrySet().containsAll(tags.entrySet())) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        driver.close();
    }
}
