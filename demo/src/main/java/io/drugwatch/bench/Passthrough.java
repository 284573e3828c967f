package io.drugwatch.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor: one consumer→producer loop that copies the input records to another topic and does
 * nothing else, with the pipeline's cadence (producer linger 100 ms, and a commit every
 * {@code commit.interval.ms}: a transaction, or a flush and an offset commit for at-least-once).
 */
final class Passthrough {

    private final BenchCluster cluster;
    private final List<String> inputs;
    private final String output;
    private final Duration commitInterval;

    Passthrough(BenchCluster cluster, List<String> inputs, String output, Duration commitInterval) {
        this.cluster = cluster;
        this.inputs = inputs;
        this.output = output;
        this.commitInterval = commitInterval;
    }

    /** @return records per second from the first record read until all {@code expected} are committed */
    double run(long expected, boolean transactional, String group) {
        Map<String, Object> consumerProps = new HashMap<>(cluster.clientProperties());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, transactional ? "read_committed" : "read_uncommitted");
        Map<String, Object> overrides = new HashMap<>(Map.of(ProducerConfig.LINGER_MS_CONFIG, 100));
        if (transactional) {
            overrides.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        cluster.producer(overrides), new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(inputs);
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long copied = 0;
            long start = 0;
            long lastCommit = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            while (copied < expected) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (start == 0 && !records.isEmpty()) {
                    start = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(output, null, r.timestamp(), r.key(), r.value(), r.headers()));
                    positions.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    copied++;
                }
                boolean done = copied >= expected;
                if (done || System.nanoTime() - lastCommit >= commitInterval.toNanos()) {
                    if (transactional) {
                        producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
                        producer.commitTransaction();
                        if (!done) {
                            producer.beginTransaction();
                        }
                    } else {
                        // at-least-once: offsets are committed only once the producer has the records
                        producer.flush();
                        consumer.commitAsync(Map.copyOf(positions), null);
                    }
                    lastCommit = System.nanoTime();
                }
            }
            if (!transactional) {
                consumer.commitSync(positions);
            }
            return expected / BenchCluster.seconds(start);
        }
    }
}
