package io.drugwatch.bench;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.runtime.SimFeed;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.TopicSpecs;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka side of a bench run: client settings, topic set-up, loading the shared events, and
 * waiting until a consumer group has committed everything.
 *
 * @param clientProperties settings every client gets (bootstrap servers and any security settings)
 */
public record BenchCluster(Map<String, Object> clientProperties, Admin admin) {

    /** Creates the topics drugwatch needs for {@code config}, and any extra ones with 4 partitions. */
    public void createTopics(DrugwatchConfig config, List<String> extra) {
        new TopicAdmin(admin).apply(TopicSpecs.of(config), false);
        List<NewTopic> more = extra.stream()
                .map(t -> new NewTopic(t, config.partitions(), (short) 1))
                .toList();
        try {
            admin.createTopics(more).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "creating " + extra + " failed: " + e.getCause().getMessage(), e);
        }
    }

    public Map<String, Object> producer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(overrides);
        return props;
    }

    /**
     * Sends the events as fast as the producer takes them, flushing every {@link SimFeed#LOAD_SLICE} of
     * event time (which says why); @return records per second.
     */
    public double load(BenchData data) {
        long start = System.nanoTime();
        long sliceEnd = data.size() == 0 ? 0 : data.occurredAt()[0] + SimFeed.LOAD_SLICE.toMillis();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                producer(Map.of(
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4")),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < data.size() && failed.get() == null; i++) {
                if (data.occurredAt()[i] >= sliceEnd) {
                    producer.flush();
                    sliceEnd = data.occurredAt()[i] + SimFeed.LOAD_SLICE.toMillis();
                }
                producer.send(
                        new ProducerRecord<>(data.topics()[i], data.keys()[i], data.values()[i]),
                        rememberFailure(failed));
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "loading the bench events failed: " + failed.get().getMessage(), failed.get());
        }
        return data.size() / seconds(start);
    }

    public void loadCounties(Topic<String, County> topic, List<County> counties) {
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<String, County> producer = new KafkaProducer<>(
                producer(Map.of()),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            counties.forEach(
                    c -> producer.send(new ProducerRecord<>(topic.name(), c.getCode(), c), rememberFailure(failed)));
        }
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "loading the counties failed: " + failed.get().getMessage(), failed.get());
        }
    }

    /** A send callback that keeps the first failure, to be thrown once the producer is closed. */
    private static Callback rememberFailure(AtomicReference<Exception> failed) {
        return (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
    }

    /**
     * Waits until {@code group} has committed offsets at the end of {@code topics}.
     *
     * @param alive checked on every poll; waiting stops with an error once it turns false
     * @return nanoTime at which the commit was seen
     */
    public long awaitCommitted(String group, Collection<String> topics, Duration timeout, BooleanSupplier alive)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the application stopped before it consumed its input");
            }
            if (committedAll(group, ends)) {
                return System.nanoTime();
            }
            Thread.sleep(50);
        }
        throw new TimeoutException(group + " did not consume " + topics + " within " + timeout);
    }

    private boolean committedAll(String group, Map<TopicPartition, Long> ends) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            // transaction markers sit after the last record, so a committed offset may pass the end seen earlier
            if (end.getValue() > 0 && (at == null || at.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    public Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                    admin.listOffsets(request).all().get().entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading end offsets of " + topics + " failed: " + e.getCause(), e);
        }
    }

    /** Records in {@code topics}, counting transaction markers too (an upper bound for transactional topics). */
    public long records(Set<String> topics) throws InterruptedException {
        return endOffsets(topics).values().stream().mapToLong(Long::longValue).sum();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
