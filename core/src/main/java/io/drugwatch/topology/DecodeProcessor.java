package io.drugwatch.topology;

import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import io.drugwatch.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads one input topic as raw bytes, so that nothing that arrives can stop the app: records that
 * do not decode or break a rule go to dead-letters with their original bytes; the rest go on to
 * the county windows.
 */
final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], Object, Object> {

    private final EventType<T> type;
    private final String topic;
    private final Deserializer<T> deserializer;
    private final EventRules rules;
    private final String windowsNode;
    private final String deadLettersNode;
    private final int maxRecordBytes;
    private ProcessorContext<Object, Object> context;
    private PipelineMetrics metrics;

    DecodeProcessor(
            EventType<T> type,
            String topic,
            Deserializer<T> deserializer,
            EventRules rules,
            String windowsNode,
            String deadLettersNode,
            int maxRecordBytes) {
        this.type = type;
        this.topic = topic;
        this.deserializer = deserializer;
        this.rules = rules;
        this.windowsNode = windowsNode;
        this.deadLettersNode = deadLettersNode;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new PipelineMetrics(context);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordsIn(topic);
        metrics.endToEndLag(topic, Math.max(0, context.currentSystemTimeMs() - record.timestamp()));
        // before decoding, so a huge record costs no Avro parsing and no allocation of its decoded fields
        long size = (record.key() == null ? 0L : record.key().length)
                + (record.value() == null ? 0L : record.value().length);
        if (size > maxRecordBytes) {
            reject(
                    record,
                    new Rejection(
                            RejectReason.RECORD_TOO_LARGE,
                            size + " bytes of key and value, over drugwatch.input.max.record.bytes (" + maxRecordBytes
                                    + ")"));
            return;
        }
        if (record.value() == null) {
            reject(record, new Rejection(RejectReason.NOT_CONFLUENT_AVRO, "value is null (a tombstone)"));
            return;
        }
        T event;
        try {
            event = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (WireFormatException e) {
            reject(record, new Rejection(RejectReason.valueOf(e.kind().name()), e.getMessage()));
            return;
        }
        String key;
        try {
            key = record.key() == null
                    ? null
                    : StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(record.key()))
                            .toString();
        } catch (CharacterCodingException e) {
            reject(record, new Rejection(RejectReason.KEY_MISMATCH, "message key is not UTF-8 text"));
            return;
        }
        Optional<Rejection> rejection = rules.check(type, event, key, record.timestamp());
        if (rejection.isPresent()) {
            reject(record, rejection.get());
            return;
        }
        context.forward(
                new Record<Object, Object>(
                        key,
                        new Admitted<>(type, topic, event, record.key(), record.value()),
                        record.timestamp(),
                        record.headers()),
                windowsNode);
    }

    private void reject(Record<byte[], byte[]> record, Rejection rejection) {
        metrics.deadLetter(topic, rejection.reason().name());
        context.forward(
                DeadLetters.of(
                        record.key(),
                        record.value(),
                        record.timestamp(),
                        record.headers(),
                        rejection,
                        context.recordMetadata().orElseThrow()),
                deadLettersNode);
    }

    @Override
    public void close() {
        metrics.close();
    }
}
