package io.drugwatch.topology;

import io.drugwatch.alerting.AlertLifecycle;
import io.drugwatch.alerting.AlertRules;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.model.Alert;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Raises alerts: per seizure as it is counted, and per county for every local day that closes. It keeps
 * what the rules judge in stores of its own ({@link AlertInputs}), fed by the windows processor's
 * {@link AlertFeed}. Each (county, rule, subject) goes through the lifecycle of {@link AlertLifecycle}
 * ({@link AlertJudge}); every state change goes to the alerts topics ({@link AlertPublisher}), and the
 * current state of each alert (and, for the HTTP API, its history) is kept until a tombstone removes it
 * from alerts-open some time after it resolved ({@link AlertExpiry}). This class only builds those parts
 * and hands each message to them.
 */
final class CountyAlertsProcessor implements Processor<String, AlertFeed, String, Alert> {

    private final WindowCalendar calendar;
    private final AlertSettings settings;
    private final AlertRules rules;
    private final AlertLifecycle lifecycle;
    private final Duration tombstoneAfter;
    private final AlertSinks sinks;

    private PipelineMetrics metrics;
    private AlertInputs inputs;
    private AlertPublisher publisher;
    private AlertJudge judge;
    private ClosedDayJudge days;
    private AlertExpiry expiry;

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
        AlertStateStore states = new AlertStateStore(context.getStateStore(StoreNames.ALERT_STATES));
        OpenAlerts openAlerts = new OpenAlerts(
                context.getStateStore(StoreNames.OPEN_ALERTS), context.getStateStore(StoreNames.ALERT_HISTORY));
        this.publisher = new AlertPublisher(context, sinks, metrics, openAlerts);
        this.judge = new AlertJudge(
                lifecycle,
                states,
                openAlerts,
                context.getStateStore(StoreNames.COUNTIES),
                settings.language(),
                calendar.zone(),
                publisher);
        this.days = new ClosedDayJudge(calendar, rules, inputs, states, judge);
        this.expiry = new AlertExpiry(states, openAlerts, judge, publisher, tombstoneAfter);
    }

    @Override
    public void process(Record<String, AlertFeed> record) {
        publisher.setTimestampCeiling(record.timestamp());
        AlertFeed message = record.value();
        if (message instanceof AlertFeed.DayClosed closed) {
            days.judge(closed);
            expiry.expire(calendar.dayEnd(closed.day()));
        } else if (message instanceof AlertFeed.SeizureCounted counted) {
            Seizure seizure = counted.seizure();
            long seenAt = seizure.getOccurredAt().toEpochMilli();
            rules.largeSeizure(seizure).ifPresent(f -> judge.judge(seizure.getCountyCode(), f, seenAt));
        } else if (message instanceof AlertFeed.SampleCounted counted) {
            WastewaterSample sample = counted.sample();
            inputs.addSample(sample, calendar.localDate(sample.getOccurredAt().toEpochMilli()));
        }
    }

    @Override
    public void close() {
        metrics.close();
    }
}
