package io.drugwatch.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes its records are written in: the one place that pairs a name with its formats. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
