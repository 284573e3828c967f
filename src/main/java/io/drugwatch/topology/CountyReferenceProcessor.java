package io.drugwatch.topology;

import io.drugwatch.model.County;
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
 */
final class CountyReferenceProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(CountyReferenceProcessor.class);

    private final String topic;
    private final Deserializer<County> deserializer;
    private KeyValueStore<String, County> store;

    CountyReferenceProcessor(String topic, Deserializer<County> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
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
            County county = deserializer.deserialize(topic, record.headers(), record.value());
            if (!record.key().equals(county.getCode())) {
                log.warn("skipping {} record: key {} differs from code {}", topic, record.key(), county.getCode());
                return;
            }
            store.put(record.key(), county);
        } catch (WireFormatException e) {
            log.warn("skipping unreadable {} record for key {}: {}", topic, record.key(), e.getMessage());
        }
    }
}
