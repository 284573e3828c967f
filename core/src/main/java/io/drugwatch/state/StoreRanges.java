package io.drugwatch.state;

import io.drugwatch.domain.StoreKeys;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Range scans bounded by {@link StoreKeys}, for the processors and the HTTP API alike. */
public final class StoreRanges {

    private StoreRanges() {}

    public static <V> KeyValueIterator<String, V> scan(ReadOnlyKeyValueStore<String, V> store, StoreKeys.Range range) {
        return store.range(range.from(), range.to());
    }
}
