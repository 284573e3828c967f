package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Offense;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** Which windows go to county-indicators, when, and with which timestamps. */
class WindowPublisherTest {

    private final WindowStores stores = new WindowStores();
    private final WindowCalendar calendar = stores.calendar;
    private final MockProcessorContext<Object, Object> context = stores.context;

    private final DrugwatchConfig config =
            DrugwatchConfig.defaults().with(Map.of(DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID()));
    private final Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
    private final DailyPanes panes = stores.panes();
    private final WindowPublisher publisher = new WindowPublisher(
            context,
            IndicatorsTopology.INDICATORS_SINK,
            IndicatorsTopology.LATEST,
            calendar,
            panes,
            stores.add(Stores.keyValueStoreBuilder(
                            Stores.inMemoryKeyValueStore(StoreNames.COUNTIES),
                            Serdes.String(),
                            topics.counties().valueSerde())
                    .withLoggingDisabled()
                    .build()),
            new PipelineMetrics(context));
    private final LocalDate day = LocalDate.parse("2026-11-20");

    private void arrestOn(LocalDate d) {
        DailyPane pane = panes.openPane(LUDIAN, d);
        pane.addArrest(Offense.USE, 2, false);
        panes.save(LUDIAN, d, pane);
    }

    @Test
    void aClosedDayPublishesEveryWindowEndingOnItOnceAsFinal() {
        arrestOn(day);
        long streamTime = calendar.closesAt(day) + 1;
        long ceiling = calendar.dayEnd(day) + 5_000;
        publisher.publishFinal(LUDIAN, day, streamTime, ceiling);

        assertThat(stores.published())
                .extracting(Record::key)
                .containsExactly(
                        StoreKeys.CountyWindows.key(LUDIAN, 1, day),
                        StoreKeys.CountyWindows.key(LUDIAN, 7, day),
                        StoreKeys.CountyWindows.key(LUDIAN, 28, day));
        assertThat(stores.published()).allSatisfy(r -> {
            assertThat(r.value().getFinal$()).isTrue();
            assertThat(r.value().getSuspects()).isEqualTo(2);
            assertThat(r.timestamp()).isEqualTo(calendar.dayEnd(day) - 1);
        });
    }

    @Test
    void updatesGoOutOncePerChangeAndForADayThatBegins() {
        arrestOn(day);
        publisher.changed(LUDIAN, day);
        long noon = local("2026-11-20", "12:00").toEpochMilli();
        publisher.publishUpdates(noon, day.minusDays(3), noon);
        assertThat(stores.published()).hasSize(3).allSatisfy(r -> {
            assertThat(r.value().getFinal$()).isFalse();
            assertThat(r.timestamp()).isEqualTo(noon);
        });

        context.resetForwards();
        publisher.publishUpdates(noon + 1_000, day.minusDays(3), noon + 1_000);
        assertThat(stores.published()).as("nothing changed").isEmpty();

        LocalDate next = day.plusDays(1);
        publisher.begun(next);
        long nextMorning = local("2026-11-21", "00:10").toEpochMilli();
        publisher.publishUpdates(nextMorning, day.minusDays(2), nextMorning);
        assertThat(stores.published())
                .as("the 7- and 28-day windows of the new day carry yesterday's arrest; its 1-day window is empty")
                .extracting(Record::key)
                .containsExactly(
                        StoreKeys.CountyWindows.key(LUDIAN, 7, next), StoreKeys.CountyWindows.key(LUDIAN, 28, next));
    }
}
