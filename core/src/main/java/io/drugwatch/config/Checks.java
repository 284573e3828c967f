package io.drugwatch.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The checks of drugwatch's text-valued settings, as {@link ConfigDef.Validator}s. Each message starts
 * with the setting's name, so the error a user sees says what to fix.
 */
final class Checks {

    private Checks() {}

    /** An ISO-8601 duration ({@code PT48H}, {@code P14D}), positive, or also zero if allowed. */
    static ConfigDef.Validator duration(boolean allowZero) {
        return validator(
                "an ISO-8601 duration such as PT48H or P14D, " + (allowZero ? "zero or positive" : "positive"),
                (name, value) -> {
                    Duration d;
                    try {
                        d = Duration.parse(value);
                    } catch (DateTimeParseException e) {
                        throw new ConfigException(
                                name + " must be an ISO-8601 duration such as PT48H or P14D, got '" + value + "'");
                    }
                    if (d.isNegative() || (!allowZero && d.isZero())) {
                        throw new ConfigException(
                                name + " must be " + (allowZero ? "zero or positive" : "positive") + ", got " + value);
                    }
                });
    }

    static ConfigDef.Validator timeZone() {
        return validator("a time zone id such as Asia/Shanghai", (name, value) -> {
            try {
                ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new ConfigException(name + " is not a time zone id: '" + value + "'");
            }
        });
    }

    static ConfigDef.Validator regex() {
        return validator("a Java regular expression", (name, value) -> {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name + " is not a regular expression: " + e.getDescription());
            }
        });
    }

    static ConfigDef.Validator date() {
        return validator("a date yyyy-MM-dd", (name, value) -> {
            try {
                LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + " must be a date yyyy-MM-dd, got '" + value + "'");
            }
        });
    }

    static ConfigDef.Validator registryUrl() {
        return validator("http://, https:// or mock:// URL", (name, value) -> {
            if (!value.matches("^(mock|http|https)://.+")) {
                throw new ConfigException(name + " must start with http://, https:// or mock://, got '" + value + "'");
            }
        });
    }

    private interface Check {
        void check(String name, String value);
    }

    private static ConfigDef.Validator validator(String description, Check check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.check(name, String.valueOf(value));
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
