package io.drugwatch.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.config.DrugwatchConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {

    /** A budget no other test uses, so the shared registry's counts are this test's own. */
    private static final Map<String, Object> CONFIGS =
            Map.of(DrugwatchConfig.ROCKSDB_MEMORY, "50331648", DrugwatchConfig.ROCKSDB_WRITE_BUFFER_RATIO, "0.25");

    private static final BoundedRocksDbMemory.Budget BUDGET = BoundedRocksDbMemory.Budget.from(CONFIGS);

    /** Options as Kafka Streams hands them to the setter: with its own table config, whose cache it reads back. */
    private static Options kafkaOptions() {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static BlockBasedTableConfigWithAccessibleCache table(Options options) {
        return (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
    }

    @Test
    void budgetIsReadFromTheStreamsConfigWithTheDefinedDefaultsAndChecks() {
        assertThat(BUDGET.totalBytes()).isEqualTo(48L << 20);
        assertThat(BUDGET.writeBufferBytes()).isEqualTo(12L << 20);
        assertThat(BoundedRocksDbMemory.Budget.from(Map.of()))
                .isEqualTo(new BoundedRocksDbMemory.Budget(128L << 20, 0.5));
        assertThatThrownBy(() -> BoundedRocksDbMemory.Budget.from(Map.of(DrugwatchConfig.ROCKSDB_MEMORY, "1024")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DrugwatchConfig.ROCKSDB_MEMORY);
    }

    @Test
    void everyStoreGetsTheSameCacheAndWriteBufferManagerWithIndexAndFilterBlocksInTheCache() {
        BoundedRocksDbMemory first = new BoundedRocksDbMemory();
        BoundedRocksDbMemory second = new BoundedRocksDbMemory();
        try (Options a = kafkaOptions();
                Options b = kafkaOptions()) {
            first.setConfig("county-panes", a, CONFIGS);
            second.setConfig("seen-event-ids", b, CONFIGS);

            assertThat(table(a).blockCache()).isNotNull().isSameAs(table(b).blockCache());
            assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
            assertThat(table(a).cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table(a).cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table(a).pinTopLevelIndexAndFilter()).isTrue();
            assertThat(BoundedRocksDbMemory.openStores(BUDGET)).isEqualTo(2);

            first.close("county-panes", a);
            assertThat(BoundedRocksDbMemory.openStores(BUDGET)).isEqualTo(1);
            second.close("seen-event-ids", b);
            assertThat(BoundedRocksDbMemory.openStores(BUDGET)).isZero();
        }
    }

    @Test
    void anotherBudgetGetsACacheOfItsOwn() {
        Map<String, Object> other = Map.of(DrugwatchConfig.ROCKSDB_MEMORY, "33554432");
        BoundedRocksDbMemory first = new BoundedRocksDbMemory();
        BoundedRocksDbMemory second = new BoundedRocksDbMemory();
        try (Options a = kafkaOptions();
                Options b = kafkaOptions()) {
            first.setConfig("county-panes", a, CONFIGS);
            second.setConfig("county-panes", b, other);
            assertThat(table(a).blockCache()).isNotSameAs(table(b).blockCache());
            first.close("county-panes", a);
            second.close("county-panes", b);
        }
    }

    @Test
    void aStoresMemtablesAreChargedToTheSharedCache(@TempDir Path dir) throws Exception {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options options = kafkaOptions()) {
            setter.setConfig("county-panes", options, CONFIGS);
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                byte[] value = new byte[1024];
                for (int i = 0; i < 2_000; i++) {
                    db.put(("key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
                }
                // the write-buffer manager reserves the memtable's memory in the cache in blocks of 1 MiB or so
                assertThat(BoundedRocksDbMemory.usage(BUDGET)).isGreaterThanOrEqualTo(1L << 20);
            }
            setter.close("county-panes", options);
        }
        assertThat(BoundedRocksDbMemory.usage(BUDGET)).isZero();
    }
}
