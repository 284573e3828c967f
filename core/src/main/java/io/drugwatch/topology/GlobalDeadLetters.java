package io.drugwatch.topology;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where the global counties processor sends its dead letters. Kafka Streams (4.3) sends none from a
 * global store's processor, which has no producer and no sink, so whoever runs the topology hands it
 * one through the streams config under {@link #CONFIG}, as it hands {@link ProcessingErrorHandler}
 * its metrics: {@code run} a Kafka producer, {@code replay} its dead-letters file, tests a list.
 */
public interface GlobalDeadLetters {

    /** Streams config key of the {@code GlobalDeadLetters} the pipeline's global processors use. */
    String CONFIG = "drugwatch.global.dead.letters";

    /** Sends one dead letter; called from the global stream thread, never concurrently with itself. */
    void send(ProducerRecord<byte[], byte[]> deadLetter);
}
