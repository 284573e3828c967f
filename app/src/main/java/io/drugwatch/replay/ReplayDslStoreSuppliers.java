package io.drugwatch.replay;

import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslSessionParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * The DSL's stores in a replay (set as Kafka's {@code dsl.store.suppliers.class}): the roll-ups' tables
 * as {@link RecentWindowsStore}s, anything else as Kafka's in-memory stores.
 */
public final class ReplayDslStoreSuppliers implements DslStoreSuppliers {

    /** Days before the latest window's end after which a window is forgotten; set by the replay. */
    static final String HORIZON_DAYS = "replay.windows.horizon.days";

    private long horizonDays = -1;

    @Override
    public void configure(Map<String, ?> configs) {
        Object v = configs.get(HORIZON_DAYS);
        if (v == null) {
            throw new IllegalArgumentException(HORIZON_DAYS + " is not set");
        }
        horizonDays = Long.parseLong(v.toString());
    }

    @Override
    public KeyValueBytesStoreSupplier keyValueStore(DslKeyValueParams params) {
        if (horizonDays < 0) {
            throw new IllegalStateException("not configured");
        }
        String name = params.name();
        long horizon = horizonDays;
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new RecentWindowsStore(name, horizon);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        return BuiltInDslStoreSuppliers.IN_MEMORY.windowStore(params);
    }

    @Override
    public SessionBytesStoreSupplier sessionStore(DslSessionParams params) {
        return BuiltInDslStoreSuppliers.IN_MEMORY.sessionStore(params);
    }
}
