package io.drugwatch.runtime;

import io.drugwatch.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows output topics from their end and hands every new record to a listener (the live event
 * stream of the HTTP API). It reads topics, not state stores, so every instance of the app sees
 * every update whichever instance produced it.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param consumerProperties a group-less read_committed consumer, as {@code
     *     ClientProperties.consumer} makes it
     * @param topics event name (e.g. "alert") to the topic it comes from
     * @param listener receives the event name and the record
     */
    public LiveFeed(
            Map<String, Object> consumerProperties,
            Map<String, Topic<String, ? extends SpecificRecord>> topics,
            BiConsumer<String, SpecificRecord> listener) {
        Map<String, String> eventByTopic = new HashMap<>();
        topics.forEach((event, topic) -> eventByTopic.put(topic.name(), event));
        this.thread =
                new Thread(() -> follow(consumerProperties, topics, eventByTopic, listener), "drugwatch-live-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(
            Map<String, Object> props,
            Map<String, Topic<String, ? extends SpecificRecord>> topics,
            Map<String, String> eventByTopic,
            BiConsumer<String, SpecificRecord> listener) {
        Map<String, Topic<String, ? extends SpecificRecord>> byName = new HashMap<>();
        topics.values().forEach(t -> byName.put(t.name(), t));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String name : byName.keySet()) {
                consumer.partitionsFor(name, Duration.ofSeconds(30))
                        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        SpecificRecord value = byName.get(r.topic())
                                .valueSerde()
                                .deserializer()
                                .deserialize(r.topic(), r.headers(), r.value());
                        listener.accept(eventByTopic.get(r.topic()), value);
                    } catch (RuntimeException e) {
                        log.warn("live feed skipped a record of {}: {}", r.topic(), e.toString());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.error("live feed stopped: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
