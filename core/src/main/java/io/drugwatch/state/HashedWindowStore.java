package io.drugwatch.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorContextUtils;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window store on the heap that behaves like Kafka's in-memory window store without duplicates
 * (windows by start time, expired {@code retention} after the latest start written, the same restore
 * and query support), but finds a key within a window with a hash lookup instead of a skip-list search.
 * The event-id store is looked up three times for every record, in windows that hold hundreds of
 * thousands of ids. Iterators run over a sorted snapshot taken when they are created.
 */
public final class HashedWindowStore implements WindowStore<Bytes, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(HashedWindowStore.class);

    private final String name;
    private final long retentionPeriod;
    private final long windowSize;
    private final NavigableMap<Long, Map<Bytes, byte[]>> windows = new TreeMap<>();
    /** The same windows, for point lookups. */
    private final Map<Long, Map<Bytes, byte[]>> windowsByStart = new HashMap<>();
    /** Windows starting before this have been dropped. */
    private long liveFrom = Long.MIN_VALUE;

    private final Position position = Position.emptyPosition();
    private long observedStreamTime = ConsumerRecord.NO_TIMESTAMP;
    private InternalProcessorContext<?, ?> context;
    private Sensor expiredRecords;
    private volatile boolean open;

    public HashedWindowStore(String name, long retentionPeriod, long windowSize) {
        this.name = name;
        this.retentionPeriod = retentionPeriod;
        this.windowSize = windowSize;
    }

    /** Supplies {@link HashedWindowStore}s; duplicates are not supported. */
    public static WindowBytesStoreSupplier supplier(String name, long retentionPeriod, long windowSize) {
        return new WindowBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public WindowStore<Bytes, byte[]> get() {
                return new HashedWindowStore(name, retentionPeriod, windowSize);
            }

            @Override
            public String metricsScope() {
                return "in-memory-window";
            }

            @Override
            public long segmentIntervalMs() {
                return 1;
            }

            @Override
            public long windowSize() {
                return windowSize;
            }

            @Override
            public boolean retainDuplicates() {
                return false;
            }

            @Override
            public long retentionPeriod() {
                return retentionPeriod;
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        context = ProcessorContextUtils.asInternalProcessorContext(stateStoreContext);
        expiredRecords = TaskMetrics.droppedRecordsSensor(
                Thread.currentThread().getName(),
                stateStoreContext.taskId().toString(),
                ProcessorContextUtils.metricsImpl(stateStoreContext));
        if (root != null) {
            boolean consistency = StreamsConfig.InternalConfig.getBoolean(
                    stateStoreContext.appConfigs(),
                    StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED,
                    false);
            stateStoreContext.register(root, (RecordBatchingStateRestoreCallback) records -> {
                synchronized (position) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        // changelog keys are the key, the window start (8 bytes) and a sequence number (4)
                        byte[] k = record.key();
                        put(
                                Bytes.wrap(java.util.Arrays.copyOf(k, k.length - 12)),
                                record.value(),
                                java.nio.ByteBuffer.wrap(k).getLong(k.length - 12));
                        ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(
                                record, consistency, position);
                    }
                }
            });
        }
        open = true;
    }

    @Override
    public Position getPosition() {
        return position;
    }

    @Override
    public synchronized void put(Bytes key, byte[] value, long windowStartTimestamp) {
        removeExpired();
        observedStreamTime = Math.max(observedStreamTime, windowStartTimestamp);
        synchronized (position) {
            if (windowStartTimestamp <= observedStreamTime - retentionPeriod) {
                expiredRecords.record(1.0d, context.currentSystemTimeMs());
                log.warn("Skipping record for expired segment.");
            } else if (value != null) {
                Map<Bytes, byte[]> window = windowsByStart.get(windowStartTimestamp);
                if (window == null) {
                    window = new HashMap<>();
                    windows.put(windowStartTimestamp, window);
                    windowsByStart.put(windowStartTimestamp, window);
                }
                window.put(key, value);
            } else {
                Map<Bytes, byte[]> window = windowsByStart.get(windowStartTimestamp);
                if (window != null) {
                    window.remove(key);
                    if (window.isEmpty()) {
                        windows.remove(windowStartTimestamp);
                        windowsByStart.remove(windowStartTimestamp);
                    }
                }
            }
            StoreQueryUtils.updatePosition(position, context);
        }
    }

    @Override
    public synchronized byte[] fetch(Bytes key, long windowStartTimestamp) {
        java.util.Objects.requireNonNull(key, "key cannot be null");
        removeExpired();
        if (windowStartTimestamp <= observedStreamTime - retentionPeriod) {
            return null;
        }
        Map<Bytes, byte[]> window = windowsByStart.get(windowStartTimestamp);
        return window == null ? null : window.get(key);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
        return timeIterator(snapshot(key, key, timeFrom, timeTo, true));
    }

    @Override
    public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
        return timeIterator(snapshot(key, key, timeFrom, timeTo, false));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
        return windowedIterator(snapshot(keyFrom, keyTo, timeFrom, timeTo, true));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(
            Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
        return windowedIterator(snapshot(keyFrom, keyTo, timeFrom, timeTo, false));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
        return windowedIterator(snapshot(null, null, timeFrom, timeTo, true));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
        return windowedIterator(snapshot(null, null, timeFrom, timeTo, false));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
        return windowedIterator(snapshot(null, null, observedStreamTime - retentionPeriod + 1, Long.MAX_VALUE, true));
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
        return windowedIterator(snapshot(null, null, observedStreamTime - retentionPeriod + 1, Long.MAX_VALUE, false));
    }

    private record Entry(long start, Bytes key, byte[] value) {}

    /** The live entries in the key and time ranges (either key bound may be null), by start time, then key. */
    private synchronized List<Entry> snapshot(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo, boolean forward) {
        removeExpired();
        List<Entry> out = new ArrayList<>();
        if (keyFrom != null && keyTo != null && keyFrom.compareTo(keyTo) > 0) {
            return out;
        }
        long minTime = Math.max(timeFrom, observedStreamTime - retentionPeriod + 1);
        if (timeTo < minTime) {
            return out;
        }
        for (Map.Entry<Long, Map<Bytes, byte[]>> w :
                windows.subMap(minTime, true, timeTo, true).entrySet()) {
            List<Bytes> keys = new ArrayList<>();
            for (Bytes k : w.getValue().keySet()) {
                if ((keyFrom == null || k.compareTo(keyFrom) >= 0) && (keyTo == null || k.compareTo(keyTo) <= 0)) {
                    keys.add(k);
                }
            }
            Collections.sort(keys);
            for (Bytes k : keys) {
                out.add(new Entry(w.getKey(), k, w.getValue().get(k)));
            }
        }
        if (!forward) {
            Collections.reverse(out);
        }
        return out;
    }

    private void removeExpired() {
        long minLiveTime = Math.max(0L, observedStreamTime - retentionPeriod + 1);
        if (minLiveTime > liveFrom) {
            Map<Long, Map<Bytes, byte[]>> expired = windows.headMap(minLiveTime, false);
            expired.keySet().forEach(windowsByStart::remove);
            expired.clear();
            liveFrom = minLiveTime;
        }
    }

    private static WindowStoreIterator<byte[]> timeIterator(List<Entry> entries) {
        Iterator<Entry> it = entries.iterator();
        return new WindowStoreIterator<>() {
            private Entry next;

            @Override
            public boolean hasNext() {
                if (next == null && it.hasNext()) {
                    next = it.next();
                }
                return next != null;
            }

            @Override
            public KeyValue<Long, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                KeyValue<Long, byte[]> kv = new KeyValue<>(next.start, next.value);
                next = null;
                return kv;
            }

            @Override
            public Long peekNextKey() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return next.start;
            }

            @Override
            public void close() {}
        };
    }

    private KeyValueIterator<Windowed<Bytes>, byte[]> windowedIterator(List<Entry> entries) {
        Iterator<Entry> it = entries.iterator();
        return new KeyValueIterator<>() {
            private Entry next;

            @Override
            public boolean hasNext() {
                if (next == null && it.hasNext()) {
                    next = it.next();
                }
                return next != null;
            }

            @Override
            public KeyValue<Windowed<Bytes>, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                KeyValue<Windowed<Bytes>, byte[]> kv = new KeyValue<>(windowed(next), next.value);
                next = null;
                return kv;
            }

            @Override
            public Windowed<Bytes> peekNextKey() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return windowed(next);
            }

            @Override
            public void close() {}
        };
    }

    private Windowed<Bytes> windowed(Entry e) {
        long end = e.start + windowSize;
        return new Windowed<>(e.key, new TimeWindow(e.start, end < 0 ? Long.MAX_VALUE : end));
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return StoreQueryUtils.handleBasicQueries(query, positionBound, config, this, position, context);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        // nothing to write: the changelog is the durable copy
    }

    @Override
    public synchronized void close() {
        windows.clear();
        windowsByStart.clear();
        open = false;
    }
}
