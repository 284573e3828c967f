package io.drugwatch.replay;

import io.drugwatch.state.ExpiringWindowsStore;
import io.drugwatch.state.ForwardingBytesStore;
import io.drugwatch.state.HashedKeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/**
 * A heap store for the roll-ups' tables in a replay, which keeps only the windows that can still change.
 *
 * <p>Their keys end with the window's end date ({@code ...|yyyy-MM-dd}: county windows and region
 * totals). A window is published, and so written here, only while its day is open or as it closes; a
 * day closes at most {@code grace} plus a day after it ends, and nothing is published for it after
 * that (docs/processing.md, Windows). So once a key with end date D has been written, windows ending
 * more than {@code horizon} days before D will not be read or written again, and this store forgets
 * them. That keeps a replay of years of history in a few hundred thousand entries, where Kafka's stores
 * would hold every window ever published (on disk in RocksDB, which costs more per access than the
 * rest of the roll-up).
 *
 * <p>Should a forgotten window be read or written all the same, the store throws instead of answering
 * as if it had never existed, so a change in that rule fails the replay rather than its sums. Keys that
 * do not end with a date are kept.
 */
final class RecentWindowsStore extends ForwardingBytesStore {

    private final long horizonDays;
    /** Keys by the epoch day they end with, to forget them in order. */
    private final TreeMap<Long, List<Bytes>> keysByDay = new TreeMap<>();

    private long latestDay = Long.MIN_VALUE;
    /** Keys ending before this epoch day have been forgotten. */
    private long forgottenBefore = Long.MIN_VALUE;

    RecentWindowsStore(String name, long horizonDays) {
        super(new HashedKeyValueStore(name));
        this.horizonDays = horizonDays;
    }

    /** The epoch day the key ends with, or {@link Long#MIN_VALUE} if it does not end with yyyy-MM-dd. */
    static long endDay(byte[] key) {
        return ExpiringWindowsStore.endDay(key);
    }

    private long check(Bytes key) {
        long day = endDay(key.get());
        if (day != Long.MIN_VALUE && day < forgottenBefore) {
            throw new IllegalStateException("replay: store " + name() + " was asked for window " + key
                    + ", which it forgot: it ends more than " + horizonDays + " days before "
                    + java.time.LocalDate.ofEpochDay(latestDay)
                    + ", and windows are expected to change only until their day closes");
        }
        return day;
    }

    @Override
    public byte[] get(Bytes key) {
        check(key);
        return inner.get(key);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        long day = check(key);
        boolean isNew = value != null && inner.get(key) == null;
        inner.put(key, value);
        if (isNew && day != Long.MIN_VALUE) {
            keysByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(key);
            if (day > latestDay) {
                latestDay = day;
                forget(day - horizonDays);
            }
        }
    }

    private void forget(long before) {
        while (!keysByDay.isEmpty() && keysByDay.firstKey() < before) {
            for (Bytes k : keysByDay.pollFirstEntry().getValue()) {
                inner.delete(k);
            }
        }
        forgottenBefore = Math.max(forgottenBefore, before);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] original = get(key);
        if (original == null) {
            put(key, value);
        }
        return original;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        for (KeyValue<Bytes, byte[]> e : entries) {
            put(e.key, e.value);
        }
    }

    @Override
    public byte[] delete(Bytes key) {
        check(key);
        return inner.delete(key);
    }

    @Override
    public void close() {
        inner.close();
        keysByDay.clear();
    }

    @Override
    public boolean persistent() {
        return false;
    }
}
