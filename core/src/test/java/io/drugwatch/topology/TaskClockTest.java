package io.drugwatch.topology;

import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** When days close, when a quiet task follows the wall clock, and what survives a restart. */
class TaskClockTest {

    private final WindowStores stores = new WindowStores();
    private final WindowCalendar calendar = stores.calendar;

    private final KeyValueStore<String, Long> store = stores.clock();

    @Test
    void daysCloseWhenStreamTimePassesTheirEndPlusGraceAndTheValuesSurviveARestart() {
        TaskClock clock = new TaskClock(store, calendar, Duration.ZERO, 0L);
        long t = local("2026-11-20", "10:00").toEpochMilli();
        clock.observed(LocalDate.parse("2026-11-20"));
        Long moved = clock.onInput(t, 0L);
        assertThat(moved).isEqualTo(t);
        TaskClock.Advance first = clock.advanceTo(moved);
        assertThat(first.firstToClose())
                .as("nothing closes on the first record")
                .isNull();
        assertThat(first.closedThrough()).isEqualTo(LocalDate.parse("2026-11-17"));
        clock.closeThrough(first.closedThrough());
        assertThat(clock.onInput(t - 1, 0L))
                .as("an older record does not move time")
                .isNull();

        long later = local("2026-11-23", "00:30").toEpochMilli();
        TaskClock.Advance next = clock.advanceTo(clock.onInput(later, 0L));
        assertThat(next.firstToClose()).isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(next.closedThrough()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(next.newDay()).isEqualTo(LocalDate.parse("2026-11-23"));
        clock.closeThrough(next.closedThrough());
        assertThat(clock.isClosed(LocalDate.parse("2026-11-20"))).isTrue();
        assertThat(clock.isClosed(LocalDate.parse("2026-11-21"))).isFalse();

        TaskClock restarted = new TaskClock(store, calendar, Duration.ZERO, 0L);
        assertThat(restarted.streamTime()).isEqualTo(later);
        assertThat(restarted.closedThrough()).isEqualTo(LocalDate.parse("2026-11-20"));
        assertThat(restarted.observedFrom()).isEqualTo(LocalDate.parse("2026-11-20"));
    }

    @Test
    void aQuietTaskFollowsTheWallClockOnlyAfterTheIdlePeriod() {
        long t = local("2026-11-20", "10:00").toEpochMilli();
        TaskClock clock = new TaskClock(store, calendar, Duration.ofMinutes(5), 1_000L);
        clock.advanceTo(clock.onInput(t, 1_000L));
        assertThat(clock.idleAdvance(1_000L + Duration.ofMinutes(4).toMillis())).isNull();
        long idle = Duration.ofMinutes(6).toMillis();
        assertThat(clock.idleAdvance(1_000L + idle)).isEqualTo(t + idle);

        TaskClock off = new TaskClock(stores.clock(), calendar, Duration.ZERO, 1_000L);
        off.advanceTo(off.onInput(t, 1_000L));
        assertThat(off.idleAdvance(1_000L + idle)).as("PT0S turns it off").isNull();
    }

    @Test
    void streamTimeIsSavedOnTheTickNotWithEveryRecord() {
        TaskClock clock = new TaskClock(store, calendar, Duration.ZERO, 0L);
        long t = local("2026-11-20", "10:00").toEpochMilli();
        clock.closeThrough(clock.advanceTo(clock.onInput(t, 0L)).closedThrough());
        clock.advanceTo(clock.onInput(t + 1_000, 0L));
        assertThat(store.get(StoreKeys.Clock.STREAM_TIME)).isEqualTo(t);
        clock.saveIfChanged();
        assertThat(store.get(StoreKeys.Clock.STREAM_TIME)).isEqualTo(t + 1_000);
    }
}
