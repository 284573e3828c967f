package io.drugwatch.assessment;

/** The assessment periods: calendar months, quarters, halves and years, and a year to a date. */
public enum PeriodKind {
    MONTH,
    QUARTER,
    HALF_YEAR,
    YEAR,
    /** 1 January to a given date of the same year (seed 001's "今年以来", "1-10月"). */
    YEAR_TO_DATE
}
