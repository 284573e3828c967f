package io.drugwatch.assessment;

/** Administrative levels the assessment reports on; counties add up to prefectures and provinces. */
public enum AreaLevel {
    COUNTY,
    PREFECTURE,
    PROVINCE
}
