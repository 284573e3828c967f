package io.drugwatch.state;

import io.drugwatch.model.CountyIndicators;
import io.drugwatch.topics.Topic;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Store and changelog format of {@link LatestWindow}: a format byte, updatedAt (8 bytes), the end date
 * as an epoch day (4 bytes), then the window as on county-indicators (Confluent Avro), so a scan
 * reads when an entry changed and how old it is without decoding the window.
 */
public final class LatestWindowSerde implements Serde<LatestWindow> {

    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 8 + 4;

    private final String topic;
    private final Serde<CountyIndicators> windows;

    public LatestWindowSerde(Topic<String, CountyIndicators> countyIndicators) {
        this.topic = countyIndicators.name();
        this.windows = countyIndicators.valueSerde();
    }

    @Override
    public Serializer<LatestWindow> serializer() {
        Serializer<CountyIndicators> inner = windows.serializer();
        return (t, latest) -> {
            if (latest == null) {
                return null;
            }
            byte[] window = inner.serialize(topic, latest.window());
            return ByteBuffer.allocate(HEADER + window.length)
                    .put(FORMAT)
                    .putLong(latest.updatedAt())
                    .putInt(Math.toIntExact(latest.endDate().toEpochDay()))
                    .put(window)
                    .array();
        };
    }

    @Override
    public Deserializer<LatestWindow> deserializer() {
        Deserializer<CountyIndicators> inner = windows.deserializer();
        return (t, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < HEADER || bytes[0] != FORMAT) {
                throw new IllegalArgumentException("not a county-latest-windows entry of format " + FORMAT);
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.get();
            long updatedAt = in.getLong();
            LocalDate end = LocalDate.ofEpochDay(in.getInt());
            return new LatestWindow(
                    updatedAt, end, () -> inner.deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length)));
        };
    }
}
