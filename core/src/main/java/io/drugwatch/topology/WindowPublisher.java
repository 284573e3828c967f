package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.Indicators;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.serde.RegistryUnavailableException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a task's county windows to {@code county-indicators}: once with final=true when their
 * day closes, and with final=false on the wall-clock tick while open windows change or a day begins.
 * It keeps which open days changed since the last tick; after a restart the next records rebuild that.
 */
final class WindowPublisher {

    private static final Logger log = LoggerFactory.getLogger(WindowPublisher.class);

    private final ProcessorContext<Object, Object> context;
    private final String node;
    /** Where every published window goes too, to keep county-latest-windows; null if nowhere. */
    private final String latestNode;

    private final WindowCalendar calendar;
    private final DailyPanes panes;
    private final KeyValueStore<String, County> counties;
    private final PipelineMetrics metrics;

    /** Open days changed since the last publication, per county. */
    private final Map<String, NavigableSet<LocalDate>> dirty = new HashMap<>();
    /** A new local day that has begun and whose windows have not been published yet. */
    private LocalDate newDay;

    WindowPublisher(
            ProcessorContext<Object, Object> context,
            String node,
            String latestNode,
            WindowCalendar calendar,
            DailyPanes panes,
            KeyValueStore<String, County> counties,
            PipelineMetrics metrics) {
        this.context = context;
        this.node = node;
        this.latestNode = latestNode;
        this.calendar = calendar;
        this.panes = panes;
        this.counties = counties;
        this.metrics = metrics;
    }

    /** The pane of {@code county} on {@code day} changed. */
    void changed(String county, LocalDate day) {
        dirty.computeIfAbsent(county, c -> new TreeSet<>()).add(day);
    }

    /** A new local day began: its windows go out with the next update even if nothing changed. */
    void begun(LocalDate day) {
        newDay = day;
    }

    /** Publishes the final windows of {@code county} that end on {@code end}, a day that has just closed. */
    void publishFinal(String county, LocalDate end, long streamTime, long ceiling) {
        publish(county, end, List.of(end), true, null, null, streamTime, ceiling);
    }

    /** Days through {@code through} have closed: a changed day stays relevant while a window containing it is open. */
    void closedThrough(LocalDate through) {
        dirty.values()
                .forEach(set -> set.headSet(through.minusDays(WindowSizes.WIDEST - 1L), true)
                        .clear());
        dirty.values().removeIf(NavigableSet::isEmpty);
    }

    /** Publishes, with final=false, the open windows that changed and those of a day that has just begun. */
    void publishUpdates(long streamTime, LocalDate closedThrough, long ceiling) {
        LocalDate today = calendar.localDate(streamTime);
        LocalDate firstOpen = closedThrough.plusDays(1);
        Map<String, NavigableSet<LocalDate>> ends = new TreeMap<>();
        dirty.forEach((county, changed) -> {
            NavigableSet<LocalDate> e = new TreeSet<>();
            for (LocalDate day : changed) {
                LocalDate last = day.plusDays(WindowSizes.WIDEST - 1L);
                for (LocalDate end = day.isBefore(firstOpen) ? firstOpen : day;
                        !end.isAfter(today) && !end.isAfter(last);
                        end = end.plusDays(1)) {
                    e.add(end);
                }
            }
            if (!e.isEmpty()) {
                ends.put(county, e);
            }
        });
        if (newDay != null && !newDay.isBefore(firstOpen) && !newDay.isAfter(today)) {
            for (String county : panes.countiesWithData(newDay.minusDays(WindowSizes.WIDEST - 1L), newDay)) {
                ends.computeIfAbsent(county, c -> new TreeSet<>()).add(newDay);
            }
        }
        Map<String, NavigableSet<LocalDate>> changed = new HashMap<>(dirty);
        ends.forEach((county, e) -> publish(
                county,
                e.last(),
                new ArrayList<>(e),
                false,
                changed.getOrDefault(county, new TreeSet<>()),
                newDay,
                streamTime,
                ceiling));
        dirty.clear();
        newDay = null;
    }

    /**
     * Publishes the windows of {@code county} ending on each of {@code ends}, from one scan of its
     * panes. For updates, a window is only published if a changed day lies inside it or it ends on
     * the day that has just begun. Output timestamps stay at or below {@code ceiling}, the time of the
     * record or punctuation that causes them: stream time can run up to a day ahead of the clock, and
     * brokers reject timestamps more than message.timestamp.after.max.ms (an hour by default) ahead.
     */
    private void publish(
            String county,
            LocalDate lastEnd,
            List<LocalDate> ends,
            boolean isFinal,
            NavigableSet<LocalDate> changed,
            LocalDate begun,
            long streamTime,
            long ceiling) {
        LocalDate first = ends.get(0).minusDays(WindowSizes.WIDEST - 1L);
        DailyPane[] byDay = panes.of(county, first, lastEnd);
        County reference = county(county);
        for (LocalDate end : ends) {
            for (int size : WindowSizes.ALL) {
                LocalDate start = end.minusDays(size - 1L);
                boolean affected = isFinal
                        || end.equals(begun)
                        || !changed.subSet(start, true, end, true).isEmpty();
                if (!affected) {
                    continue;
                }
                DailyPane sum = new DailyPane();
                for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                    DailyPane p = byDay[(int) (d.toEpochDay() - first.toEpochDay())];
                    if (p != null) {
                        sum.merge(p);
                    }
                }
                if (sum.isEmpty()) {
                    continue;
                }
                WindowCalendar.Window window = calendar.window(size, end);
                CountyIndicators value = Indicators.of(county, reference, window, sum, isFinal);
                Record<Object, Object> out = new Record<>(
                        StoreKeys.CountyWindows.key(county, size, end),
                        value,
                        Math.min(Math.min(window.end() - 1, streamTime), ceiling));
                context.forward(out, node);
                if (latestNode != null) {
                    context.forward(out, latestNode);
                }
                metrics.indicatorsOut(isFinal);
            }
        }
    }

    private County county(String code) {
        try {
            return counties.get(code);
        } catch (RegistryUnavailableException e) {
            // an outage, not bad data: the stream thread waits and retries rather than publish without names
            throw e;
        } catch (RuntimeException e) {
            log.warn("reference data for county {} is unreadable, publishing without names: {}", code, e.toString());
            return null;
        }
    }
}
