package io.drugwatch.topology;

import io.drugwatch.domain.EventRules;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import io.drugwatch.model.County;
import io.drugwatch.serde.RegistryUnavailableException;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global copy of the counties reference data. Each record is read from raw bytes and
 * judged like an event ({@link RawInput}, {@link EventRules#checkCounty}); one that fails is counted
 * and sent to dead-letters through {@link GlobalDeadLetters}, and the county keeps its previous
 * value. A tombstone removes the county, as compaction will remove it from the topic.
 *
 * <p>An unreachable schema registry is waited out here: the global thread cannot be replaced like a
 * stream thread, and skipping the record would lose the county's names for good.
 */
final class CountyReferenceProcessor implements Processor<byte[], byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(CountyReferenceProcessor.class);
    private static final long MAX_PAUSE_MS = 30_000;

    private final String topic;
    private final RawInput<County> input;
    private final EventRules rules;
    private final String deadLettersTopic;
    private final long firstPauseMs;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, County> store;
    private PipelineMetrics metrics;
    private GlobalDeadLetters deadLetters;

    CountyReferenceProcessor(
            String topic,
            Deserializer<County> deserializer,
            EventRules rules,
            String deadLettersTopic,
            int maxRecordBytes) {
        this(topic, deserializer, rules, deadLettersTopic, maxRecordBytes, 1_000);
    }

    CountyReferenceProcessor(
            String topic,
            Deserializer<County> deserializer,
            EventRules rules,
            String deadLettersTopic,
            int maxRecordBytes,
            long firstPauseMs) {
        this.topic = topic;
        this.input = new RawInput<>(topic, deserializer, maxRecordBytes);
        this.rules = rules;
        this.deadLettersTopic = deadLettersTopic;
        this.firstPauseMs = firstPauseMs;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.COUNTIES);
        this.metrics = new PipelineMetrics(context);
        this.deadLetters = (GlobalDeadLetters) context.appConfigs().get(GlobalDeadLetters.CONFIG);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<Rejection> tooLarge = input.tooLarge(record.key(), record.value());
        if (tooLarge.isPresent()) {
            reject(record, tooLarge.get());
            return;
        }
        if (record.value() == null) {
            removeCounty(record);
            return;
        }
        RawInput.Decoded<County> county = readWaitingForRegistry(record);
        if (!county.ok()) {
            reject(record, county.rejection());
            return;
        }
        RawInput.Decoded<String> key = RawInput.key(record.key());
        if (!key.ok()) {
            reject(record, key.rejection());
            return;
        }
        Optional<Rejection> rejection = rules.checkCounty(county.value(), key.value());
        if (rejection.isPresent()) {
            reject(record, rejection.get());
            return;
        }
        store.put(key.value(), county.value());
    }

    private void removeCounty(Record<byte[], byte[]> record) {
        RawInput.Decoded<String> key = RawInput.key(record.key());
        if (!key.ok()) {
            reject(record, key.rejection());
        } else if (key.value() == null) {
            reject(record, new Rejection(RejectReason.KEY_MISMATCH, "a tombstone without a key removes no county"));
        } else {
            store.delete(key.value());
        }
    }

    private void reject(Record<byte[], byte[]> record, Rejection rejection) {
        metrics.deadLetter(topic, rejection.reason().name());
        if (deadLetters == null) {
            // only a topology run without a runtime (GlobalDeadLetters.CONFIG unset) gets here
            log.warn(
                    "{} record at offset {} rejected as {}, and no dead-letter producer is configured",
                    topic,
                    context.recordMetadata().map(m -> Long.toString(m.offset())).orElse("?"),
                    rejection.reason());
            return;
        }
        deadLetters.send(DeadLetters.of(
                deadLettersTopic,
                record.key(),
                record.value(),
                record.timestamp(),
                record.headers(),
                rejection,
                context.recordMetadata().orElseThrow()));
    }

    private RawInput.Decoded<County> readWaitingForRegistry(Record<byte[], byte[]> record) {
        long pauseMs = firstPauseMs;
        while (true) {
            try {
                return input.value(record.headers(), record.value());
            } catch (RegistryUnavailableException e) {
                log.warn(
                        "schema registry unavailable while loading {} ({}); retrying in {} ms",
                        topic,
                        e.getMessage(),
                        pauseMs);
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
        }
    }

    @Override
    public void close() {
        metrics.close();
    }
}
