package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;

/** The kinds of treatment order (收戒). */
public enum TreatmentKind {
    /** 强制隔离戒毒: two years in an isolation centre (Anti-Drug Law Art. 38, 47); 收. */
    COMPULSORY_ISOLATION("强制隔离戒毒", "compulsory isolated detoxification"),
    /** 社区戒毒: three years in the community (Art. 33); 戒. */
    COMMUNITY_DETOX("社区戒毒", "community detoxification"),
    /** 社区康复: up to three years after isolation (Art. 48); 戒. */
    COMMUNITY_REHABILITATION("社区康复", "community rehabilitation"),
    /** 自愿戒毒: treatment a user seeks. */
    VOLUNTARY("自愿戒毒", "voluntary detoxification");

    private final String zh;
    private final String en;

    TreatmentKind(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** Served in the community, by the township office (在管在控 counts these). */
    public boolean community() {
        return this == COMMUNITY_DETOX || this == COMMUNITY_REHABILITATION;
    }

    public String label(Language language) {
        return language == Language.ZH ? zh : en;
    }
}
