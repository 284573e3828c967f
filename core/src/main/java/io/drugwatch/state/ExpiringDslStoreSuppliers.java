package io.drugwatch.state;

import io.drugwatch.config.DrugwatchConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslSessionParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * drugwatch's {@code dsl.store.suppliers.class}: Kafka's RocksDB stores, with the roll-ups' tables (the
 * county-window table and the region totals, keyed by window) as {@link ExpiringWindowsStore}s that let
 * windows go {@value DrugwatchConfig#INDICATORS_RETENTION} after their end, as the topics do.
 */
public final class ExpiringDslStoreSuppliers implements DslStoreSuppliers {

    private final DslStoreSuppliers rocksDb = new BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers();
    private long retentionDays = -1;

    @Override
    public void configure(Map<String, ?> configs) {
        Object retention = configs.get(DrugwatchConfig.INDICATORS_RETENTION);
        if (retention == null) {
            throw new IllegalArgumentException(DrugwatchConfig.INDICATORS_RETENTION + " is not set");
        }
        retentionDays = Duration.parse(retention.toString()).toDays();
    }

    @Override
    public KeyValueBytesStoreSupplier keyValueStore(DslKeyValueParams params) {
        // Kafka Streams also asks an unconfigured instance while it builds the topology, and configures
        // the one that makes the running stores
        if (retentionDays < 0) {
            return rocksDb.keyValueStore(params);
        }
        return ExpiringWindowsStore.supplier(rocksDb.keyValueStore(params), retentionDays);
    }

    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        return rocksDb.windowStore(params);
    }

    @Override
    public SessionBytesStoreSupplier sessionStore(DslSessionParams params) {
        return rocksDb.sessionStore(params);
    }
}
