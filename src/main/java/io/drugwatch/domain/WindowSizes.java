package io.drugwatch.domain;

import java.util.List;

/** The rolling windows every county is reported over, in days. */
public final class WindowSizes {

    public static final List<Integer> ALL = List.of(1, 7, 28);

    /** The widest window: a daily pane is needed until the widest window that contains it has closed. */
    public static final int WIDEST = 28;

    /**
     * Days of panes kept per county: the alert rules compare the last 7 days with the 28 before them.
     * A pane is dropped when the day this many days after it closes.
     */
    public static final int HISTORY = 35;

    private WindowSizes() {
    }
}
