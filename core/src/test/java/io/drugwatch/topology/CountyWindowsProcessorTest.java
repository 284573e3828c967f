package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.sample;
import static io.drugwatch.topology.Events.seizure;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.Substance;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.state.DailyPaneSerde;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the windows processor sends the alerts processor, and where it files its panes. */
class CountyWindowsProcessorTest {

    private static final String ALERTS = "county-alerts";

    private final DrugwatchConfig config =
            DrugwatchConfig.defaults().with(Map.of(DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID()));
    private final Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
    private final WindowCalendar calendar = new WindowCalendar(config.timeZone(), config.grace());
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, DailyPane> panes;
    private KeyValueStore<String, byte[]> days;
    private CountyWindowsProcessor processor;

    @BeforeEach
    void setUp() {
        panes = add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.PANES), Serdes.String(), new DailyPaneSerde())
                .withLoggingDisabled()
                .build());
        days = add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.DAYS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build());
        Duration horizon = config.dedupHorizon();
        WindowStore<String, Long> seen = Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(StoreNames.SEEN_EVENTS, horizon.multipliedBy(3), horizon, false),
                        Serdes.String(),
                        Serdes.Long())
                .withLoggingDisabled()
                .build();
        add(seen);
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.CLOCK), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build());
        add(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.COUNTIES),
                        Serdes.String(),
                        topics.counties().valueSerde())
                .withLoggingDisabled()
                .build());
        processor = new CountyWindowsProcessor(
                calendar,
                horizon,
                config.updateInterval(),
                Duration.ZERO,
                IndicatorsTopology.INDICATORS_SINK,
                IndicatorsTopology.LATEST,
                IndicatorsTopology.DEAD_LETTERS_SINK,
                ALERTS);
        context.setCurrentSystemTimeMs(PipelineDriver.WALL_CLOCK.toEpochMilli());
        processor.init(context);
    }

    @Test
    void countedSeizuresAndSamplesGoToTheAlertsAsTheirOwnMessages() {
        Instant t = local("2026-11-20", "10:00");
        Arrest a = arrest("a-1", LUDIAN, t, Offense.USE, 1);
        Seizure s = seizure("s-1", LUDIAN, t, DrugType.HEROIN, 20);
        WastewaterSample w = sample("w-1", LUDIAN, t, Substance.METHAMPHETAMINE, 200, 10_000, 50_000);
        processor.process(admitted(EventType.ARREST, topics.input(EventType.ARREST), a, t));
        processor.process(admitted(EventType.SEIZURE, topics.input(EventType.SEIZURE), s, t.plusSeconds(1)));
        processor.process(
                admitted(EventType.WASTEWATER_SAMPLE, topics.input(EventType.WASTEWATER_SAMPLE), w, t.plusSeconds(2)));

        assertThat(toAlerts())
                .containsExactly(
                        new Record<>(
                                LUDIAN,
                                new AlertFeed.SeizureCounted(s),
                                t.plusSeconds(1).toEpochMilli()),
                        new Record<>(
                                LUDIAN,
                                new AlertFeed.SampleCounted(w),
                                t.plusSeconds(2).toEpochMilli()));
    }

    @Test
    void everyClosingDaySendsItsPanesToTheAlerts() {
        LocalDate day = LocalDate.parse("2026-11-20");
        Instant t = local("2026-11-20", "10:00");
        Arrest a = arrest("a-1", LUDIAN, t, Offense.USE, 2);
        processor.process(admitted(EventType.ARREST, topics.input(EventType.ARREST), a, t));
        // Nov 20 closes when stream time reaches its end plus the 48 h grace
        Instant closing = local("2026-11-23", "00:00");
        processor.process(admitted(
                EventType.ARREST,
                topics.input(EventType.ARREST),
                arrest("a-2", LUDIAN, closing, Offense.USE, 1),
                closing));

        DailyPane pane = new DailyPane();
        EventType.ARREST.addTo(pane, a);
        assertThat(toAlerts())
                .containsExactly(
                        new Record<>(
                                null,
                                new AlertFeed.DayClosed(day.minusDays(2), Map.of(), day),
                                calendar.dayEnd(day.minusDays(2)) - 1),
                        new Record<>(
                                null,
                                new AlertFeed.DayClosed(day.minusDays(1), Map.of(), day),
                                calendar.dayEnd(day.minusDays(1)) - 1),
                        new Record<>(
                                null,
                                new AlertFeed.DayClosed(day, Map.of(LUDIAN, pane), day),
                                calendar.dayEnd(day) - 1));
        assertThat(panes.get(StoreKeys.Panes.key(LUDIAN, day))).isEqualTo(pane);
        assertThat(days.get(StoreKeys.Days.key(day, LUDIAN))).isNotNull();
    }

    private List<Record<?, ?>> toAlerts() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals(ALERTS))
                .<Record<?, ?>>map(MockProcessorContext.CapturedForward::record)
                .toList();
    }

    private <T extends SpecificRecord> Record<String, Admitted<?>> admitted(
            EventType<T> type, Topic<String, T> topic, T event, Instant at) {
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
        return new Record<>(
                LUDIAN,
                new Admitted<>(type, topic.name(), event, LUDIAN.getBytes(StandardCharsets.UTF_8), value),
                at.toEpochMilli());
    }

    private <S extends StateStore> S add(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
