package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.StoreKeys.Days;
import io.drugwatch.domain.StoreKeys.Panes;
import io.drugwatch.state.StoreRanges;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's daily panes: {@code county-panes} holds one pane per county and local date, and
 * {@code county-days} indexes them by date, so the counties with data on some days are one range.
 */
final class DailyPanes {

    private final KeyValueStore<String, DailyPane> panes;
    private final KeyValueStore<String, byte[]> days;
    /**
     * The panes of open days, decoded, by pane key: every record reads its pane, and reading it
     * from the store costs a cache lookup and a decode each time. Writes still go to the store with
     * every record. Entries leave when their day closes, so this holds at most the open days
     * (the grace plus today) of this task's counties.
     */
    private final Map<String, DailyPane> open = new HashMap<>();

    DailyPanes(KeyValueStore<String, DailyPane> panes, KeyValueStore<String, byte[]> days) {
        this.panes = panes;
        this.days = days;
    }

    /** The pane of {@code county} on the open day {@code day}, new and indexed if it had none. */
    DailyPane openPane(String county, LocalDate day) {
        String key = Panes.key(county, day);
        DailyPane pane = open.get(key);
        if (pane == null) {
            pane = panes.get(key);
            if (pane == null) {
                pane = new DailyPane();
                days.put(Days.key(day, county), new byte[0]);
            }
            open.put(key, pane);
        }
        return pane;
    }

    /** Writes a pane changed in place (as returned by {@link #openPane}). */
    void save(String county, LocalDate day, DailyPane pane) {
        panes.put(Panes.key(county, day), pane);
    }

    /** Lets go of the decoded panes of {@code day} and earlier: those days are closed. */
    void closedThrough(LocalDate day) {
        open.keySet().removeIf(key -> !Panes.day(key).isAfter(day));
    }

    /** The days from {@code from} through {@code through} on which some county has a pane. */
    NavigableSet<LocalDate> daysWithData(LocalDate from, LocalDate through) {
        NavigableSet<LocalDate> found = new TreeSet<>();
        try (KeyValueIterator<String, byte[]> it = StoreRanges.scan(days, Days.between(from, through))) {
            while (it.hasNext()) {
                found.add(Days.day(it.next().key));
            }
        }
        return found;
    }

    /** The counties with a pane on some day from {@code from} through {@code through}. */
    NavigableSet<String> countiesWithData(LocalDate from, LocalDate through) {
        NavigableSet<String> found = new TreeSet<>();
        try (KeyValueIterator<String, byte[]> it = StoreRanges.scan(days, Days.between(from, through))) {
            while (it.hasNext()) {
                found.add(Days.county(it.next().key));
            }
        }
        return found;
    }

    /** The panes of {@code day}, by county. */
    Map<String, DailyPane> of(LocalDate day) {
        Map<String, DailyPane> byCounty = new TreeMap<>();
        for (String county : countiesWithData(day, day)) {
            DailyPane pane = panes.get(Panes.key(county, day));
            if (pane != null) {
                byCounty.put(county, pane);
            }
        }
        return byCounty;
    }

    /** The panes of {@code county} from {@code first} through {@code last}, indexed by days after {@code first}. */
    DailyPane[] of(String county, LocalDate first, LocalDate last) {
        DailyPane[] byDay = new DailyPane[(int) (last.toEpochDay() - first.toEpochDay()) + 1];
        try (KeyValueIterator<String, DailyPane> it = StoreRanges.scan(panes, Panes.between(county, first, last))) {
            while (it.hasNext()) {
                KeyValue<String, DailyPane> kv = it.next();
                byDay[(int) (Panes.day(kv.key).toEpochDay() - first.toEpochDay())] = kv.value;
            }
        }
        return byDay;
    }

    /**
     * Drops the panes of {@code day} and of any day before it: every window that contains them has closed.
     * (Panes kept longer by an older version, for the alert rules, go at the first close after an upgrade.)
     */
    void purgeThrough(LocalDate day) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = StoreRanges.scan(days, Days.through(day))) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        for (String key : keys) {
            panes.delete(Panes.key(Days.county(key), Days.day(key)));
            days.delete(key);
        }
    }
}
