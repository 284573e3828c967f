package io.drugwatch.cli;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.sim.PlantedAnomaly;
import io.drugwatch.sim.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a demo planted against what fired: each alert that opens either matches an anomaly its history
 * planted (same county and rule family, its judged window ending between the anomaly's start and 7 days
 * after its end) or matches nothing planted. Counted per rule. Thread-safe: the alert watcher records,
 * another thread may report.
 */
final class DemoTally {

    /** How long after a planted anomaly ends an alert still counts as finding it. */
    static final Duration AFTER = Duration.ofDays(7);

    private final ZoneId zone;
    private final List<PlantedAnomaly> planted = new ArrayList<>();
    private boolean plantedKnown;
    /** Per rule: alerts that found a planted anomaly, alerts matching nothing planted. */
    private final Map<AlertRule, long[]> byRule = new EnumMap<>(AlertRule.class);

    private final Map<AlertRule, Set<PlantedAnomaly>> foundByRule = new EnumMap<>(AlertRule.class);

    DemoTally(ZoneId zone) {
        this.zone = zone;
    }

    /** The rule families that a named scenario's anomaly should make fire; none for bad records. */
    static Set<AlertRule> rules(Scenario scenario) {
        return switch (scenario) {
            case LARGE_SEIZURE -> EnumSet.of(AlertRule.LARGE_SEIZURE);
            case ARREST_SPIKE -> EnumSet.of(AlertRule.COUNT_SPIKE);
            // the truth plants the consumption rise, without enforcement response, with the wastewater one
            case WASTEWATER_RISE -> EnumSet.of(AlertRule.WASTEWATER_RISE, AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
            case CHECKPOINT_SURGE -> EnumSet.of(AlertRule.CHECKPOINT_HIT_RATE);
            case ANOMALIES, BAD_RECORDS -> EnumSet.noneOf(AlertRule.class);
        };
    }

    /** The history's planted anomalies; until this is called (a resumed demo) alerts are counted, not matched. */
    synchronized void planted(List<PlantedAnomaly> anomalies) {
        planted.clear();
        planted.addAll(anomalies);
        plantedKnown = true;
    }

    synchronized boolean plantedKnown() {
        return plantedKnown;
    }

    /**
     * Records an alert state change; only OPEN counts.
     *
     * @return for an OPEN alert, the planted anomaly it matches, if any; empty otherwise
     */
    synchronized Optional<PlantedAnomaly> record(Alert alert) {
        if (alert.getStatus() != AlertStatus.OPEN) {
            return Optional.empty();
        }
        Optional<PlantedAnomaly> match = match(alert);
        long[] counts = byRule.computeIfAbsent(alert.getRule(), r -> new long[2]);
        counts[match.isPresent() ? 0 : 1]++;
        match.ifPresent(p -> foundByRule
                .computeIfAbsent(alert.getRule(), r -> new LinkedHashSet<>())
                .add(p));
        return match;
    }

    private Optional<PlantedAnomaly> match(Alert alert) {
        // the last instant of the judged window: the judged day for daily rules, the seizure's day for LARGE_SEIZURE
        Instant judged = alert.getWindowEnd().minusMillis(1);
        return planted.stream()
                .filter(p -> alert.getCountyCode().equals(p.countyCode())
                        && rules(p.scenario()).contains(alert.getRule()))
                .filter(p -> !judged.isBefore(p.from()) && judged.isBefore(p.to().plus(AFTER)))
                .findFirst();
    }

    /** Alerts opened so far, and how many of them matched a planted anomaly. */
    synchronized long[] opened() {
        long matched = 0;
        long other = 0;
        for (long[] c : byRule.values()) {
            matched += c[0];
            other += c[1];
        }
        return new long[] {matched + other, matched};
    }

    /**
     * A short table, one line per rule, then one line per planted anomaly not found so far.
     *
     * @param whyNotFound a note on a planted anomaly that one of its rules has not found (e.g. what the rule
     *     could judge in that county), or null for none
     */
    synchronized List<String> report(BiFunction<PlantedAnomaly, AlertRule, String> whyNotFound) {
        List<String> out = new ArrayList<>();
        if (!plantedKnown) {
            out.add("alerts opened in this run (its history, and what it planted, were sent by an earlier run):");
        } else {
            out.add("planted and found (an alert finds a planted anomaly in the same county and rule family,"
                    + " judged from its first day to " + AFTER.toDays() + " days after its last):");
        }
        out.add(String.format("  %-32s %7s %5s  %s", "rule", "planted", "found", "alerts matching nothing planted"));
        for (AlertRule rule : AlertRule.values()) {
            long plantedHere = planted.stream()
                    .filter(p -> rules(p.scenario()).contains(rule))
                    .count();
            long foundHere = foundByRule.getOrDefault(rule, Set.of()).size();
            long other = byRule.getOrDefault(rule, new long[2])[1];
            // normal traffic has seizures over the warning threshold too: those alerts are right, not false
            String note =
                    rule == AlertRule.LARGE_SEIZURE && other > 0 ? "  (real seizures at or above the threshold)" : "";
            out.add(String.format(
                    "  %-32s %7s %5s  %,d%s",
                    rule,
                    plantedKnown ? Long.toString(plantedHere) : "?",
                    plantedKnown ? Long.toString(foundHere) : "?",
                    other,
                    note));
        }
        for (PlantedAnomaly p : planted) {
            for (AlertRule rule : rules(p.scenario())) {
                if (!foundByRule.getOrDefault(rule, Set.of()).contains(p)) {
                    String note = whyNotFound.apply(p, rule);
                    out.add("  not found so far: " + rule + " for " + p.scenario() + " in " + p.countyCode() + " "
                            + p.countyName() + " from " + p.from().atZone(zone).toLocalDate()
                            + (note == null ? "" : "; " + note));
                }
            }
        }
        return out;
    }
}
