package io.drugwatch.state;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HeadersBytesStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * A table of windows whose keys end with the window's end date ({@code ...|yyyy-MM-dd}: the county-window
 * table and the region totals) that lets windows go once the topics have deleted them: when the newest
 * end date written is {@link #SWEEP_EVERY_DAYS} days past the last sweep, every entry ending more than
 * {@code retentionDays} before it is deleted. So the table holds at most the retention plus
 * {@value #SWEEP_EVERY_DAYS} days of windows, whatever the history; a sweep is one scan of the table.
 *
 * <p>It deletes in the store it wraps, below Kafka Streams' cache, changelog and forwarding layers: nothing
 * downstream sees an expired window go, and no record is written. The county-window table's changelog is
 * county-indicators itself, whose retention deletes the same windows; a region total's changelog keeps its
 * last value, which comes back on a restore and goes again at the first sweep after it (one at every start).
 * Windows never change after their day closes (processing.md), long before they expire, so nothing
 * reads or writes an expired key. Keys that do not end with a date are kept.
 */
public class ExpiringWindowsStore extends ForwardingBytesStore {

    public static final int SWEEP_EVERY_DAYS = 28;
    private static final int DATE_LENGTH = 10;

    private final long retentionDays;
    private long newestDay = Long.MIN_VALUE;
    private long sweptAt = Long.MIN_VALUE;

    ExpiringWindowsStore(KeyValueStore<Bytes, byte[]> inner, long retentionDays) {
        super(inner);
        this.retentionDays = retentionDays;
    }

    /** Wraps {@code inner}'s stores, keeping the store format it declares (plain, timestamped or with headers). */
    public static KeyValueBytesStoreSupplier supplier(KeyValueBytesStoreSupplier inner, long retentionDays) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                KeyValueStore<Bytes, byte[]> store = inner.get();
                if (store instanceof HeadersBytesStore) {
                    return new WithHeaders(store, retentionDays);
                }
                if (store instanceof TimestampedBytesStore) {
                    return new Timestamped(store, retentionDays);
                }
                return new ExpiringWindowsStore(store, retentionDays);
            }

            @Override
            public String metricsScope() {
                return inner.metricsScope();
            }
        };
    }

    /** The store format of Kafka's timestamped stores, which the DSL's tables use. */
    static final class Timestamped extends ExpiringWindowsStore implements TimestampedBytesStore {
        Timestamped(KeyValueStore<Bytes, byte[]> inner, long retentionDays) {
            super(inner, retentionDays);
        }
    }

    /** The store format of Kafka's stores with headers. */
    static final class WithHeaders extends ExpiringWindowsStore implements HeadersBytesStore {
        WithHeaders(KeyValueStore<Bytes, byte[]> inner, long retentionDays) {
            super(inner, retentionDays);
        }
    }

    /** The epoch day the key ends with, or {@link Long#MIN_VALUE} if it does not end with yyyy-MM-dd. */
    public static long endDay(byte[] key) {
        int n = key.length;
        if (n < DATE_LENGTH || key[n - 3] != '-' || key[n - 6] != '-') {
            return Long.MIN_VALUE;
        }
        int year = digits(key, n - 10, 4);
        int month = digits(key, n - 5, 2);
        int day = digits(key, n - 2, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private void written(Bytes key) {
        long day = endDay(key.get());
        if (day == Long.MIN_VALUE || day <= newestDay) {
            return;
        }
        newestDay = day;
        // the first write after a start sweeps too: a restore writes below this store
        if (sweptAt == Long.MIN_VALUE || newestDay >= sweptAt + SWEEP_EVERY_DAYS) {
            sweptAt = newestDay;
            sweep(newestDay - retentionDays);
        }
    }

    private void sweep(long before) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                long day = endDay(key.get());
                if (day != Long.MIN_VALUE && day < before) {
                    expired.add(key);
                }
            }
        }
        expired.forEach(inner::delete);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        inner.put(key, value);
        written(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] original = inner.putIfAbsent(key, value);
        written(key);
        return original;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        inner.putAll(entries);
        entries.forEach(e -> written(e.key));
    }
}
