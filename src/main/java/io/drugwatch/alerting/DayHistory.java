package io.drugwatch.alerting;

import io.drugwatch.domain.DailyPane;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * The daily panes of one county for the {@link AlertRules#HISTORY_DAYS} local days ending on
 * {@link #endDate()}. A day without a pane had no events, so it reads as zeros.
 *
 * <p>The panes are held, not copied, so building a history from a store fetch costs one array; callers
 * must not change a pane after handing it over.
 */
public final class DayHistory {

    private final LocalDate endDate;
    private final LocalDate observedFrom;
    private final DailyPane[] panes = new DailyPane[AlertRules.HISTORY_DAYS];

    private DayHistory(LocalDate endDate, LocalDate observedFrom) {
        this.endDate = Objects.requireNonNull(endDate, "endDate");
        this.observedFrom = Objects.requireNonNull(observedFrom, "observedFrom");
    }

    /** A history whose every day was observed. */
    public static DayHistory of(LocalDate endDate, Map<LocalDate, DailyPane> panes) {
        return of(endDate, panes, LocalDate.MIN);
    }

    /**
     * Panes dated outside the history are ignored, so a wider store fetch can be passed as it is.
     *
     * @param observedFrom the first day the pipeline has data for; days before it are unknown, not
     *     zero, so baselines reaching back before it are not judged
     */
    public static DayHistory of(LocalDate endDate, Map<LocalDate, DailyPane> panes, LocalDate observedFrom) {
        DayHistory history = new DayHistory(endDate, observedFrom);
        for (Map.Entry<LocalDate, DailyPane> e : panes.entrySet()) {
            long i = history.offset(e.getKey());
            if (i >= 0 && i < history.panes.length) {
                history.panes[(int) i] = e.getValue();
            }
        }
        return history;
    }

    public LocalDate endDate() {
        return endDate;
    }

    /** Whether every day from {@code date} on was observed. */
    public boolean observedSince(LocalDate date) {
        return !date.isBefore(observedFrom);
    }

    public LocalDate startDate() {
        return endDate.minusDays(AlertRules.HISTORY_DAYS - 1L);
    }

    /** The pane of {@code date}; an empty one for a day without events. */
    public DailyPane pane(LocalDate date) {
        DailyPane p = panes[index(date)];
        return p == null ? new DailyPane() : p;
    }

    /** All days from {@code from} to {@code toInclusive} merged into a new pane. */
    public DailyPane sum(LocalDate from, LocalDate toInclusive) {
        int first = index(from);
        int last = index(toInclusive);
        if (first > last) {
            throw new IllegalArgumentException("empty range " + from + " .. " + toInclusive);
        }
        DailyPane sum = new DailyPane();
        for (int i = first; i <= last; i++) {
            if (panes[i] != null) {
                sum.merge(panes[i]);
            }
        }
        return sum;
    }

    /** Position of {@code date}, 0 for the oldest day; may fall outside the array. */
    private long offset(LocalDate date) {
        return ChronoUnit.DAYS.between(startDate(), date);
    }

    private int index(LocalDate date) {
        long i = offset(date);
        if (i < 0 || i >= panes.length) {
            throw new IllegalArgumentException(date + " is outside the history " + startDate() + " .. " + endDate);
        }
        return (int) i;
    }
}
