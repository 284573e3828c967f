package io.drugwatch.alerting;

import java.util.Locale;

/** Language of alert summaries; the values of {@code alert.language}. */
public enum Language {
    EN,
    ZH;

    /** @throws IllegalArgumentException for anything but en or zh (any case) */
    public static Language parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "en" -> EN;
            case "zh" -> ZH;
            default -> throw new IllegalArgumentException("expected en or zh, got '" + value + "'");
        };
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
