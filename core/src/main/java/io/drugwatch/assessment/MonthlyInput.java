package io.drugwatch.assessment;

import java.time.YearMonth;
import java.util.Objects;

/**
 * What the designation criteria read of one county's month.
 *
 * @param wastewaterPercentile the county's wastewater level as a percentile of all counties nationally
 *     (0 to 100), or null when it was not measured that month
 * @param criticalAlerts critical alerts opened in the month
 */
public record MonthlyInput(
        YearMonth month,
        long cases,
        long tenKgCases,
        long usersFound,
        Double wastewaterPercentile,
        int criticalAlerts) {

    public MonthlyInput {
        Objects.requireNonNull(month, "month");
        if (cases < 0 || tenKgCases < 0 || tenKgCases > cases || usersFound < 0 || criticalAlerts < 0) {
            throw new IllegalArgumentException("impossible counts for " + month);
        }
        if (wastewaterPercentile != null && !(wastewaterPercentile >= 0 && wastewaterPercentile <= 100)) {
            throw new IllegalArgumentException("percentile must be 0 to 100: " + wastewaterPercentile);
        }
    }

    /** The input of a month's scorecard. */
    public static MonthlyInput of(Scorecard month, Double wastewaterPercentile, int criticalAlerts) {
        if (month.period().kind() != PeriodKind.MONTH) {
            throw new IllegalArgumentException("not a month: " + month.period());
        }
        Enforcement e = month.enforcement();
        return new MonthlyInput(
                YearMonth.from(month.period().start()),
                e.cases(),
                e.cases(CaseClass.TEN_KG),
                e.usersFound(),
                wastewaterPercentile,
                criticalAlerts);
    }

    /** No enforcement result: no criminal case solved and no user found (零战果). */
    boolean zeroResults() {
        return cases == 0 && usersFound == 0;
    }
}
