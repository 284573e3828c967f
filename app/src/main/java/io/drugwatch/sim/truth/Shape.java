package io.drugwatch.sim.truth;

/** How a planted anomaly's factor unfolds over its days. */
public enum Shape {
    /** × factor on every day from first to last. */
    STEP,
    /**
     * Rising linearly. A COUNT_RISE of L days has × 1 + (factor − 1)·(i + 1)/L on its day i (0-based),
     * so every day is raised and the last reaches factor; a WASTEWATER_RAMP of R ramp days has
     * × 1 + (factor − 1)·i/(R − 1) on day i up to rampLast, then × factor until last.
     */
    RAMP
}
