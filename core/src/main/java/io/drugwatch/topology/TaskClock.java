package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys.Clock;
import io.drugwatch.domain.WindowCalendar;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's clock. Stream time is the largest occurredAt the task has accepted; a local day closes
 * when stream time reaches its end plus grace; the first observed day is where the alert baselines
 * begin. If the task's input goes quiet, stream time follows the wall clock after a configurable
 * idle period, so that quiet counties still close their days; zero turns that off, and then only
 * records move time, which keeps replays deterministic.
 *
 * <p>The three values live in {@code stream-clock} and are read from memory. Stream time is saved
 * when a day closes and on the wall-clock tick ({@link #saveIfChanged}), not with every record:
 * after a crash, a stream time up to a tick old only re-announces a new day, while closed-through,
 * which decides what is LATE, is saved whenever it moves.
 */
final class TaskClock {

    /**
     * What a move of stream time does.
     *
     * @param firstToClose the first day that closes, or null if none does (the days through
     *     {@code closedThrough} then close)
     * @param closedThrough the last closed day now, or null if it did not change
     * @param newDay the local day that began, or null
     */
    record Advance(LocalDate firstToClose, LocalDate closedThrough, LocalDate newDay) {}

    private final KeyValueStore<String, Long> store;
    private final WindowCalendar calendar;
    private final long idleAdvanceAfter;

    private Long streamTime;
    private boolean streamTimeUnsaved;
    private Long closedThrough;
    private Long observedFrom;
    private long lastInputWallTime;
    private long streamTimeAtLastInput;

    TaskClock(KeyValueStore<String, Long> store, WindowCalendar calendar, Duration idleAdvanceAfter, long wallNow) {
        this.store = store;
        this.calendar = calendar;
        this.idleAdvanceAfter = idleAdvanceAfter.toMillis();
        this.streamTime = store.get(Clock.STREAM_TIME);
        this.closedThrough = store.get(Clock.CLOSED_THROUGH);
        this.observedFrom = store.get(Clock.OBSERVED_FROM);
        this.lastInputWallTime = wallNow;
        this.streamTimeAtLastInput = streamTime == null ? Long.MIN_VALUE : streamTime;
    }

    /** Stream time, or null before the first record. */
    Long streamTime() {
        return streamTime;
    }

    /** Whether {@code day} has closed, so a record of it is LATE. */
    boolean isClosed(LocalDate day) {
        return closedThrough != null && day.toEpochDay() <= closedThrough;
    }

    /** The last closed day, or null before the first record. */
    LocalDate closedThrough() {
        return closedThrough == null ? null : LocalDate.ofEpochDay(closedThrough);
    }

    /** The earliest day with an accepted record, or null before the first. */
    LocalDate observedFrom() {
        return observedFrom == null ? null : LocalDate.ofEpochDay(observedFrom);
    }

    /** Notes an accepted record of {@code day}. */
    void observed(LocalDate day) {
        if (observedFrom == null || day.toEpochDay() < observedFrom) {
            observedFrom = day.toEpochDay();
            store.put(Clock.OBSERVED_FROM, observedFrom);
        }
    }

    /** Notes an accepted record that occurred at {@code occurredAt}; returns the stream time it moves to, or null. */
    Long onInput(long occurredAt, long wallNow) {
        lastInputWallTime = wallNow;
        long advanced = streamTime == null ? occurredAt : Math.max(streamTime, occurredAt);
        streamTimeAtLastInput = advanced;
        return streamTime == null || advanced > streamTime ? advanced : null;
    }

    /** The stream time the wall clock moves a quiet task to, or null if the task is not quiet (or this is off). */
    Long idleAdvance(long wallTime) {
        if (idleAdvanceAfter == 0 || streamTimeAtLastInput == Long.MIN_VALUE) {
            return null;
        }
        long idle = wallTime - lastInputWallTime;
        if (idle < idleAdvanceAfter) {
            return null;
        }
        long candidate = streamTimeAtLastInput + idle;
        return streamTime != null && candidate > streamTime ? candidate : null;
    }

    /**
     * Moves stream time to {@code now}, which must be later. The caller closes the days the result
     * names and then confirms with {@link #closeThrough}.
     */
    Advance advanceTo(long now) {
        Long previous = streamTime;
        streamTime = now;
        streamTimeUnsaved = true;
        LocalDate target = calendar.lastClosedDay(now);
        LocalDate firstToClose = null;
        LocalDate closes = null;
        if (closedThrough == null) {
            closes = target;
        } else if (target.toEpochDay() > closedThrough) {
            firstToClose = LocalDate.ofEpochDay(closedThrough + 1);
            closes = target;
        }
        LocalDate newDay = null;
        if (previous != null) {
            LocalDate today = calendar.localDate(now);
            if (today.isAfter(calendar.localDate(previous))) {
                newDay = today;
            }
        }
        return new Advance(firstToClose, closes, newDay);
    }

    /** Records that every day through {@code day} has closed. */
    void closeThrough(LocalDate day) {
        closedThrough = day.toEpochDay();
        store.put(Clock.CLOSED_THROUGH, closedThrough);
        save();
    }

    void saveIfChanged() {
        if (streamTimeUnsaved) {
            save();
        }
    }

    private void save() {
        store.put(Clock.STREAM_TIME, streamTime);
        streamTimeUnsaved = false;
    }
}
