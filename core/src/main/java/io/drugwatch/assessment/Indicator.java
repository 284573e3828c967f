package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;

/** The six indicators 破抓缴查收戒, each as one number of a scorecard for ranking. */
public enum Indicator {
    CASES("破", "criminal cases solved"),
    SUSPECTS("抓", "criminal suspects arrested"),
    SEIZED("缴", "grams of drugs seized"),
    USERS_FOUND("查", "drug users found"),
    ISOLATION("收", "compulsory isolation orders"),
    COMMUNITY("戒", "community detox and rehabilitation orders");

    private final String zh;
    private final String en;

    Indicator(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public double value(Scorecard s) {
        Enforcement e = s.enforcement();
        Treatment t = s.treatment();
        return switch (this) {
            case CASES -> e.cases();
            case SUSPECTS -> e.criminalSuspects();
            case SEIZED -> e.drugMilligrams() / 1000.0;
            case USERS_FOUND -> e.usersFound();
            case ISOLATION -> t.orders(TreatmentKind.COMPULSORY_ISOLATION);
            case COMMUNITY ->
                t.orders(TreatmentKind.COMMUNITY_DETOX) + t.orders(TreatmentKind.COMMUNITY_REHABILITATION);
        };
    }

    public String label(Language language) {
        return language == Language.ZH ? zh : en;
    }
}
