package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;

/**
 * The lists of areas with severe drug problems, least severe first. Different commissions keep them, so an
 * area may be on several at once (Ludian: the national notice, then the provincial focus).
 */
public enum DesignationKind {
    /** 重点关注: a provincial commission's focus. */
    FOCUS("重点关注", "provincial focus"),
    /** 预警通告: the national commission's warning notice. */
    WARNING_NOTICE("预警通告", "warning notice"),
    /** 重点整治: listed for key rectification. */
    RECTIFICATION("重点整治", "key rectification");

    private final String zh;
    private final String en;

    DesignationKind(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String label(Language language) {
        return language == Language.ZH ? zh : en;
    }
}
