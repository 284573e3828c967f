package io.drugwatch.domain;

import java.util.List;

/** The rolling windows every county is reported over, in days. */
public final class WindowSizes {

    public static final List<Integer> ALL = List.of(1, 7, 28);

    /** The widest window: a daily pane is needed until the widest window that contains it has closed. */
    public static final int WIDEST = 28;

    private WindowSizes() {}
}
