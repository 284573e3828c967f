package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;

/**
 * The weight class of a drug case, from the total drugs it seized (precursors excluded). "以上" includes
 * the bound (Criminal Law Art. 99), so 10,000 g exactly is a 万克 case.
 */
public enum CaseClass {
    TEN_KG("万克", "10 kg+", 10_000_000L),
    ONE_KG("千克", "1 kg+", 1_000_000L),
    HUNDRED_G("百克", "100 g+", 100_000L),
    SMALL("零星", "under 100 g", 0L);

    private final String zh;
    private final String en;
    private final long minMilligrams;

    CaseClass(String zh, String en, long minMilligrams) {
        this.zh = zh;
        this.en = en;
        this.minMilligrams = minMilligrams;
    }

    /** The class of a case that seized {@code drugMilligrams} of drugs in all, precursors excluded. */
    public static CaseClass of(long drugMilligrams) {
        for (CaseClass c : values()) {
            if (drugMilligrams >= c.minMilligrams) {
                return c;
            }
        }
        return SMALL;
    }

    public long minMilligrams() {
        return minMilligrams;
    }

    public String label(Language language) {
        return language == Language.ZH ? zh : en;
    }
}
