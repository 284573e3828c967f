package io.drugwatch.topology;

import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/** Re-sent events are found within the dedup horizon, and only there. */
class DeduplicatorTest {

    private final WindowStores stores = new WindowStores();

    private final Duration horizon = Duration.ofDays(14);
    private final WindowStore<String, Long> seen = stores.seen(horizon);
    private final Deduplicator dedup = new Deduplicator(seen, horizon);

    @Test
    void anIdIsADuplicateWithinTheHorizonEitherWayAndNewBeyondIt() {
        long t = local("2026-11-20", "10:00").toEpochMilli();
        assertThat(dedup.seenBefore("arrest|a-1", t)).isFalse();
        dedup.remember("arrest|a-1", t);
        assertThat(dedup.seenBefore("arrest|a-1", t)).isTrue();
        assertThat(dedup.seenBefore("arrest|a-1", t + horizon.toMillis())).isTrue();
        assertThat(dedup.seenBefore("arrest|a-1", t - horizon.toMillis())).isTrue();
        assertThat(dedup.seenBefore("arrest|a-1", t + horizon.toMillis() + 1)).isFalse();
        assertThat(dedup.seenBefore("seizure|a-1", t)).as("another input's id").isFalse();
    }
}
