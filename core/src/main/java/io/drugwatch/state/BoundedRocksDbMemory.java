package io.drugwatch.state;

import io.drugwatch.config.DrugwatchConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store (each segment and partition included) by one block
 * cache and one write-buffer manager charged to it, as Kafka Streams' memory-management guide describes.
 * Without it each store instance has a block cache of its own and up to three 16 MiB memtables, so
 * resident memory grows with partitions, stores and time before it levels off.
 *
 * <p>Kafka Streams creates one instance per store by class name ({@code rocksdb.config.setter}), so the
 * budget comes from the streams config ({@value DrugwatchConfig#ROCKSDB_MEMORY},
 * {@value DrugwatchConfig#ROCKSDB_WRITE_BUFFER_RATIO}, parsed with their one definition) and the cache is
 * shared through a static registry. Pipelines in one JVM with the same budget share one cache, so the bound holds for
 * the process (tests, several instances in one JVM); a pipeline with another budget gets its own. The
 * cache and manager are counted by the stores open on them and closed with the last one, never while a
 * store still uses them.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Share of the cache kept for index and filter blocks, so data blocks do not evict them. */
    static final double HIGH_PRIORITY_RATIO = 0.1;

    private static final Map<Budget, Shared> SHARED = new HashMap<>();

    /** The budget this instance's store took memory from, so {@link #close} returns it there. */
    private Budget budget;

    /** Total bytes and the share of it that memtables may take before they are flushed. */
    public record Budget(long totalBytes, double writeBufferRatio) {

        public long writeBufferBytes() {
            return (long) (totalBytes * writeBufferRatio);
        }

        /** The budget in a streams config; a missing setting takes its default. */
        public static Budget from(Map<String, ?> configs) {
            return new Budget((Long) parse(configs, DrugwatchConfig.ROCKSDB_MEMORY), (Double)
                    parse(configs, DrugwatchConfig.ROCKSDB_WRITE_BUFFER_RATIO));
        }

        private static Object parse(Map<String, ?> configs, String name) {
            ConfigDef.ConfigKey key = DrugwatchConfig.DEFINITION.configKeys().get(name);
            Objects.requireNonNull(key, () -> name + " is not defined");
            Object value = ConfigDef.parseType(
                    name, configs.containsKey(name) ? configs.get(name) : key.defaultValue, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(name, value);
            }
            return value;
        }
    }

    private static final class Shared {
        final Cache cache;
        final WriteBufferManager writeBuffers;
        int stores;

        Shared(Budget budget) {
            // not a strict limit: a full cache would fail reads and so the stream thread; the write-buffer
            // manager flushes memtables instead, and index and filter blocks beyond the cache are rare
            cache = new LRUCache(budget.totalBytes(), -1, false, HIGH_PRIORITY_RATIO);
            writeBuffers = new WriteBufferManager(budget.writeBufferBytes(), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Budget b = Budget.from(configs);
        Shared shared;
        synchronized (SHARED) {
            shared = SHARED.computeIfAbsent(b, Shared::new);
            shared.stores++;
        }
        budget = b;
        // Kafka Streams' own table config: it reads the block cache back from it for its metrics
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers);
    }

    @Override
    public void close(String storeName, Options options) {
        if (budget == null) {
            return;
        }
        synchronized (SHARED) {
            Shared shared = SHARED.get(budget);
            if (shared != null && --shared.stores == 0) {
                SHARED.remove(budget);
                // RocksDB holds its own references, so this only lets go of ours
                shared.writeBuffers.close();
                shared.cache.close();
            }
        }
        budget = null;
    }

    /** Bytes the stores on this budget hold in the shared cache (blocks and memtables), or 0 if none is open. */
    public static long usage(Budget budget) {
        synchronized (SHARED) {
            Shared shared = SHARED.get(budget);
            return shared == null ? 0 : shared.cache.getUsage();
        }
    }

    /** Store instances (segments and partitions each count) open on this budget. */
    public static int openStores(Budget budget) {
        synchronized (SHARED) {
            Shared shared = SHARED.get(budget);
            return shared == null ? 0 : shared.stores;
        }
    }
}
