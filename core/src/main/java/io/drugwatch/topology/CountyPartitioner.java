package io.drugwatch.topology;

import io.drugwatch.domain.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts every county window of a county in the partition its input events are in: Kafka's default
 * partitioner applied to the county code alone, as producers keyed by county code place the inputs.
 * A county's windows then sit on one instance, which alone answers a query for that county.
 */
public final class CountyPartitioner implements StreamPartitioner<String, Object> {

    public static final CountyPartitioner INSTANCE = new CountyPartitioner();

    private CountyPartitioner() {}

    /** The partition of a county code, or of a window key ({@code county|days|date}) by its county. */
    public static int partitionOf(String key, int partitions) {
        byte[] county = StoreKeys.CountyWindows.county(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(county)) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }
}
