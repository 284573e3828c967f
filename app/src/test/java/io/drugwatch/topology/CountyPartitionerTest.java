package io.drugwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.domain.StoreKeys;
import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CountyPartitionerTest {

    private static final StringSerializer KEYS = new StringSerializer();

    @Test
    void aCountysWindowsGoWhereAProducerPutsItsEvents() {
        LocalDate end = LocalDate.of(2026, 12, 1);
        for (County c : CountyReference.bundled()) {
            for (int partitions : new int[] {1, 2, 4, 12}) {
                int events = BuiltInPartitioner.partitionForKey(KEYS.serialize("arrests", c.getCode()), partitions);
                for (int days : new int[] {1, 7, 28}) {
                    String key = StoreKeys.CountyWindows.key(c.getCode(), days, end);
                    assertThat(CountyPartitioner.INSTANCE.partitions("county-indicators", key, null, partitions))
                            .as("%s in %d partitions", key, partitions)
                            .isEqualTo(Optional.of(Set.of(events)));
                }
                assertThat(CountyPartitioner.partitionOf(c.getCode(), partitions))
                        .isEqualTo(events);
            }
        }
    }
}
