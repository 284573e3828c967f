package io.drugwatch.assessment;

/** What a treatment event records; same-day events apply in this order. */
public enum TreatmentStatus {
    /** An order is made (责令, 决定). A new order ends the person's order in force. */
    ORDERED,
    /** The person reported to serve it (报到). */
    REPORTED,
    /** The order was served in full (期满解除). */
    COMPLETED,
    /** The person absconded (脱失): the order ends and the person is out of control. */
    ABSCONDED,
    /** The person used drugs again (复吸), found by a test or an arrest. */
    RELAPSED
}
