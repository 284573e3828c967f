package io.drugwatch.topology;

import io.drugwatch.alerting.AlertLifecycle;
import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.Alerts;
import io.drugwatch.alerting.Finding;
import io.drugwatch.alerting.Language;
import io.drugwatch.alerting.Transition;
import io.drugwatch.model.Alert;
import io.drugwatch.model.County;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one alert through {@link AlertLifecycle}: stores its next state in {@link AlertStateStore} and
 * publishes the state change, if any, as a record named after its county.
 */
final class AlertJudge {

    private static final Logger log = LoggerFactory.getLogger(AlertJudge.class);

    private final AlertLifecycle lifecycle;
    private final AlertStateStore states;
    private final OpenAlerts openAlerts;
    private final ReadOnlyKeyValueStore<String, County> counties;
    private final Language language;
    private final ZoneId zone;
    private final AlertPublisher publisher;

    AlertJudge(
            AlertLifecycle lifecycle,
            AlertStateStore states,
            OpenAlerts openAlerts,
            ReadOnlyKeyValueStore<String, County> counties,
            Language language,
            ZoneId zone,
            AlertPublisher publisher) {
        this.lifecycle = lifecycle;
        this.states = states;
        this.openAlerts = openAlerts;
        this.counties = counties;
        this.language = language;
        this.zone = zone;
        this.publisher = publisher;
    }

    void judge(String county, Finding finding, long evaluatedAt) {
        String key = AlertStateStore.key(county, finding);
        AlertState previous = states.get(key);
        AlertLifecycle.Step step = lifecycle.apply(previous, finding, county, evaluatedAt);
        if (step.next() != previous) {
            if (step.next() == null) {
                states.delete(key);
            } else {
                states.put(key, step.next());
            }
        }
        step.transition().ifPresent(t -> publish(t, finding, county, evaluatedAt));
    }

    /** Counts a clear evaluation for an open alert whose rule had nothing to judge; resolves it from its last record. */
    void clearWithoutFinding(String county, String key, long evaluatedAt) {
        AlertState state = states.get(key);
        Alert last = openAlerts.last(state.alertId());
        if (last == null) {
            return;
        }
        Finding clear = Alerts.clearFinding(last);
        AlertLifecycle.Step step = lifecycle.apply(state, clear, county, evaluatedAt);
        states.put(key, step.next());
        step.transition().ifPresent(t -> publish(t, clear, county, evaluatedAt));
    }

    /** Forgets a per-event alert due to resolve and publishes it RESOLVED, as of when it was due. */
    void expire(String key, AlertState state, long streamTime) {
        Optional<Transition> t = lifecycle.expire(state, streamTime);
        states.delete(key);
        Alert last = openAlerts.last(state.alertId());
        if (t.isPresent() && last != null) {
            publish(t.get(), Alerts.clearFinding(last), AlertStateStore.county(key), state.resolveAt());
        }
    }

    private void publish(Transition transition, Finding finding, String county, long updatedAt) {
        publisher.publish(Alerts.toRecord(transition, finding, county, countyName(county), updatedAt, language, zone));
    }

    private String countyName(String code) {
        try {
            County c = counties.get(code);
            return c == null ? null : c.getName();
        } catch (RuntimeException e) {
            log.warn("reference data for county {} is unreadable: {}", code, e.toString());
            return null;
        }
    }
}
