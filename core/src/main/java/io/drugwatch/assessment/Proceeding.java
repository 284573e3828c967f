package io.drugwatch.assessment;

/** Whether an arrest is a criminal matter (抓, and it makes its case a 破 case) or an administrative one. */
public enum Proceeding {
    CRIMINAL,
    ADMINISTRATIVE,
    /** Criminal when the case seized at least the legal amount of a drug ({@link ProceedingRules}). */
    BY_AMOUNT
}
