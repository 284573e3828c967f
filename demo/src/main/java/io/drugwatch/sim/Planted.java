package io.drugwatch.sim;

import io.drugwatch.model.DrugType;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Shape;

/**
 * One planted anomaly as the generator applies it: a multiplier on a county's arrest or seizure
 * intensity, wastewater load of one substance or checkpoint hit rate over local days first…last,
 * or a single large seizure. Named scenarios and {@link Scenario#ANOMALIES} both plant these.
 */
final class Planted {

    /** COUNT_RISE subjects. */
    static final int ARRESTS = 0;

    static final int SEIZURES = 1;

    final String id;
    final AnomalyKind kind;
    final Scenario scenario;
    /** The kind of the events it adds or raises. */
    final SimEvent.Kind eventKind;

    final int county;
    /** ARRESTS or SEIZURES for a COUNT_RISE, the substance index for a WASTEWATER_RAMP, else -1. */
    final int subject;

    final long first;
    final long last;
    final double factor;
    final Shape shape;
    /** WASTEWATER_RAMP: last day of the ramp. */
    final long rampLast;

    /** Position in the plan's list (by first day, then id). */
    int index;

    Boolean enforcementResponse;
    String related;
    /** Named scenarios that start within a day: events before this instant are not raised. */
    long fromMs = Long.MIN_VALUE;
    /** Expected extra events (COUNT_RISE, HIT_RATE_SURGE), NaN if not computed. */
    double expectedExtra = Double.NaN;

    // LARGE_SEIZURE
    long at;
    double grams;
    DrugType drug;

    Planted(
            String id,
            AnomalyKind kind,
            Scenario scenario,
            SimEvent.Kind eventKind,
            int county,
            int subject,
            long first,
            long last,
            double factor,
            Shape shape,
            long rampLast) {
        this.id = id;
        this.kind = kind;
        this.scenario = scenario;
        this.eventKind = eventKind;
        this.county = county;
        this.subject = subject;
        this.first = first;
        this.last = last;
        this.factor = factor;
        this.shape = shape;
        this.rampLast = rampLast;
    }

    /** The multiplier on a day within first…last (see {@link Shape}). */
    double multiplier(long day) {
        if (day < first || day > last) {
            return 1;
        }
        if (shape == Shape.STEP) {
            return factor;
        }
        if (kind == AnomalyKind.WASTEWATER_RAMP) {
            long rampDays = rampLast - first + 1;
            if (day > rampLast || rampDays < 2) {
                return factor;
            }
            return 1 + (factor - 1) * (day - first) / (double) (rampDays - 1);
        }
        long days = last - first + 1;
        return 1 + (factor - 1) * (day - first + 1) / (double) days;
    }

    /** Whether it changes the traffic day by day (rather than adding one pre-timed event, or nothing). */
    boolean isMultiplier() {
        return kind == AnomalyKind.COUNT_RISE && scenario != Scenario.ARREST_SPIKE
                || kind == AnomalyKind.WASTEWATER_RAMP
                || kind == AnomalyKind.HIT_RATE_SURGE;
    }
}
