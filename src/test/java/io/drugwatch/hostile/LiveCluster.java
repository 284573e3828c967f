package io.drugwatch.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.EmbeddedSchemaRegistry;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.topics.TopicSpecs;
import io.drugwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A real in-process broker and REST schema registry with drugwatch's topics created, plus the
 * raw-bytes producing and reading the hostile-input tests need.
 */
final class LiveCluster implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration WAIT = Duration.ofSeconds(90);

    final EmbeddedKafka kafka;
    final EmbeddedSchemaRegistry registry;
    final HttpSchemaRegistryClient registryClient;
    final DrugwatchConfig config;
    final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;

    LiveCluster(Path dir) throws IOException {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0).withDataDir(dir.resolve("kafka")));
        registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0);
        registryClient = new HttpSchemaRegistryClient(registry.url());
        config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DrugwatchConfig.REGISTRY_URL, registry.url(),
                DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S",
                DrugwatchConfig.PARTITIONS, "2",
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"));
        topics = Topics.create(config, registryClient);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(new TopicAdmin(admin).apply(TopicSpecs.of(config), false)).allMatch(TopicAdmin.Outcome::ok);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                // the broker, not this producer, decides what is too large
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Instant local(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(ZONE).toInstant();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends bytes as they are, in order, and waits for the broker's ack. The explicit timestamp is
     * replaced by the broker: input topics use LogAppendTime, as in production.
     */
    RecordMetadata send(String topic, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Confluent wire format: magic byte 0, the 4-byte schema id, then the Avro binary body. */
    static byte[] wire(int schemaId, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a topic from the start (committed records only) until {@code done} holds for all read so far. */
    <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> values,
                                                 Predicate<List<ConsumerRecord<String, V>>> done) {
        return read(topic, values, done, WAIT, true);
    }

    /** Everything committed on a topic within {@code quiet}: for asserting that nothing more arrives. */
    <V> List<ConsumerRecord<String, V>> readFor(String topic, Deserializer<V> values, Duration quiet) {
        return read(topic, values, r -> false, quiet, false);
    }

    private <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> values,
                                                    Predicate<List<ConsumerRecord<String, V>>> done, Duration limit,
                                                    boolean failOnTimeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + limit.toNanos();
            while (!done.test(seen)) {
                if (System.nanoTime() > deadline) {
                    assertThat(failOnTimeout).as("timed out waiting for %s; read %d records", topic, seen.size())
                            .isFalse();
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    V v = values.deserialize(topic, r.headers(), r.value());
                    seen.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                            r.timestampType(), r.serializedKeySize(), r.serializedValueSize(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), v, r.headers(),
                            r.leaderEpoch()));
                }
            }
        }
        return seen;
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static boolean hasFinal(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        return records.stream().anyMatch(r -> r.key().equals(key) && r.value().getFinal$());
    }

    static CountyIndicators finalOf(List<ConsumerRecord<String, CountyIndicators>> records, String key) {
        List<CountyIndicators> found = records.stream().filter(r -> r.key().equals(key) && r.value().getFinal$())
                .map(ConsumerRecord::value).toList();
        assertThat(found).as("finals of %s", key).hasSize(1);
        return found.get(0);
    }

    /** A drugwatch counter summed over tasks, grouped by one tag (e.g. reason). */
    static Map<String, Double> counterBy(KafkaStreams streams, String name, String tag) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals("drugwatch") && m.name().equals(name)) {
                out.merge(m.tags().getOrDefault(tag, ""), ((Number) e.getValue().metricValue()).doubleValue(),
                        Double::sum);
            }
        }
        return out;
    }

    static double counter(KafkaStreams streams, String name) {
        return counterBy(streams, name, "topic").values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public void close() {
        producer.close();
        registry.close();
        kafka.close();
    }
}
