package io.drugwatch.topology;

import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.AlertStateCodec;
import io.drugwatch.alerting.Finding;
import io.drugwatch.domain.StoreKeys.AlertStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@value StoreNames#ALERT_STATES}: the lifecycle state of each (county, rule, subject), under the key
 * {@link AlertStates} gives it.
 */
final class AlertStateStore {

    private final KeyValueStore<String, byte[]> store;

    AlertStateStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    static String key(String county, Finding finding) {
        return AlertStates.key(county, finding.rule(), finding.subject());
    }

    static String county(String key) {
        return AlertStates.county(key);
    }

    /** The stored state, or null. */
    AlertState get(String key) {
        byte[] stored = store.get(key);
        return stored == null ? null : AlertStateCodec.decode(stored);
    }

    void put(String key, AlertState state) {
        store.put(key, AlertStateCodec.encode(state));
    }

    void delete(String key) {
        store.delete(key);
    }

    /** Keys of the open daily (not per-event) alerts, by county. */
    Map<String, List<String>> openDailyByCounty() {
        Map<String, List<String>> found = new HashMap<>();
        for (KeyValue<String, AlertState> kv : matching(s -> s.isOpen() && s.resolveAt() == Long.MAX_VALUE)) {
            found.computeIfAbsent(county(kv.key), c -> new ArrayList<>()).add(kv.key);
        }
        return found;
    }

    /** The open alerts due to resolve by {@code streamTime}, by key in key order: per-event alerts only. */
    Map<String, AlertState> dueBy(long streamTime) {
        Map<String, AlertState> due = new LinkedHashMap<>();
        for (KeyValue<String, AlertState> kv : matching(s -> s.isOpen() && s.resolveAt() <= streamTime)) {
            due.put(kv.key, kv.value);
        }
        return due;
    }

    /** Collected before the caller writes: a store's iterator need not survive writes to it. */
    private List<KeyValue<String, AlertState>> matching(Predicate<AlertState> test) {
        List<KeyValue<String, AlertState>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                AlertState s = AlertStateCodec.decode(kv.value);
                if (test.test(s)) {
                    out.add(KeyValue.pair(kv.key, s));
                }
            }
        }
        return out;
    }
}
