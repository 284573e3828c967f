package io.drugwatch.alerting;

import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;

/**
 * A change an alert announces: it opened, rose to a higher severity, or is over.
 *
 * @param severity the alert's severity after the change; for RESOLVED the highest it reached
 * @param firstSeenAt event time (epoch ms) at which the incident opened
 */
public record Transition(AlertStatus status, Severity severity, String alertId, long firstSeenAt) {}
