package io.drugwatch.topology;

import java.time.Duration;

/**
 * What stream time ends on its own: per-event alerts resolve when due, and a resolved alert leaves
 * alerts-open {@code tombstoneAfter} later, so the open list stays meaningful.
 */
final class AlertExpiry {

    private final AlertStateStore states;
    private final OpenAlerts openAlerts;
    private final AlertJudge judge;
    private final AlertPublisher publisher;
    private final Duration tombstoneAfter;

    AlertExpiry(
            AlertStateStore states,
            OpenAlerts openAlerts,
            AlertJudge judge,
            AlertPublisher publisher,
            Duration tombstoneAfter) {
        this.states = states;
        this.openAlerts = openAlerts;
        this.judge = judge;
        this.publisher = publisher;
        this.tombstoneAfter = tombstoneAfter;
    }

    void expire(long streamTime) {
        states.dueBy(streamTime).forEach((key, state) -> judge.expire(key, state, streamTime));
        openAlerts.resolvedBy(streamTime - tombstoneAfter.toMillis()).forEach(publisher::tombstone);
    }
}
