package io.drugwatch.topology;

import io.drugwatch.model.Alert;
import io.drugwatch.model.Severity;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends each alert state change to the sinks it belongs to, and keeps {@link OpenAlerts} in step with
 * what alerts-open holds.
 */
final class AlertPublisher {

    private final ProcessorContext<String, Alert> context;
    private final CountyAlertsProcessor.AlertSinks sinks;
    private final PipelineMetrics metrics;
    private final OpenAlerts openAlerts;
    private long timestampCeiling;

    AlertPublisher(
            ProcessorContext<String, Alert> context,
            CountyAlertsProcessor.AlertSinks sinks,
            PipelineMetrics metrics,
            OpenAlerts openAlerts) {
        this.context = context;
        this.sinks = sinks;
        this.metrics = metrics;
        this.openAlerts = openAlerts;
    }

    /** Output timestamps stay at or below the time of the record being processed, which causes them. */
    void setTimestampCeiling(long timestamp) {
        timestampCeiling = timestamp;
    }

    /** To alerts and, by severity, alerts-critical or alerts-warning, keyed by county; to alerts-open by id. */
    void publish(Alert alert) {
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
        openAlerts.put(alert);
        context.forward(new Record<>(alert.getAlertId(), alert, ts), sinks.open());
    }

    /** Removes the alert from alerts-open and from {@link OpenAlerts}. */
    void tombstone(String alertId) {
        openAlerts.forget(alertId);
        context.forward(new Record<>(alertId, null, timestampCeiling), sinks.open());
    }
}
