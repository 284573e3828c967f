package io.drugwatch.alerting;

import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a stream of findings for one (county, rule, subject) into alert state changes, the way
 * Alertmanager does: an alert opens once, is not repeated while its condition holds, only ever escalates,
 * holds through dips down to the hysteresis level (keep_firing_for), and resolves after
 * {@code resolveAfter} consecutive clear evaluations. A trigger after a resolve is a new incident with a new
 * id.
 *
 * <p>Alert ids are {@code <RULE>-<county>-<subject>-<yyyy-MM-dd>}, the date being the last local day of the
 * finding's window: the judged day, or the seizure's day. Since ids follow from the input alone, a replay
 * produces the same ids. An incident opened on the same day a previous one resolved (possible when a day
 * is judged again, or after a per-event alert expired) gets {@code -2}, {@code -3}, … appended; for that the
 * state of a resolved daily alert is kept, as a RESOLVED record, instead of being forgotten. That costs one
 * small record per (county, rule, subject) that ever alerted. Per-event alerts are forgotten once they
 * expire, since a seizure's eventId does not come back.
 *
 * <p>{@link Step#next()} is the very instance passed in as previous when nothing changed, so a caller can
 * skip the store write by comparing references.
 */
public final class AlertLifecycle {

    private final int resolveAfter;
    private final ZoneId zone;

    /**
     * @param resolveAfter consecutive clear evaluations before RESOLVED ({@code alert.resolve.after})
     * @param zone the zone of the daily windows, which dates the alert ids
     */
    public AlertLifecycle(int resolveAfter, ZoneId zone) {
        if (resolveAfter < 1) {
            throw new IllegalArgumentException("resolveAfter must be at least 1, got " + resolveAfter);
        }
        this.resolveAfter = resolveAfter;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param next the state to store; null when there is nothing to remember
     * @param transition what to announce, if anything
     */
    public record Step(AlertState next, Optional<Transition> transition) {}

    /**
     * @param previous the stored state, or null
     * @param evaluatedAt event time of the evaluation (epoch ms): the end of the judged day, or the seizure's
     *     occurredAt; an incident opened here has it as firstSeenAt, and a per-event alert expires
     *     {@code alert.large-seizure.resolve.after} (taken from the finding's parameters) after it
     */
    public Step apply(AlertState previous, Finding finding, String county, long evaluatedAt) {
        Severity severity = finding.severity();
        if (previous == null || !previous.isOpen()) {
            if (severity == null) {
                return new Step(previous, Optional.empty());
            }
            String id = incidentId(baseId(finding, county), previous);
            long resolveAt =
                    finding.perEvent() ? evaluatedAt + perEventLifetime(finding).toMillis() : Long.MAX_VALUE;
            AlertState opened = new AlertState(id, AlertStatus.OPEN, severity, evaluatedAt, 0, resolveAt);
            return new Step(opened, Optional.of(new Transition(AlertStatus.OPEN, severity, id, evaluatedAt)));
        }
        if (severity != null && severity.compareTo(previous.severity()) > 0) {
            AlertState escalated = new AlertState(
                    previous.alertId(),
                    AlertStatus.ESCALATED,
                    severity,
                    previous.firstSeenAt(),
                    0,
                    previous.resolveAt());
            return new Step(
                    escalated,
                    Optional.of(new Transition(
                            AlertStatus.ESCALATED, severity, previous.alertId(), previous.firstSeenAt())));
        }
        if (finding.holding()) {
            return new Step(previous.clearCount() == 0 ? previous : previous.withClearCount(0), Optional.empty());
        }
        int clear = previous.clearCount() + 1;
        if (clear < resolveAfter) {
            return new Step(previous.withClearCount(clear), Optional.empty());
        }
        AlertState resolved = new AlertState(
                previous.alertId(),
                AlertStatus.RESOLVED,
                previous.severity(),
                previous.firstSeenAt(),
                0,
                Long.MAX_VALUE);
        return new Step(resolved, Optional.of(resolvedTransition(previous)));
    }

    /**
     * RESOLVED for a per-event alert whose lifetime has passed in stream time; the caller then forgets the
     * state. Empty for alerts that are resolved already or still current.
     */
    public Optional<Transition> expire(AlertState state, long streamTime) {
        if (state == null || !state.isOpen() || streamTime < state.resolveAt()) {
            return Optional.empty();
        }
        return Optional.of(resolvedTransition(state));
    }

    private static Transition resolvedTransition(AlertState state) {
        return new Transition(AlertStatus.RESOLVED, state.severity(), state.alertId(), state.firstSeenAt());
    }

    private String baseId(Finding finding, String county) {
        LocalDate lastDay = LocalDate.ofInstant(Instant.ofEpochMilli(finding.windowEnd() - 1), zone);
        return finding.rule() + "-" + county + "-" + finding.subject() + "-" + lastDay;
    }

    /** {@code base}, or base-n when the previous incident of this key already used base (or base-(n-1)). */
    private static String incidentId(String base, AlertState previous) {
        if (previous == null) {
            return base;
        }
        String last = previous.alertId();
        if (last.equals(base)) {
            return base + "-2";
        }
        String prefix = base + "-";
        if (last.startsWith(prefix)
                && last.length() > prefix.length()
                && last.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
            return prefix + (Long.parseLong(last.substring(prefix.length())) + 1);
        }
        return base;
    }

    private static Duration perEventLifetime(Finding finding) {
        String value = finding.parameters().get(AlertSettings.LARGE_SEIZURE_RESOLVE_AFTER);
        if (value == null) {
            throw new IllegalArgumentException("per-event finding " + finding.subject() + " lacks the parameter "
                    + AlertSettings.LARGE_SEIZURE_RESOLVE_AFTER);
        }
        return Duration.parse(value);
    }
}
