package io.drugwatch.topology;

import io.drugwatch.alerting.AlertLifecycle;
import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.Alerts;
import io.drugwatch.alerting.CountySeries;
import io.drugwatch.alerting.Finding;
import io.drugwatch.alerting.PlantHistory;
import io.drugwatch.alerting.Transition;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Alert;
import io.drugwatch.model.County;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts: per seizure as it is counted, and per county for every local day that closes. It keeps
 * what the rules judge in stores of its own ({@link AlertInputs}), fed by the windows processor's
 * {@link AlertFeed}. Each (county, rule, subject) goes through the lifecycle of {@link AlertLifecycle}
 * ({@link AlertStateStore}); every state change goes to the alerts topics ({@link AlertPublisher}), and
 * the current state of each alert (and, for the HTTP API, its history) is kept in {@link OpenAlerts}
 * until a tombstone removes it from alerts-open some time after it resolved.
 */
final class CountyAlertsProcessor implements Processor<String, AlertFeed, String, Alert> {

    private static final Logger log = LoggerFactory.getLogger(CountyAlertsProcessor.class);

    private final WindowCalendar calendar;
    private final AlertSettings settings;
    private final AlertRules rules;
    private final AlertLifecycle lifecycle;
    private final Duration tombstoneAfter;
    private final AlertSinks sinks;

    private PipelineMetrics metrics;
    private AlertInputs inputs;
    private AlertStateStore states;
    private OpenAlerts openAlerts;
    private KeyValueStore<String, County> counties;
    private AlertPublisher publisher;

    /** The sink node of each alert output. */
    record AlertSinks(String all, String critical, String warning, String open) {}

    CountyAlertsProcessor(WindowCalendar calendar, AlertSettings settings, Duration tombstoneAfter, AlertSinks sinks) {
        this.calendar = calendar;
        this.settings = settings;
        this.rules = new AlertRules(settings, calendar);
        this.lifecycle = new AlertLifecycle(settings.resolveAfter(), calendar.zone());
        this.tombstoneAfter = tombstoneAfter;
        this.sinks = sinks;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.metrics = new PipelineMetrics(context);
        this.inputs = new AlertInputs(
                context.getStateStore(StoreNames.ALERT_SERIES),
                context.getStateStore(StoreNames.PLANT_SAMPLES),
                context.getStateStore(StoreNames.ALERT_COVERAGE));
        this.states = new AlertStateStore(context.getStateStore(StoreNames.ALERT_STATES));
        this.openAlerts = new OpenAlerts(
                context.getStateStore(StoreNames.OPEN_ALERTS), context.getStateStore(StoreNames.ALERT_HISTORY));
        this.counties = context.getStateStore(StoreNames.COUNTIES);
        this.publisher = new AlertPublisher(context, sinks, metrics, openAlerts);
    }

    @Override
    public void process(Record<String, AlertFeed> record) {
        publisher.setTimestampCeiling(record.timestamp());
        AlertFeed message = record.value();
        if (message instanceof AlertFeed.DayClosed closed) {
            onDayClosed(closed);
        } else if (message instanceof AlertFeed.SeizureCounted counted) {
            onSeizure(counted.seizure());
        } else if (message instanceof AlertFeed.SampleCounted counted) {
            WastewaterSample sample = counted.sample();
            inputs.addSample(sample, calendar.localDate(sample.getOccurredAt().toEpochMilli()));
        }
    }

    private void onSeizure(Seizure seizure) {
        Optional<Finding> finding = rules.largeSeizure(seizure);
        if (finding.isPresent()) {
            judge(
                    seizure.getCountyCode(),
                    finding.get(),
                    seizure.getOccurredAt().toEpochMilli());
        }
    }

    private void onDayClosed(AlertFeed.DayClosed closed) {
        LocalDate day = closed.day();
        long evaluatedAt = calendar.dayEnd(day);
        CountySeries peers = inputs.recordDay(day, closed.panes());
        Map<String, List<String>> openKeysByCounty = states.openDailyByCounty();
        List<String> quiet = new ArrayList<>();
        for (Map.Entry<String, CountySeries> e : inputs.counties().entrySet()) {
            String county = e.getKey();
            CountySeries series = e.getValue();
            List<PlantHistory> plantHistories = inputs.plants(county);
            List<String> openKeys = openKeysByCounty.getOrDefault(county, List.of());
            if (series.quietThrough(day) && plantHistories.isEmpty() && openKeys.isEmpty()) {
                quiet.add(county);
                continue;
            }
            AlertRules.DayEvaluation evaluation = rules.evaluateDay(
                    county, day, series, plantHistories, series.knownFrom(closed.observedFrom()), peers);
            List<String> judged = new ArrayList<>();
            for (Finding f : evaluation.findings()) {
                judge(county, f, evaluatedAt);
                judged.add(AlertStateStore.key(county, f));
            }
            // an open alert whose rule could not be judged today (no data) gets a clear evaluation
            for (String key : openKeys) {
                if (!judged.contains(key)) {
                    clearWithoutFinding(county, key, evaluatedAt);
                }
            }
            inputs.recordCoverage(county, day, evaluation.coverage());
        }
        // nothing left to judge: the series has been all zeros for its whole span
        quiet.forEach(inputs::forget);
        states.dueBy(evaluatedAt).forEach((key, state) -> expire(key, state, evaluatedAt));
        tombstoneResolved(evaluatedAt);
    }

    private void judge(String county, Finding finding, long evaluatedAt) {
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
        step.transition()
                .ifPresent(t -> publisher.publish(Alerts.toRecord(
                        t, finding, county, countyName(county), evaluatedAt, settings.language(), calendar.zone())));
    }

    /** Counts a clear evaluation for an open alert whose rule had nothing to judge; resolves it from its last record. */
    private void clearWithoutFinding(String county, String key, long evaluatedAt) {
        AlertState state = states.get(key);
        Alert last = openAlerts.last(state.alertId());
        if (last == null) {
            return;
        }
        Finding clear = Alerts.clearFinding(last);
        AlertLifecycle.Step step = lifecycle.apply(state, clear, county, evaluatedAt);
        states.put(key, step.next());
        step.transition()
                .ifPresent(t -> publisher.publish(Alerts.toRecord(
                        t, clear, county, countyName(county), evaluatedAt, settings.language(), calendar.zone())));
    }

    private void expire(String key, AlertState state, long streamTime) {
        Optional<Transition> t = lifecycle.expire(state, streamTime);
        states.delete(key);
        Alert last = openAlerts.last(state.alertId());
        if (t.isPresent() && last != null) {
            String county = AlertStateStore.county(key);
            publisher.publish(Alerts.toRecord(
                    t.get(),
                    Alerts.clearFinding(last),
                    county,
                    countyName(county),
                    state.resolveAt(),
                    settings.language(),
                    calendar.zone()));
        }
    }

    /** alerts-open forgets an alert this long after it resolved, so the open list stays meaningful. */
    private void tombstoneResolved(long streamTime) {
        openAlerts.resolvedBy(streamTime - tombstoneAfter.toMillis()).forEach(publisher::tombstone);
    }

    @Override
    public void close() {
        metrics.close();
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
