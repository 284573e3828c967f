package io.drugwatch.topology;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.state.HashedKeyValueStore;
import io.drugwatch.state.HashedWindowStore;
import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * The stores the topology builds itself (not the DSL's), in RocksDB or on the heap as
 * {@value DrugwatchConfig#STATE_STORES} says. Either kind has a changelog; only where the data lives
 * differs. The heap stores are {@link HashedKeyValueStore} and {@link HashedWindowStore}: Kafka's
 * in-memory stores with hash lookups. The DSL's stores follow Kafka's own {@code dsl.store.suppliers.class}.
 */
public final class StoreSuppliers {

    private final boolean inMemory;

    public StoreSuppliers(DrugwatchConfig config) {
        this.inMemory = config.inMemoryStores();
    }

    public KeyValueBytesStoreSupplier keyValue(String name) {
        return inMemory ? HashedKeyValueStore.supplier(name) : Stores.persistentKeyValueStore(name);
    }

    public WindowBytesStoreSupplier window(
            String name, Duration retention, Duration windowSize, boolean retainDuplicates) {
        if (!inMemory) {
            return Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates);
        }
        if (retainDuplicates) {
            return Stores.inMemoryWindowStore(name, retention, windowSize, true);
        }
        // the same argument checks as Kafka's own suppliers
        Stores.inMemoryWindowStore(name, retention, windowSize, false);
        return HashedWindowStore.supplier(name, retention.toMillis(), windowSize.toMillis());
    }
}
