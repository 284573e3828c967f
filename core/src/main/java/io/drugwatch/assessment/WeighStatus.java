package io.drugwatch.assessment;

/** Whether a seizure's weight is provisional (可疑物, weighed before testing) or confirmed by testing. */
public enum WeighStatus {
    SUSPECTED,
    CONFIRMED
}
