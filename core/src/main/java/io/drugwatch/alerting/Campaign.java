package io.drugwatch.alerting;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A nationwide enforcement campaign (6·26, 百日行动, 冬春肃毒, 集中收戒): every county arrests more while
 * it runs, which is not an outbreak. Either on fixed dates ({@code 2025-06-01/2025-06-30}) or on the same
 * dates every year ({@code 06-01/06-30}; a span may cross the new year, {@code 12-01/01-15}). Both ends
 * are inclusive.
 */
public record Campaign(String name, LocalDate first, LocalDate last, MonthDay firstEachYear, MonthDay lastEachYear) {

    public Campaign {
        Objects.requireNonNull(name, "name");
        if ((first == null) != (last == null)
                || (firstEachYear == null) != (lastEachYear == null)
                || (first == null) == (firstEachYear == null)) {
            throw new IllegalArgumentException("a campaign has either fixed dates or yearly dates");
        }
        if (first != null && last.isBefore(first)) {
            throw new IllegalArgumentException("campaign " + name + " ends before it starts");
        }
    }

    public boolean covers(LocalDate day) {
        if (first != null) {
            return !day.isBefore(first) && !day.isAfter(last);
        }
        MonthDay md = MonthDay.from(day);
        if (!lastEachYear.isBefore(firstEachYear)) {
            return !md.isBefore(firstEachYear) && !md.isAfter(lastEachYear);
        }
        return !md.isBefore(firstEachYear) || !md.isAfter(lastEachYear);
    }

    /**
     * Parses {@code name:from/to,...}; names may hold any character but {@code , : /}.
     *
     * @throws IllegalArgumentException saying what is wrong with which entry
     */
    public static List<Campaign> parseList(String text) {
        List<Campaign> out = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            int slash = entry.indexOf('/');
            if (colon <= 0 || slash < colon) {
                throw new IllegalArgumentException("campaign '" + entry.trim()
                        + "' must look like name:2025-06-01/2025-06-30 or name:06-01/06-30");
            }
            String name = entry.substring(0, colon).trim();
            String from = entry.substring(colon + 1, slash).trim();
            String to = entry.substring(slash + 1).trim();
            try {
                if (from.length() == 5 && to.length() == 5) {
                    out.add(new Campaign(name, null, null, MonthDay.parse("--" + from), MonthDay.parse("--" + to)));
                } else {
                    out.add(new Campaign(name, LocalDate.parse(from), LocalDate.parse(to), null, null));
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "campaign '" + entry.trim() + "': dates must be yyyy-MM-dd or MM-dd");
            }
        }
        return List.copyOf(out);
    }

    /** The text {@link #parseList} reads back. */
    public String format() {
        return first != null
                ? name + ":" + first + "/" + last
                : name + ":" + firstEachYear.toString().substring(2) + "/"
                        + lastEachYear.toString().substring(2);
    }
}
