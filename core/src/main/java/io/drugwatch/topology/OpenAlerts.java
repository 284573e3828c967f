package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys.AlertHistory;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.state.StoreRanges;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The alerts still in alerts-open, for the HTTP API: the last record of each
 * ({@value StoreNames#OPEN_ALERTS}) and each of its changes ({@value StoreNames#ALERT_HISTORY}, keyed by
 * {@link AlertHistory}).
 */
final class OpenAlerts {

    private final KeyValueStore<String, Alert> open;
    private final KeyValueStore<String, Alert> history;

    OpenAlerts(KeyValueStore<String, Alert> open, KeyValueStore<String, Alert> history) {
        this.open = open;
        this.history = history;
    }

    /** The alert's last record, or null once it is forgotten. */
    Alert last(String alertId) {
        return open.get(alertId);
    }

    void put(Alert alert) {
        open.put(alert.getAlertId(), alert);
        history.put(AlertHistory.key(alert), alert);
    }

    /** Ids of the alerts that resolved at or before {@code cutoff} (epoch ms). */
    List<String> resolvedBy(long cutoff) {
        List<String> found = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, Alert> kv = it.next();
                if (kv.value.getStatus() == AlertStatus.RESOLVED
                        && kv.value.getUpdatedAt().toEpochMilli() <= cutoff) {
                    found.add(kv.key);
                }
            }
        }
        return found;
    }

    /** Forgets the alert and its history, and no other alert's. */
    void forget(String alertId) {
        open.delete(alertId);
        List<String> changes = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = StoreRanges.scan(history, AlertHistory.of(alertId))) {
            it.forEachRemaining(kv -> changes.add(kv.key));
        }
        changes.forEach(history::delete);
    }
}
