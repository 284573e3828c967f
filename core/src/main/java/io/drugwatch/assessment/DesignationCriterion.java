package io.drugwatch.assessment;

/** What a proposal rests on; each is judged on a county's monthly inputs ({@link DesignationCriteria}). */
public enum DesignationCriterion {
    /** Wastewater in the national top decile month after month. */
    HIGH_WASTEWATER,
    /** More users found than in the same month a year before, month after month. */
    USERS_RISING,
    /** Repeated 万克 cases: a transit and distribution hub (Ludian's 毒品中转集散). */
    REPEATED_TEN_KG_CASES,
    /** High wastewater while enforcement finds nothing (零战果; Shandong, 2019). */
    HIGH_USE_ZERO_RESULTS,
    /** Critical alerts in many recent months. */
    PERSISTENT_ALERTS,
    /** For lifting: fewer criteria met than the designation needs, month after month. */
    CRITERIA_NOT_MET
}
