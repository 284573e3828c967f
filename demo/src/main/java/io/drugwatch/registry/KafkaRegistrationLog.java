package io.drugwatch.registry;

import io.drugwatch.serde.InMemorySchemaRegistry;
import io.drugwatch.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the embedded registry's registrations in a single-partition compacted topic, so schema ids
 * survive a restart. A record is one registration: key {@code subject|sha256(schema)} (unique, so
 * compaction keeps every one) and the schema JSON as value; replaying them in offset order gives the
 * same ids again. The record format is ours, not Confluent's {@code _schemas}.
 */
public final class KafkaRegistrationLog implements InMemorySchemaRegistry.RegistrationLog, AutoCloseable {

    public static final String DEFAULT_TOPIC = "_drugwatch-schemas";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final KafkaProducer<String, String> producer;

    private KafkaRegistrationLog(String topic, KafkaProducer<String, String> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Reads every registration back into a new registry that logs new ones to the same topic. */
    public static Restored open(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> producerProps = new java.util.HashMap<>(clientProperties);
        producerProps.keySet().retainAll(ProducerConfig.configNames());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaRegistrationLog log = new KafkaRegistrationLog(
                topic, new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer()));
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(log);
        int restored = 0;
        Map<String, Object> consumerProps = new java.util.HashMap<>(clientProperties);
        consumerProps.keySet().retainAll(ConsumerConfig.configNames());
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            List<TopicPartition> partitions = List.of(partition);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions, TIMEOUT).get(partition);
            while (consumer.position(partition, TIMEOUT) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String subject = r.key().substring(0, r.key().lastIndexOf('|'));
                    registry.restore(subject, new Schema.Parser().parse(r.value()));
                    restored++;
                }
            }
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return new Restored(registry, log, restored);
    }

    public record Restored(InMemorySchemaRegistry registry, KafkaRegistrationLog log, int registrations) {}

    @Override
    public void append(String subject, Schema schema) {
        String json = schema.toString();
        try {
            producer.send(new ProducerRecord<>(topic, 0, subject + '|' + sha256(json), json))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryUnavailableException(
                    "cannot store the schema for " + subject + " in " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while storing a schema", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
