package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.state.DailyPaneSerde;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** In-memory stores of the windows processor on a {@link MockProcessorContext}, for testing its parts alone. */
final class WindowStores {

    static final Duration GRACE = Duration.ofHours(48);
    final WindowCalendar calendar = new WindowCalendar(ZoneId.of("Asia/Shanghai"), GRACE);
    final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    <S extends StateStore> S add(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    KeyValueStore<String, Long> clock() {
        return add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.CLOCK), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build());
    }

    WindowStore<String, Long> seen(Duration horizon) {
        return add(Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(StoreNames.SEEN_EVENTS, horizon.multipliedBy(3), horizon, false),
                        Serdes.String(),
                        Serdes.Long())
                .withLoggingDisabled()
                .build());
    }

    DailyPanes panes() {
        KeyValueStore<String, DailyPane> panes = add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.PANES), Serdes.String(), new DailyPaneSerde())
                .withLoggingDisabled()
                .build());
        KeyValueStore<String, byte[]> days = add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.DAYS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build());
        return new DailyPanes(panes, days);
    }

    /** What went to county-indicators. */
    List<Record<String, CountyIndicators>> published() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals(IndicatorsTopology.INDICATORS_SINK))
                .map(f -> new Record<>(
                        (String) f.record().key(),
                        (CountyIndicators) f.record().value(),
                        f.record().timestamp()))
                .toList();
    }
}
