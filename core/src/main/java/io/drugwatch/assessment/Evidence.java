package io.drugwatch.assessment;

import java.time.YearMonth;
import java.util.List;

/**
 * Why a criterion holds: the months it was judged on, each with its value and what that was held against.
 *
 * @param months oldest first
 */
public record Evidence(DesignationCriterion criterion, List<MonthValue> months) {

    /**
     * One month's figure and what it was held against.
     *
     * @param value the month's figure: a percentile, users found, 万克 cases, critical alerts or, for
     *     CRITERIA_NOT_MET, the number of criteria met
     * @param against the threshold it was compared with, or the same month a year before for USERS_RISING
     */
    public record MonthValue(YearMonth month, double value, double against) {}

    public Evidence {
        months = List.copyOf(months);
    }
}
