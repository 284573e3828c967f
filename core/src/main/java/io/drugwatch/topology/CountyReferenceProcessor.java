package io.drugwatch.topology;

import io.drugwatch.model.County;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.WireFormatException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global copy of the counties reference data. A bad reference record cannot be
 * dead-lettered from a global store, so it is skipped with a warning and the previous value stays.
 * An unreachable schema registry is waited out here: the global thread cannot be replaced like a
 * stream thread, and skipping the record would lose the county's names for good.
 */
final class CountyReferenceProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(CountyReferenceProcessor.class);
    private static final long MAX_PAUSE_MS = 30_000;

    private final String topic;
    private final Deserializer<County> deserializer;
    private final long firstPauseMs;
    private KeyValueStore<String, County> store;

    CountyReferenceProcessor(String topic, Deserializer<County> deserializer) {
        this(topic, deserializer, 1_000);
    }

    CountyReferenceProcessor(String topic, Deserializer<County> deserializer, long firstPauseMs) {
        this.topic = topic;
        this.deserializer = deserializer;
        this.firstPauseMs = firstPauseMs;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.COUNTIES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("skipping a {} record without key", topic);
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            County county = readWaitingForRegistry(record);
            if (!record.key().equals(county.getCode())) {
                log.warn("skipping {} record: key {} differs from code {}", topic, record.key(), county.getCode());
                return;
            }
            store.put(record.key(), county);
        } catch (WireFormatException e) {
            log.warn("skipping unreadable {} record for key {}: {}", topic, record.key(), e.getMessage());
        }
    }

    private County readWaitingForRegistry(Record<String, byte[]> record) {
        long pauseMs = firstPauseMs;
        while (true) {
            try {
                return deserializer.deserialize(topic, record.headers(), record.value());
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
}
