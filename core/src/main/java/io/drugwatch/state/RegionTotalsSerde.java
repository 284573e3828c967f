package io.drugwatch.state;

import io.drugwatch.domain.RegionTotals;
import io.drugwatch.domain.RegionTotalsCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Store and changelog format of regional totals; see {@link RegionTotalsCodec}. */
public final class RegionTotalsSerde implements Serde<RegionTotals> {

    @Override
    public Serializer<RegionTotals> serializer() {
        return (topic, totals) -> totals == null ? null : RegionTotalsCodec.encode(totals);
    }

    @Override
    public Deserializer<RegionTotals> deserializer() {
        return (topic, bytes) -> bytes == null ? null : RegionTotalsCodec.decode(bytes);
    }
}
