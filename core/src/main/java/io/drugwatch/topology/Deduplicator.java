package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys;
import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers accepted event ids in {@code seen-event-ids} for the dedup horizon, so a re-sent event
 * is dropped. Ids are filed under the start of their horizon-wide bucket, so the three buckets that
 * can hold an earlier occurrence are three point lookups, which a miss answers from RocksDB's bloom
 * filters; a time-range fetch would open an iterator on every segment it spans.
 */
final class Deduplicator {

    private final WindowStore<String, Long> seen;
    private final long horizon;

    Deduplicator(WindowStore<String, Long> seen, Duration horizon) {
        this.seen = seen;
        this.horizon = horizon.toMillis();
    }

    /** Whether an event with this key ({@link StoreKeys.SeenEvents}) was accepted within the horizon of {@code occurredAt}. */
    boolean seenBefore(String key, long occurredAt) {
        long bucket = bucket(occurredAt);
        for (long start = bucket - horizon; start <= bucket + horizon; start += horizon) {
            Long at = seen.fetch(key, start);
            if (at != null && Math.abs(at - occurredAt) <= horizon) {
                return true;
            }
        }
        return false;
    }

    void remember(String key, long occurredAt) {
        seen.put(key, occurredAt, bucket(occurredAt));
    }

    private long bucket(long occurredAt) {
        return Math.floorDiv(occurredAt, horizon) * horizon;
    }
}
