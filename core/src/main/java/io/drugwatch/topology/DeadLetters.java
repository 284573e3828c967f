package io.drugwatch.topology;

import io.drugwatch.domain.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the original key, value, timestamp and headers, plus headers saying
 * why and where from, so an operator can fix and re-send the record.
 */
final class DeadLetters {

    static final String REASON = "dlq.reason";
    static final String DETAIL = "dlq.detail";
    static final String SOURCE_TOPIC = "dlq.source.topic";
    static final String SOURCE_PARTITION = "dlq.source.partition";
    static final String SOURCE_OFFSET = "dlq.source.offset";
    /** The dead-letters topic may use LogAppendTime for its retention, which replaces the original timestamp. */
    static final String SOURCE_TIMESTAMP = "dlq.source.timestamp";

    private DeadLetters() {}

    /** A dead letter for the dead-letters sink of the topology. */
    static Record<byte[], byte[]> of(
            byte[] key, byte[] value, long timestamp, Headers original, Rejection rejection, RecordMetadata source) {
        return new Record<>(
                key,
                value,
                timestamp,
                headers(original, rejection, source.topic(), source.partition(), source.offset(), timestamp));
    }

    /** A dead letter to send to {@code topic} with a producer of its own, from where no sink can be reached. */
    static ProducerRecord<byte[], byte[]> of(
            String topic,
            byte[] key,
            byte[] value,
            long timestamp,
            Headers original,
            Rejection rejection,
            RecordMetadata source) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                key,
                value,
                headers(original, rejection, source.topic(), source.partition(), source.offset(), timestamp));
    }

    /** A dead letter of the input record a processing error handler was called for, to send to {@code topic}. */
    static ProducerRecord<byte[], byte[]> of(String topic, ErrorHandlerContext source, Rejection rejection) {
        return new ProducerRecord<>(
                topic,
                null,
                source.timestamp(),
                source.sourceRawKey(),
                source.sourceRawValue(),
                headers(
                        source.headers(),
                        rejection,
                        source.topic(),
                        source.partition(),
                        source.offset(),
                        source.timestamp()));
    }

    private static Headers headers(
            Headers original, Rejection rejection, String topic, int partition, long offset, long timestamp) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.remove(REASON)
                .remove(DETAIL)
                .remove(SOURCE_TOPIC)
                .remove(SOURCE_PARTITION)
                .remove(SOURCE_OFFSET)
                .remove(SOURCE_TIMESTAMP);
        headers.add(REASON, utf8(rejection.reason().name()));
        headers.add(DETAIL, utf8(rejection.detail()));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(SOURCE_TIMESTAMP, utf8(Long.toString(timestamp)));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
