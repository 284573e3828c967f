package io.drugwatch.sim.truth;

import io.drugwatch.model.AlertRule;

/** What a planted anomaly is, and the alert rule that should see it (docs/evaluation.md). */
public enum AnomalyKind {
    /** A county's daily arrests or seizures × factor over first…last. */
    COUNT_RISE(AlertRule.COUNT_SPIKE),
    /** A substance's wastewater loads in a county ramp up to × factor, then stay there until last. */
    WASTEWATER_RAMP(AlertRule.WASTEWATER_RISE),
    /** Written next to every wastewater ramp without an enforcement response, same dates. */
    CONSUMPTION_RISE(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT),
    /** A county's checkpoint hit rate × factor over first…last. */
    HIT_RATE_SURGE(AlertRule.CHECKPOINT_HIT_RATE),
    /** One seizure of at least 10 kg. */
    LARGE_SEIZURE(AlertRule.LARGE_SEIZURE);

    private final AlertRule rule;

    AnomalyKind(AlertRule rule) {
        this.rule = rule;
    }

    /** The rule family that should find it. */
    public AlertRule rule() {
        return rule;
    }
}
