package io.drugwatch.alerting;

import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.util.Objects;

/**
 * What the lifecycle remembers about one (county, rule, subject).
 *
 * @param status OPEN or ESCALATED while the incident lasts; RESOLVED once it is over, kept so that the next
 *     incident on the same day gets a different id
 * @param severity the highest severity the incident reached
 * @param firstSeenAt event time (epoch ms) at which the incident opened
 * @param clearCount consecutive clear evaluations so far
 * @param resolveAt event time at which a per-event alert expires; {@link Long#MAX_VALUE} for the others
 */
public record AlertState(
        String alertId, AlertStatus status, Severity severity, long firstSeenAt, int clearCount, long resolveAt) {

    public AlertState {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
    }

    public boolean isOpen() {
        return status != AlertStatus.RESOLVED;
    }

    AlertState withClearCount(int count) {
        return new AlertState(alertId, status, severity, firstSeenAt, count, resolveAt);
    }
}
