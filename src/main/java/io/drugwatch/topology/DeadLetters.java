package io.drugwatch.topology;

import io.drugwatch.domain.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.api.Record;

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

    private DeadLetters() {
    }

    static Record<byte[], byte[]> of(byte[] key, byte[] value, long timestamp, Headers original,
                                     Rejection rejection, RecordMetadata source) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.remove(REASON).remove(DETAIL).remove(SOURCE_TOPIC).remove(SOURCE_PARTITION).remove(SOURCE_OFFSET)
                .remove(SOURCE_TIMESTAMP);
        headers.add(REASON, utf8(rejection.reason().name()));
        headers.add(DETAIL, utf8(rejection.detail()));
        headers.add(SOURCE_TOPIC, utf8(source.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(SOURCE_TIMESTAMP, utf8(Long.toString(timestamp)));
        return new Record<>(key, value, timestamp, headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
