package io.drugwatch.sim;

import java.time.Instant;

/**
 * What a scenario planted, for the CLI to print and tests to check.
 *
 * @param scenario the scenario
 * @param countyCode the target county, or null when the scenario is spread over all counties (BAD_RECORDS)
 * @param countyName its name, or null
 * @param from start of the planted period (inclusive); for a single event, its occurredAt
 * @param to end of the planted period (exclusive); for a single event, occurredAt + 1 ms
 * @param detail what exactly was planted
 */
public record PlantedAnomaly(
        Scenario scenario, String countyCode, String countyName, Instant from, Instant to, String detail) {

    /** One line, e.g. {@code LARGE_SEIZURE 532530 金平... 2026-03-08T06:30:00Z: 12500 g METHAMPHETAMINE ...}. */
    public String describe() {
        String where = countyCode == null ? "all counties" : countyCode + " " + countyName;
        String when = to.toEpochMilli() - from.toEpochMilli() <= 1 ? from.toString() : "[" + from + ", " + to + ")";
        return scenario + " " + where + " " + when + ": " + detail;
    }
}
