package io.drugwatch.state;

import io.drugwatch.model.CountyIndicators;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An entry of county-latest-windows: the newest window of a county and size, when it last changed
 * (the pipeline's wall clock, for {@code ?since=} polls) and its end date, readable without decoding
 * the window, which is decoded only when asked for.
 */
public final class LatestWindow {

    private final long updatedAt;
    private final LocalDate endDate;
    private final Supplier<CountyIndicators> decode;
    private CountyIndicators window;

    LatestWindow(long updatedAt, LocalDate endDate, Supplier<CountyIndicators> decode) {
        this.updatedAt = updatedAt;
        this.endDate = Objects.requireNonNull(endDate, "endDate");
        this.decode = decode;
    }

    public static LatestWindow of(long updatedAt, CountyIndicators window) {
        LatestWindow latest = new LatestWindow(updatedAt, LocalDate.parse(window.getEndDate()), () -> window);
        latest.window = window;
        return latest;
    }

    public long updatedAt() {
        return updatedAt;
    }

    public LocalDate endDate() {
        return endDate;
    }

    /** Whether {@code candidate}, ending on {@code end}, replaces this one: it is as new or newer. */
    public boolean replacedBy(LocalDate end) {
        return !end.isBefore(endDate);
    }

    public synchronized CountyIndicators window() {
        if (window == null) {
            window = decode.get();
        }
        return window;
    }
}
