package io.drugwatch.state;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.DailyPaneCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Store and changelog format of daily panes; see {@link DailyPaneCodec}. */
public final class DailyPaneSerde implements Serde<DailyPane> {

    @Override
    public Serializer<DailyPane> serializer() {
        return (topic, pane) -> pane == null ? null : DailyPaneCodec.encode(pane);
    }

    @Override
    public Deserializer<DailyPane> deserializer() {
        return (topic, bytes) -> bytes == null ? null : DailyPaneCodec.decode(bytes);
    }
}
