package io.drugwatch.assessment;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of the designation proposals. A kind is proposed when at least {@code criteriaNeeded} of
 * it are met in a month, and its lifting after {@code liftAfterMonths} months in a row below that.
 *
 * @param highWastewaterPercentile HIGH_WASTEWATER: at or above this national percentile ...
 * @param highWastewaterMonths ... in each of this many months
 * @param usersRisingMonths USERS_RISING: more users found than a year before in each of this many months
 * @param tenKgCases REPEATED_TEN_KG_CASES: at least this many 万克 cases ...
 * @param tenKgWindowMonths ... within this many months
 * @param zeroResultsPercentile HIGH_USE_ZERO_RESULTS: at or above this percentile with no result ...
 * @param zeroResultsMonths ... in each of this many months
 * @param alertMonths PERSISTENT_ALERTS: critical alerts in at least this many months ...
 * @param alertWindowMonths ... of this many
 */
public record DesignationCriteria(
        double highWastewaterPercentile,
        int highWastewaterMonths,
        int usersRisingMonths,
        int tenKgCases,
        int tenKgWindowMonths,
        double zeroResultsPercentile,
        int zeroResultsMonths,
        int alertMonths,
        int alertWindowMonths,
        Map<DesignationKind, Integer> criteriaNeeded,
        int liftAfterMonths) {

    public static final DesignationCriteria DEFAULTS = new DesignationCriteria(
            90,
            3,
            3,
            2,
            12,
            75,
            6,
            3,
            6,
            Map.of(DesignationKind.FOCUS, 1, DesignationKind.WARNING_NOTICE, 2, DesignationKind.RECTIFICATION, 3),
            12);

    public DesignationCriteria {
        if (!(highWastewaterPercentile >= 0 && highWastewaterPercentile <= 100)
                || !(zeroResultsPercentile >= 0 && zeroResultsPercentile <= 100)) {
            throw new IllegalArgumentException("percentiles must be 0 to 100");
        }
        if (highWastewaterMonths < 1
                || usersRisingMonths < 1
                || tenKgCases < 1
                || tenKgWindowMonths < 1
                || zeroResultsMonths < 1
                || alertMonths < 1
                || alertWindowMonths < alertMonths
                || liftAfterMonths < 1) {
            throw new IllegalArgumentException(
                    "months and counts must be at least 1, and the alert window at" + " least the alert months");
        }
        for (DesignationKind k : DesignationKind.values()) {
            int n = Objects.requireNonNull(criteriaNeeded.get(k), () -> "no criteria count for " + k);
            if (n < 1) {
                throw new IllegalArgumentException(k + " must need at least one criterion: " + n);
            }
        }
        criteriaNeeded = Map.copyOf(criteriaNeeded);
    }

    public DesignationCriteria withCriteriaNeeded(DesignationKind kind, int criteria) {
        Map<DesignationKind, Integer> m = new EnumMap<>(criteriaNeeded);
        m.put(kind, criteria);
        return new DesignationCriteria(
                highWastewaterPercentile,
                highWastewaterMonths,
                usersRisingMonths,
                tenKgCases,
                tenKgWindowMonths,
                zeroResultsPercentile,
                zeroResultsMonths,
                alertMonths,
                alertWindowMonths,
                m,
                liftAfterMonths);
    }

    public int criteriaNeeded(DesignationKind kind) {
        return criteriaNeeded.get(kind);
    }
}
