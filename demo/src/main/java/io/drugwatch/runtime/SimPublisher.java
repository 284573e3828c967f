package io.drugwatch.runtime;

import io.drugwatch.sim.SimEvent;
import io.drugwatch.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated events to the input topics in the production wire format; poison pills go out as
 * their raw bytes. Record timestamps are left to the producer's clock: back-filled history carries
 * its age in occurredAt, not in the Kafka timestamp, which retention would otherwise act on.
 */
public final class SimPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    public SimPublisher(Map<String, Object> producerProperties, Topics all) {
        Map<String, Object> props = new HashMap<>(producerProperties);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = all;
    }

    public void send(SimEvent event) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("sending events failed: " + failed.getMessage(), failed);
        }
        String topic = topics.input(event.input()).name();
        byte[] value = event.isPoisonPill() ? event.payload() : topics.serialize(event.input(), event.record());
        producer.send(new ProducerRecord<>(topic, event.key(), value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        sent++;
    }

    public long sent() {
        return sent;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
