package io.drugwatch.topology;

import static io.drugwatch.topology.AlertFixture.SINKS;
import static io.drugwatch.topology.AlertFixture.keys;
import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.arrest;
import static io.drugwatch.topology.Events.local;
import static io.drugwatch.topology.Events.sample;
import static io.drugwatch.topology.Events.seizure;
import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.alerting.PlantSamples;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.EventType;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Severity;
import io.drugwatch.model.Substance;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alerts processor on its own, fed only {@link AlertFeed} messages, with the production store serdes. */
class CountyAlertsProcessorTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    private final AlertFixture fixture = new AlertFixture();
    private final WindowCalendar calendar = fixture.calendar;
    private final MockProcessorContext<String, Alert> context = fixture.context;
    private final KeyValueStore<String, byte[]> series = fixture.series;
    private final KeyValueStore<String, byte[]> plants = fixture.plants;
    private final KeyValueStore<String, byte[]> states = fixture.states;
    private final KeyValueStore<String, Alert> open = fixture.open;
    private final KeyValueStore<String, Alert> history = fixture.history;
    private CountyAlertsProcessor processor;

    @BeforeEach
    void setUp() {
        processor =
                new CountyAlertsProcessor(calendar, fixture.settings, fixture.config.openAlertsForgetAfter(), SINKS);
        processor.init(context);
    }

    @Test
    void aCountedLargeSeizureOpensAnAlertWithItsStateAndHistory() {
        Instant t = local("2026-11-20", "10:00");
        processor.process(new Record<>(
                LUDIAN,
                new AlertFeed.SeizureCounted(seizure("big-1", LUDIAN, t, DrugType.METHAMPHETAMINE, 12_500)),
                t.toEpochMilli()));

        List<CapturedForward<? extends String, ? extends Alert>> out = context.forwarded();
        assertThat(out)
                .extracting(f -> f.childName().orElseThrow())
                .containsExactly(SINKS.all(), SINKS.critical(), SINKS.open());
        assertThat(out).allSatisfy(f -> assertThat(f.record().timestamp()).isEqualTo(t.toEpochMilli()));
        Alert alert = out.get(0).record().value();
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(keys(states)).containsExactly(StoreKeys.AlertStates.key(LUDIAN, AlertRule.LARGE_SEIZURE, "big-1"));
        assertThat(keys(history)).containsExactly(StoreKeys.AlertHistory.key(alert));
        assertThat(open.get(alert.getAlertId())).isEqualTo(alert);
    }

    @Test
    void aForgottenAlertTakesItsHistoryAndNoOtherAlertsWithIt() {
        Instant first = local("2026-11-20", "10:00");
        Instant second = local("2026-11-22", "09:00");
        processor.process(new Record<>(
                LUDIAN,
                new AlertFeed.SeizureCounted(seizure("big-1", LUDIAN, first, DrugType.HEROIN, 12_500)),
                first.toEpochMilli()));
        processor.process(new Record<>(
                LUDIAN,
                new AlertFeed.SeizureCounted(seizure("big-12", LUDIAN, second, DrugType.HEROIN, 12_500)),
                second.toEpochMilli()));
        String firstId = context.forwarded().get(0).record().value().getAlertId();
        String secondId = context.forwarded()
                .get(context.forwarded().size() - 1)
                .record()
                .value()
                .getAlertId();
        context.resetForwards();

        // big-1 resolves a day after it was seen (Nov 21 10:00) and leaves alerts-open a day later
        for (LocalDate day = DAY; !day.isAfter(DAY.plusDays(2)); day = day.plusDays(1)) {
            processor.process(
                    new Record<>(null, new AlertFeed.DayClosed(day, Map.of(), DAY), calendar.dayEnd(day) - 1));
        }

        assertThat(context.forwarded())
                .filteredOn(f -> f.record().value() == null)
                .extracting(f -> (String) f.record().key())
                .containsExactly(firstId);
        assertThat(open.get(firstId)).isNull();
        assertThat(keys(history)).hasSize(1).allMatch(key -> key.startsWith(secondId + StoreKeys.SEP));
        assertThat(open.get(secondId).getStatus()).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void aCountedSampleIsFiledUnderItsCountyPlantAndSubstance() {
        Instant t = local("2026-11-20", "06:00");
        processor.process(new Record<>(
                LUDIAN,
                new AlertFeed.SampleCounted(sample("w-1", LUDIAN, t, Substance.METHAMPHETAMINE, 200, 10_000, 50_000)),
                t.toEpochMilli()));

        assertThat(keys(plants))
                .containsExactly(StoreKeys.Plants.key(
                        LUDIAN, PlantSamples.plantKey(LUDIAN + "-WWTP"), Substance.METHAMPHETAMINE));
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aClosedDayExtendsTheSeriesOfItsCountiesAndOfThePeers() {
        DailyPane pane = new DailyPane();
        EventType.ARREST.addTo(pane, arrest("a-1", LUDIAN, local("2026-11-20", "10:00"), Offense.USE, 1));
        processor.process(
                new Record<>(null, new AlertFeed.DayClosed(DAY, Map.of(LUDIAN, pane), DAY), calendar.dayEnd(DAY) - 1));

        assertThat(keys(series)).containsExactlyInAnyOrder(LUDIAN, StoreKeys.AlertSeries.PEERS);
        assertThat(context.forwarded()).as("one day is too little to judge").isEmpty();
    }
}
