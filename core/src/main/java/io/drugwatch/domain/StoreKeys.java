package io.drugwatch.domain;

import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertRule;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Substance;
import java.time.LocalDate;

/**
 * The key of every state store, declared once per store: how it is built, how it is read back, and the
 * bounds of the range scans over it. The stores write these strings with Kafka's String serde, so the
 * bytes on disk and in the changelogs are their UTF-8 and a range compares those bytes: changing a format
 * here loses the state of every running instance ({@code StoreKeysTest} pins each one).
 *
 * <p>In {@code domain} rather than next to the topology: the county-window and region keys are also the
 * keys of the {@code county-indicators} and {@code region-indicators} topics, and the HTTP API reads the
 * stores with them without depending on the processors.
 *
 * <p>Parts are joined with {@value #SEP}, which no county code contains ({@link EventRules} rejects one
 * that does). Dates are ISO {@code yyyy-MM-dd}, four-digit years (the input bounds keep events within
 * them), so dates order as text; a dated key ends with its date, where replay's {@code RecentWindowsStore}
 * reads it from the bytes.
 */
public final class StoreKeys {

    public static final char SEP = '|';
    /** Sorts after every character that follows a prefix in these keys (digits, letters, '-'). */
    private static final char ABOVE_ALL = '\uffff';

    private StoreKeys() {}

    /** The inclusive bounds of a range scan ({@code KeyValueStore.range(from, to)}). */
    public record Range(String from, String to) {

        /** Every key that starts with {@code prefix}. */
        static Range startingWith(String prefix) {
            return new Range(prefix, prefix + ABOVE_ALL);
        }
    }

    /** county-panes: {@code county|yyyy-MM-dd}, so one county's days are one range, in date order. */
    public static final class Panes {

        private Panes() {}

        public static String key(String county, LocalDate day) {
            return county + SEP + day;
        }

        public static LocalDate day(String key) {
            return LocalDate.parse(key.substring(key.lastIndexOf(SEP) + 1));
        }

        /** The panes of {@code county} from {@code first} through {@code last}. */
        public static Range between(String county, LocalDate first, LocalDate last) {
            return new Range(key(county, first), key(county, last));
        }
    }

    /** county-days: {@code yyyy-MM-dd|county}, so the counties with a pane on some days are one range. */
    public static final class Days {

        private Days() {}

        public static String key(LocalDate day, String county) {
            return day.toString() + SEP + county;
        }

        public static LocalDate day(String key) {
            return LocalDate.parse(key.substring(0, key.indexOf(SEP)));
        }

        public static String county(String key) {
            return key.substring(key.indexOf(SEP) + 1);
        }

        /** Every county's entries from {@code from} through {@code through}. */
        public static Range between(LocalDate from, LocalDate through) {
            return new Range(from.toString() + SEP, through.toString() + SEP + ABOVE_ALL);
        }

        /** Every entry of {@code through} and of any day before it. */
        public static Range through(LocalDate through) {
            return new Range("", through.toString() + SEP + ABOVE_ALL);
        }
    }

    /** seen-event-ids: {@code tag|eventId}; the input's tag, because two inputs may use the same id. */
    public static final class SeenEvents {

        private SeenEvents() {}

        public static String key(EventType<?> type, String eventId) {
            return type.tag() + SEP + eventId;
        }
    }

    /** stream-clock: one entry per clock value of the task. */
    public static final class Clock {
        public static final String STREAM_TIME = "stream-time";
        public static final String CLOSED_THROUGH = "closed-through";
        /** Epoch day of the earliest accepted event: days before it are unknown to the alert baselines. */
        public static final String OBSERVED_FROM = "observed-from";

        private Clock() {}
    }

    /** alert-series: the county code, and {@link #PEERS} for the totals of every county the task judges. */
    public static final class AlertSeries {
        /** Starts with the separator, so it is no county's code. */
        public static final String PEERS = SEP + "peers";

        private AlertSeries() {}
    }

    /** plant-samples: {@code county|plantDigest|SUBSTANCE}, so a county's plants are one prefix. */
    public static final class Plants {

        private Plants() {}

        /** A plant-samples key read back. */
        public record Plant(String county, String plantDigest, Substance substance) {}

        public static String key(String county, String plantDigest, Substance substance) {
            return county + SEP + plantDigest + SEP + substance.name();
        }

        public static Plant parse(String key) {
            int first = key.indexOf(SEP);
            int last = key.lastIndexOf(SEP);
            return new Plant(
                    key.substring(0, first),
                    key.substring(first + 1, last),
                    Substance.valueOf(key.substring(last + 1)));
        }

        /** The prefix of every plant of {@code county}. */
        public static String ofCounty(String county) {
            return county + SEP;
        }
    }

    /** alert-states: {@code county|RULE|subject}, one lifecycle per county, rule and subject. */
    public static final class AlertStates {

        private AlertStates() {}

        public static String key(String county, AlertRule rule, String subject) {
            return county + SEP + rule.name() + SEP + subject;
        }

        public static String county(String key) {
            return key.substring(0, key.indexOf(SEP));
        }
    }

    /**
     * alert-history: {@code alertId|updatedAt|status}, with updatedAt in epoch milliseconds padded to 13
     * digits and the status's ordinal, so an alert's changes are one range in event time order, OPEN
     * before ESCALATED before RESOLVED.
     */
    public static final class AlertHistory {

        private AlertHistory() {}

        public static String key(Alert alert) {
            return alert.getAlertId()
                    + SEP
                    + String.format("%013d", alert.getUpdatedAt().toEpochMilli())
                    + SEP
                    + alert.getStatus().ordinal();
        }

        /** Every change of {@code alertId}. */
        public static Range of(String alertId) {
            return Range.startingWith(alertId + SEP);
        }
    }

    /** county-windows-table, and the county-indicators topic: {@code county|days|yyyy-MM-dd}. */
    public static final class CountyWindows {

        private CountyWindows() {}

        public static String key(String county, int windowDays, LocalDate endDate) {
            return county + SEP + windowDays + SEP + endDate;
        }

        /** The county of a window key; a bare county code is its own county. */
        public static String county(String key) {
            int end = key.indexOf(SEP);
            return end < 0 ? key : key.substring(0, end);
        }

        /** Every window of {@code county} and {@code windowDays}, whatever its end. */
        public static Range of(String county, int windowDays) {
            return Range.startingWith(county + SEP + windowDays + SEP);
        }

        /** The windows of {@code county} and {@code windowDays} ending from {@code from} through {@code to}. */
        public static Range between(String county, int windowDays, LocalDate from, LocalDate to) {
            return new Range(key(county, windowDays, from), key(county, windowDays, to));
        }
    }

    /**
     * county-latest-windows: {@code days|county}, the newest window of each county and size, so the
     * counties of one window size are one range.
     */
    public static final class CountyLatest {

        private CountyLatest() {}

        public static String key(int windowDays, String county) {
            return Integer.toString(windowDays) + SEP + county;
        }

        public static String county(String key) {
            return key.substring(key.indexOf(SEP) + 1);
        }

        /** The newest window of every county for {@code windowDays}. */
        public static Range of(int windowDays) {
            return Range.startingWith(Integer.toString(windowDays) + SEP);
        }
    }

    /** prefecture-totals and province-totals, and the region-indicators topic: {@code LEVEL|code|days|yyyy-MM-dd}. */
    public static final class RegionWindows {

        private RegionWindows() {}

        public static String key(RegionLevel level, String regionCode, int windowDays, String endDate) {
            return level.name() + SEP + regionCode + SEP + windowDays + SEP + endDate;
        }

        /** Every window of every region of {@code level}. */
        public static Range of(RegionLevel level) {
            return Range.startingWith(level.name() + SEP);
        }

        /** Every window of one region and {@code windowDays}, whatever its end. */
        public static Range of(RegionLevel level, String regionCode, int windowDays) {
            return Range.startingWith(level.name() + SEP + regionCode + SEP + windowDays + SEP);
        }
    }
}
