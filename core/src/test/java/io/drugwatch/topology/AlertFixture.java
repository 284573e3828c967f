package io.drugwatch.topology;

import static io.drugwatch.topology.Events.LUDIAN;
import static io.drugwatch.topology.Events.seizure;

import io.drugwatch.alerting.AlertLifecycle;
import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.alerting.Alerts;
import io.drugwatch.alerting.Finding;
import io.drugwatch.alerting.Transition;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.County;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Severity;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerts processor's stores, in memory with the production serdes and registered with a
 * {@link MockProcessorContext}, and the settings they are judged with.
 */
final class AlertFixture {

    static final CountyAlertsProcessor.AlertSinks SINKS = new CountyAlertsProcessor.AlertSinks(
            "alerts-sink", "alerts-critical-sink", "alerts-warning-sink", "alerts-open-sink");

    final DrugwatchConfig config =
            DrugwatchConfig.defaults().with(Map.of(DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID()));
    final Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
    final WindowCalendar calendar = new WindowCalendar(config.timeZone(), config.grace());
    final AlertSettings settings = config.alertSettings();
    final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    final KeyValueStore<String, byte[]> series = store(StoreNames.ALERT_SERIES, Serdes.ByteArray());
    final KeyValueStore<String, byte[]> plants = store(StoreNames.PLANT_SAMPLES, Serdes.ByteArray());
    final KeyValueStore<String, byte[]> coverage = store(StoreNames.ALERT_COVERAGE, Serdes.ByteArray());
    final KeyValueStore<String, byte[]> states = store(StoreNames.ALERT_STATES, Serdes.ByteArray());
    final KeyValueStore<String, Alert> open =
            store(StoreNames.OPEN_ALERTS, topics.alertsOpen().valueSerde());
    final KeyValueStore<String, Alert> history =
            store(StoreNames.ALERT_HISTORY, topics.alerts().valueSerde());
    final KeyValueStore<String, County> counties =
            store(StoreNames.COUNTIES, topics.counties().valueSerde());

    /** A judge on this fixture's settings, counties and zone. */
    AlertJudge judge(AlertStateStore states, OpenAlerts openAlerts, AlertPublisher publisher) {
        return new AlertJudge(
                lifecycle(), states, openAlerts, counties, settings.language(), calendar.zone(), publisher);
    }

    AlertLifecycle lifecycle() {
        return new AlertLifecycle(settings.resolveAfter(), calendar.zone());
    }

    /** What the rules find in a 12.5 kg heroin seizure at {@code at}: a CRITICAL per-event finding. */
    Finding largeSeizure(String eventId, Instant at) {
        return new AlertRules(settings, calendar)
                .largeSeizure(seizure(eventId, LUDIAN, at, DrugType.HEROIN, 12_500))
                .orElseThrow();
    }

    /** A record of the alert {@code alertId} with the given status and severity, updated at {@code at}. */
    Alert alert(String alertId, AlertStatus status, Severity severity, Instant at) {
        return Alerts.toRecord(
                new Transition(status, severity, alertId, at.toEpochMilli()),
                largeSeizure(alertId, at),
                LUDIAN,
                null,
                at.toEpochMilli(),
                settings.language(),
                calendar.zone());
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
