package io.drugwatch.topology;

import io.drugwatch.alerting.AlertLifecycle;
import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.alerting.AlertState;
import io.drugwatch.alerting.AlertStateCodec;
import io.drugwatch.alerting.Alerts;
import io.drugwatch.alerting.CountySeries;
import io.drugwatch.alerting.Coverage;
import io.drugwatch.alerting.CoverageCodec;
import io.drugwatch.alerting.Finding;
import io.drugwatch.alerting.PlantHistory;
import io.drugwatch.alerting.PlantSamples;
import io.drugwatch.alerting.Transition;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.StoreKeys.AlertHistory;
import io.drugwatch.domain.StoreKeys.AlertSeries;
import io.drugwatch.domain.StoreKeys.AlertStates;
import io.drugwatch.domain.StoreKeys.Plants;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.County;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.Severity;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.state.StoreRanges;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts: per seizure as it is counted, and per county for every local day that closes. It keeps
 * what the rules judge in stores of its own, fed by the windows processor's {@link AlertFeed}: each county's
 * daily series ({@link CountySeries}, from the panes of each closed day) and each plant's wastewater
 * samples ({@link PlantSamples}). Each (county, rule, subject) goes through the lifecycle of
 * {@link AlertLifecycle}; every state change goes to the alerts topics, and the current state of each
 * alert (and, for the HTTP API, its history) is kept until a tombstone removes it from alerts-open some
 * time after it resolved. What each rule could judge per county is kept for the API as well.
 */
final class CountyAlertsProcessor implements Processor<String, AlertFeed, String, Alert> {

    private static final Logger log = LoggerFactory.getLogger(CountyAlertsProcessor.class);

    private final WindowCalendar calendar;
    private final AlertSettings settings;
    private final AlertRules rules;
    private final AlertLifecycle lifecycle;
    private final Duration tombstoneAfter;
    private final AlertSinks sinks;

    private ProcessorContext<String, Alert> context;
    private PipelineMetrics metrics;
    private KeyValueStore<String, byte[]> series;
    private KeyValueStore<String, byte[]> plants;
    private KeyValueStore<String, byte[]> coverage;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, Alert> open;
    private KeyValueStore<String, Alert> history;
    private KeyValueStore<String, County> counties;
    private long timestampCeiling;

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
        this.context = context;
        this.metrics = new PipelineMetrics(context);
        this.series = context.getStateStore(StoreNames.ALERT_SERIES);
        this.plants = context.getStateStore(StoreNames.PLANT_SAMPLES);
        this.coverage = context.getStateStore(StoreNames.ALERT_COVERAGE);
        this.states = context.getStateStore(StoreNames.ALERT_STATES);
        this.open = context.getStateStore(StoreNames.OPEN_ALERTS);
        this.history = context.getStateStore(StoreNames.ALERT_HISTORY);
        this.counties = context.getStateStore(StoreNames.COUNTIES);
    }

    @Override
    public void process(Record<String, AlertFeed> record) {
        timestampCeiling = record.timestamp();
        AlertFeed message = record.value();
        if (message instanceof AlertFeed.DayClosed closed) {
            onDayClosed(closed);
        } else if (message instanceof AlertFeed.SeizureCounted counted) {
            onSeizure(counted.seizure());
        } else if (message instanceof AlertFeed.SampleCounted counted) {
            onSample(counted.sample());
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

    /** Files an accepted sample under its plant (by digest: the plant id is free text) and substance. */
    private void onSample(WastewaterSample sample) {
        String key =
                Plants.key(sample.getCountyCode(), PlantSamples.plantKey(sample.getPlantId()), sample.getSubstance());
        byte[] stored = plants.get(key);
        PlantSamples samples = stored == null ? new PlantSamples() : PlantSamples.decode(stored);
        samples.add(PlantSamples.Sample.of(
                sample, calendar.localDate(sample.getOccurredAt().toEpochMilli())));
        plants.put(key, samples.encode());
    }

    private void onDayClosed(AlertFeed.DayClosed closed) {
        LocalDate day = closed.day();
        long evaluatedAt = calendar.dayEnd(day);
        DailyPane all = new DailyPane();
        for (Map.Entry<String, DailyPane> e : closed.panes().entrySet()) {
            byte[] stored = series.get(e.getKey());
            CountySeries s = stored == null ? CountySeries.startingOn(day) : CountySeries.decode(stored);
            s.record(day, e.getValue());
            series.put(e.getKey(), s.encode());
            all.merge(e.getValue());
        }
        byte[] storedPeers = series.get(AlertSeries.PEERS);
        CountySeries peers = storedPeers == null ? CountySeries.startingOn(day) : CountySeries.decode(storedPeers);
        peers.record(day, all);
        series.put(AlertSeries.PEERS, peers.encode());
        Map<String, List<String>> openKeysByCounty = openStateKeys();
        List<KeyValue<String, CountySeries>> toJudge = new ArrayList<>();
        List<String> quiet = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = series.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (!kv.key.equals(AlertSeries.PEERS)) {
                    toJudge.add(KeyValue.pair(kv.key, CountySeries.decode(kv.value)));
                }
            }
        }
        for (KeyValue<String, CountySeries> kv : toJudge) {
            String county = kv.key;
            List<PlantHistory> plantHistories = plants(county);
            List<String> openKeys = openKeysByCounty.getOrDefault(county, List.of());
            if (kv.value.quietThrough(day) && plantHistories.isEmpty() && openKeys.isEmpty()) {
                quiet.add(county);
                continue;
            }
            AlertRules.DayEvaluation evaluation = rules.evaluateDay(
                    county, day, kv.value, plantHistories, kv.value.knownFrom(closed.observedFrom()), peers);
            List<String> judged = new ArrayList<>();
            for (Finding f : evaluation.findings()) {
                judge(county, f, evaluatedAt);
                judged.add(AlertStates.key(county, f.rule(), f.subject()));
            }
            // an open alert whose rule could not be judged today (no data) gets a clear evaluation
            for (String key : openKeys) {
                if (!judged.contains(key)) {
                    clearWithoutFinding(county, key, evaluatedAt);
                }
            }
            recordCoverage(county, day, evaluation.coverage());
        }
        // nothing left to judge: the series has been all zeros for its whole span
        for (String county : quiet) {
            series.delete(county);
            coverage.delete(county);
        }
        expirePerEventAlerts(evaluatedAt);
        tombstoneResolved(evaluatedAt);
    }

    private void recordCoverage(String county, LocalDate day, List<Coverage> entries) {
        byte[] encoded = CoverageCodec.encode(day, entries);
        byte[] stored = coverage.get(county);
        if (stored == null || !java.util.Arrays.equals(stored, encoded)) {
            coverage.put(county, encoded);
        }
    }

    /** The county's wastewater samples, per plant and substance, from one range scan. */
    private List<PlantHistory> plants(String county) {
        List<PlantHistory> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it =
                plants.prefixScan(Plants.ofCounty(county), Serdes.String().serializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Plants.Plant plant = Plants.parse(kv.key);
                out.add(new PlantHistory(plant.plantDigest(), plant.substance(), PlantSamples.decode(kv.value)));
            }
        }
        return out;
    }

    private void judge(String county, Finding finding, long evaluatedAt) {
        String key = AlertStates.key(county, finding.rule(), finding.subject());
        byte[] stored = states.get(key);
        AlertState previous = stored == null ? null : AlertStateCodec.decode(stored);
        AlertLifecycle.Step step = lifecycle.apply(previous, finding, county, evaluatedAt);
        if (step.next() != previous) {
            if (step.next() == null) {
                states.delete(key);
            } else {
                states.put(key, AlertStateCodec.encode(step.next()));
            }
        }
        step.transition()
                .ifPresent(t -> publish(Alerts.toRecord(
                        t, finding, county, countyName(county), evaluatedAt, settings.language(), calendar.zone())));
    }

    /** Counts a clear evaluation for an open alert whose rule had nothing to judge; resolves it from its last record. */
    private void clearWithoutFinding(String county, String key, long evaluatedAt) {
        AlertState state = AlertStateCodec.decode(states.get(key));
        Alert last = open.get(state.alertId());
        if (last == null) {
            return;
        }
        Finding clear = Alerts.clearFinding(last);
        AlertLifecycle.Step step = lifecycle.apply(state, clear, county, evaluatedAt);
        states.put(key, AlertStateCodec.encode(step.next()));
        step.transition()
                .ifPresent(t -> publish(Alerts.toRecord(
                        t, clear, county, countyName(county), evaluatedAt, settings.language(), calendar.zone())));
    }

    private void expirePerEventAlerts(long streamTime) {
        List<KeyValue<String, AlertState>> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                AlertState s = AlertStateCodec.decode(kv.value);
                if (s.isOpen() && s.resolveAt() <= streamTime) {
                    expired.add(KeyValue.pair(kv.key, s));
                }
            }
        }
        for (KeyValue<String, AlertState> e : expired) {
            Optional<Transition> t = lifecycle.expire(e.value, streamTime);
            states.delete(e.key);
            Alert last = open.get(e.value.alertId());
            if (t.isPresent() && last != null) {
                String county = AlertStates.county(e.key);
                publish(Alerts.toRecord(
                        t.get(),
                        Alerts.clearFinding(last),
                        county,
                        countyName(county),
                        e.value.resolveAt(),
                        settings.language(),
                        calendar.zone()));
            }
        }
    }

    /** alerts-open forgets an alert this long after it resolved, so the open list stays meaningful. */
    private void tombstoneResolved(long streamTime) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, Alert> kv = it.next();
                if (kv.value.getStatus() == AlertStatus.RESOLVED
                        && kv.value.getUpdatedAt().toEpochMilli() + tombstoneAfter.toMillis() <= streamTime) {
                    gone.add(kv.key);
                }
            }
        }
        for (String alertId : gone) {
            open.delete(alertId);
            List<String> changes = new ArrayList<>();
            try (KeyValueIterator<String, Alert> it = StoreRanges.scan(history, AlertHistory.of(alertId))) {
                it.forEachRemaining(kv -> changes.add(kv.key));
            }
            changes.forEach(history::delete);
            context.forward(new Record<>(alertId, null, timestampCeiling), sinks.open());
        }
    }

    private void publish(Alert alert) {
        metrics.alert(
                alert.getRule().name(),
                alert.getSeverity().name(),
                alert.getStatus().name());
        long ts = Math.min(alert.getUpdatedAt().toEpochMilli(), timestampCeiling);
        context.forward(new Record<>(alert.getCountyCode(), alert, ts), sinks.all());
        if (alert.getSeverity() == Severity.CRITICAL) {
            context.forward(new Record<>(alert.getCountyCode(), alert, ts), sinks.critical());
        } else if (alert.getSeverity() == Severity.WARNING) {
            context.forward(new Record<>(alert.getCountyCode(), alert, ts), sinks.warning());
        }
        open.put(alert.getAlertId(), alert);
        history.put(AlertHistory.key(alert), alert);
        context.forward(new Record<>(alert.getAlertId(), alert, ts), sinks.open());
    }

    /** Keys of the open daily (not per-event) alerts, by county. */
    private Map<String, List<String>> openStateKeys() {
        Map<String, List<String>> found = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                AlertState s = AlertStateCodec.decode(kv.value);
                if (s.isOpen() && s.resolveAt() == Long.MAX_VALUE) {
                    found.computeIfAbsent(AlertStates.county(kv.key), c -> new ArrayList<>())
                            .add(kv.key);
                }
            }
        }
        return found;
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
