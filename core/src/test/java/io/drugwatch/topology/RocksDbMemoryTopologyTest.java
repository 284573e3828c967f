package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.Offense;
import io.drugwatch.state.BoundedRocksDbMemory;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production topology's RocksDB stores, configured as the app configures Kafka Streams, share one budget. */
class RocksDbMemoryTopologyTest {

    /** A budget of this test's own, so that no other pipeline in the JVM counts towards it. */
    private static final Map<String, String> SETTINGS =
            Map.of(DrugwatchConfig.ROCKSDB_MEMORY, "41943040", DrugwatchConfig.ROCKSDB_WRITE_BUFFER_RATIO, "0.3");

    @Test
    void everyStoreOfThePipelineTakesItsMemoryFromTheConfiguredBudget() {
        BoundedRocksDbMemory.Budget budget;
        try (PipelineDriver p = new PipelineDriver(SETTINGS)) {
            budget = BoundedRocksDbMemory.Budget.from(p.config.kafkaProperties());
            assertThat(budget).isEqualTo(new BoundedRocksDbMemory.Budget(40L << 20, 0.3));
            Instant t = local("2026-11-18", "10:00");
            p.arrests.pipeInput(LUDIAN, arrest("a-1", LUDIAN, t, Offense.TRAFFICKING, 2), t);

            // one task, so one instance of each persistent store: panes, days, event ids, clock, alert state,
            // the global counties and the roll-ups' tables
            assertThat(BoundedRocksDbMemory.openStores(budget)).isGreaterThanOrEqualTo(5);
            assertThat(BoundedRocksDbMemory.usage(budget)).isPositive();
        }
        assertThat(BoundedRocksDbMemory.openStores(budget)).isZero();
    }
}
