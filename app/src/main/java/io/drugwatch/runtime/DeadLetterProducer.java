package io.drugwatch.runtime;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.topology.GlobalDeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the dead letters of the global counties processor, to which Kafka Streams gives no producer:
 * an idempotent producer of its own, outside the pipeline's transactions, created at the first dead
 * letter so that an instance with good reference data opens no extra connection.
 */
final class DeadLetterProducer implements GlobalDeadLetters, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProducer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> config;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    DeadLetterProducer(DrugwatchConfig config) {
        this.config = ClientProperties.producer(config);
    }

    @Override
    public synchronized void send(ProducerRecord<byte[], byte[]> deadLetter) {
        if (closed) {
            return;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        producer.send(deadLetter, (metadata, error) -> {
            if (error != null) {
                // the record stays in its topic: the next load of the store from there judges it again
                log.error(
                        "could not send the dead letter of {} offset {} to {}: {}",
                        header(deadLetter, "dlq.source.topic"),
                        header(deadLetter, "dlq.source.offset"),
                        deadLetter.topic(),
                        error.toString());
            }
        });
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Sends what is pending; after the pipeline has closed, so that nothing sends after it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
    }
}
