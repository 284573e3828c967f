package io.drugwatch.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.internals.BytesUtils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;

/**
 * A key-value store on the heap that behaves like Kafka's in-memory store (byte order of keys, ranges
 * over a snapshot of the keys with current values, the same restore and query support), but reads and
 * overwrites a key with a hash lookup: only adding or removing a key touches the sorted key index. Our
 * processors overwrite the same keys (a county's pane of the day, the clock) with nearly every record,
 * and Kafka's store pays a tree search of byte-array comparisons for each (docs/performance.md).
 */
public final class HashedKeyValueStore implements KeyValueStore<Bytes, byte[]> {

    /** A key's entry, shared by the hash index and the sorted one; a null value once the key is deleted. */
    private static final class Slot {
        final Bytes key;
        byte[] value;

        Slot(Bytes key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private final String name;
    private final Map<Bytes, Slot> slots = new HashMap<>();
    /** The keys in order; built when first needed (a range or a full scan), then kept up to date. */
    private NavigableMap<Bytes, Slot> sorted;

    private final Position position = Position.emptyPosition();
    private volatile boolean open;
    private StateStoreContext context;

    public HashedKeyValueStore(String name) {
        this.name = name;
    }

    /** Supplies {@link HashedKeyValueStore}s. */
    public static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new HashedKeyValueStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        if (root != null) {
            boolean consistency = StreamsConfig.InternalConfig.getBoolean(
                    stateStoreContext.appConfigs(),
                    StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED,
                    false);
            stateStoreContext.register(root, (RecordBatchingStateRestoreCallback) records -> {
                synchronized (position) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        put(Bytes.wrap(record.key()), record.value());
                        ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(
                                record, consistency, position);
                    }
                }
            });
        }
        open = true;
        this.context = stateStoreContext;
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
    public Position getPosition() {
        return position;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return StoreQueryUtils.handleBasicQueries(query, positionBound, config, this, position, context);
    }

    @Override
    public synchronized byte[] get(Bytes key) {
        Slot slot = slots.get(key);
        return slot == null ? null : slot.value;
    }

    @Override
    public synchronized void put(Bytes key, byte[] value) {
        putInternal(key, value);
    }

    private void putInternal(Bytes key, byte[] value) {
        synchronized (position) {
            if (value == null) {
                remove(key);
            } else {
                Slot slot = slots.get(key);
                if (slot != null) {
                    slot.value = value;
                } else {
                    slot = new Slot(key, value);
                    slots.put(key, slot);
                    if (sorted != null) {
                        sorted.put(key, slot);
                    }
                }
            }
            StoreQueryUtils.updatePosition(position, context);
        }
    }

    private byte[] remove(Bytes key) {
        Slot slot = slots.remove(key);
        if (slot == null) {
            return null;
        }
        if (sorted != null) {
            sorted.remove(key);
        }
        byte[] old = slot.value;
        slot.value = null;
        return old;
    }

    @Override
    public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] original = get(key);
        if (original == null) {
            put(key, value);
        }
        return original;
    }

    @Override
    public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        for (KeyValue<Bytes, byte[]> e : entries) {
            putInternal(e.key, e.value);
        }
    }

    @Override
    public synchronized byte[] delete(Bytes key) {
        return remove(key);
    }

    @Override
    public synchronized <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
            P prefix, PS serializer) {
        Bytes from = Bytes.wrap(serializer.serialize(null, prefix));
        Bytes to = BytesUtils.increment(from);
        return new SnapshotIterator(sorted().subMap(from, true, to, false).values(), true);
    }

    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return range(from, to, true);
    }

    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return range(from, to, false);
    }

    private NavigableMap<Bytes, Slot> sorted() {
        if (sorted == null) {
            sorted = new TreeMap<>();
            for (Slot slot : slots.values()) {
                sorted.put(slot.key, slot);
            }
        }
        return sorted;
    }

    private KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to, boolean forward) {
        NavigableMap<Bytes, Slot> sorted = sorted();
        if (from == null && to == null) {
            return new SnapshotIterator(sorted.values(), forward);
        } else if (from == null) {
            return new SnapshotIterator(sorted.headMap(to, true).values(), forward);
        } else if (to == null) {
            return new SnapshotIterator(sorted.tailMap(from, true).values(), forward);
        } else if (from.compareTo(to) > 0) {
            // as Kafka's stores do (they also log a warning)
            return new SnapshotIterator(List.of(), forward);
        }
        return new SnapshotIterator(sorted.subMap(from, true, to, true).values(), forward);
    }

    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> all() {
        return new SnapshotIterator(sorted().values(), true);
    }

    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> reverseAll() {
        return new SnapshotIterator(sorted().values(), false);
    }

    @Override
    public synchronized long approximateNumEntries() {
        return slots.size();
    }

    @Override
    public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {
        // nothing to write: the changelog is the durable copy
    }

    @Override
    public synchronized void close() {
        slots.clear();
        sorted = null;
        open = false;
    }

    /**
     * Iterates over the keys in range when it was created, with the values they have when reached;
     * keys deleted meanwhile are skipped, as Kafka's in-memory store does.
     */
    private final class SnapshotIterator implements KeyValueIterator<Bytes, byte[]> {
        private final List<Slot> snapshot;
        private final boolean forward;
        private int index;
        private Slot next;
        private boolean closed;

        SnapshotIterator(Collection<Slot> range, boolean forward) {
            // one pass: copying a sorted-map view through toArray() would walk it twice
            List<Slot> copy = new ArrayList<>();
            for (Slot slot : range) {
                copy.add(slot);
            }
            this.snapshot = copy;
            this.forward = forward;
            this.index = forward ? 0 : snapshot.size() - 1;
        }

        /** The key's live slot: its own, or a new one if it was deleted and written again. */
        private Slot live(Slot slot) {
            return slot.value != null ? slot : slots.get(slot.key);
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                throw new IllegalStateException("Iterator for store " + name + " has already been closed.");
            }
            synchronized (HashedKeyValueStore.this) {
                if (next != null) {
                    next = live(next);
                }
                while (next == null && index >= 0 && index < snapshot.size()) {
                    next = live(snapshot.get(index));
                    index += forward ? 1 : -1;
                }
            }
            return next != null;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> result;
            synchronized (HashedKeyValueStore.this) {
                result = new KeyValue<>(next.key, next.value);
            }
            next = null;
            return result;
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
