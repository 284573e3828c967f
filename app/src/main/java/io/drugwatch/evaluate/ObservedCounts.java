package io.drugwatch.evaluate;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Daily counts per county and subject, as the pipeline counted them, from one first day. */
public final class ObservedCounts {

    private final LocalDate first;
    private final int days;
    private final Map<String, Map<String, int[]>> counts = new HashMap<>();

    public ObservedCounts(LocalDate first, LocalDate last) {
        this.first = first;
        this.days = (int) (last.toEpochDay() - first.toEpochDay() + 1);
    }

    public LocalDate first() {
        return first;
    }

    public int days() {
        return days;
    }

    /** Adds {@code n} to a county's count of {@code subject} on {@code day}; days outside the span are ignored. */
    public void add(String county, String subject, LocalDate day, int n) {
        long i = day.toEpochDay() - first.toEpochDay();
        if (i >= 0 && i < days) {
            counts.computeIfAbsent(county, c -> new HashMap<>())
                    .computeIfAbsent(subject, s -> new int[days])[(int) i] += n;
        }
    }

    /** The county's daily counts of {@code subject}: zeros where nothing was counted. */
    public int[] of(String county, String subject) {
        int[] c = counts.getOrDefault(county, Map.of()).get(subject);
        return c == null ? new int[days] : c;
    }
}
