package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.EventType;
import org.apache.avro.specific.SpecificRecord;

/**
 * A decoded, valid input record on its way to the county windows. The original bytes ride along
 * because the record may still turn out to be late, and dead letters carry what arrived; {@code topic}
 * is the topic it came from, for the metrics and the dead letter.
 */
record Admitted<T extends SpecificRecord>(EventType<T> type, String topic, T event, byte[] rawKey, byte[] rawValue) {

    String eventId() {
        return type.eventId(event);
    }

    long occurredAt() {
        return type.occurredAt(event).toEpochMilli();
    }

    void addTo(DailyPane pane) {
        type.addTo(pane, event);
    }
}
