package io.drugwatch.topology;

import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.Rejection;
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
    private final RawInput<T> input;
    private final EventRules rules;
    private final String windowsNode;
    private final String deadLettersNode;
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
        this.input = new RawInput<>(topic, deserializer, maxRecordBytes);
        this.rules = rules;
        this.windowsNode = windowsNode;
        this.deadLettersNode = deadLettersNode;
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
        Optional<Rejection> tooLarge = input.tooLarge(record.key(), record.value());
        if (tooLarge.isPresent()) {
            reject(record, tooLarge.get());
            return;
        }
        RawInput.Decoded<T> event = input.value(record.headers(), record.value());
        if (!event.ok()) {
            reject(record, event.rejection());
            return;
        }
        RawInput.Decoded<String> key = RawInput.key(record.key());
        if (!key.ok()) {
            reject(record, key.rejection());
            return;
        }
        Optional<Rejection> rejection = rules.check(type, event.value(), key.value(), record.timestamp());
        if (rejection.isPresent()) {
            reject(record, rejection.get());
            return;
        }
        context.forward(
                new Record<Object, Object>(
                        key.value(),
                        new Admitted<>(type, topic, event.value(), record.key(), record.value()),
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
