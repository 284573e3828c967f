package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.Indicators;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.StoreKeys.Clock;
import io.drugwatch.domain.StoreKeys.Days;
import io.drugwatch.domain.StoreKeys.Panes;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.state.StoreRanges;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one daily pane per county and local date and derives the 1-, 7- and 28-day windows from
 * them, instead of 36 window aggregates per event.
 *
 * <p>For alerting, it tells the alerts processor of every day that closes, with that day's panes, and
 * passes on accepted seizures (judged at once) and wastewater samples (judged per plant).
 *
 * <p>Stream time here is the largest occurredAt accepted by this task. A local day closes when
 * stream time reaches its end plus grace: the windows ending that day are published once with
 * final=true, and later records for it are LATE. Open windows that changed are published with
 * final=false on a wall-clock interval. If the task's input goes quiet, stream time follows the
 * wall clock after a configurable idle period so that quiet counties still close their days;
 * replays turn that off and then only records move time, which keeps them deterministic.
 */
final class CountyWindowsProcessor implements Processor<String, Admitted<?>, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(CountyWindowsProcessor.class);

    private final WindowCalendar calendar;
    private final Duration dedupHorizon;
    private final Duration updateInterval;
    private final Duration idleAdvanceAfter;
    private final String indicatorsNode;
    private final String deadLettersNode;
    /** Where closed days and accepted seizures go for alerting; null when the topology has no alerts. */
    private final String alertsNode;

    private ProcessorContext<Object, Object> context;
    private PipelineMetrics metrics;
    private KeyValueStore<String, DailyPane> panes;
    private KeyValueStore<String, byte[]> days;
    private WindowStore<String, Long> seen;
    /**
     * Persists the three clock values below; they are read from memory on every record. Stream time
     * is saved when a day closes and on the wall-clock tick, not with every record: after a crash,
     * a stream time up to a tick old only re-announces a new day, while closed-through, which decides
     * what is LATE, is saved whenever it moves.
     */
    private KeyValueStore<String, Long> clock;

    private Long streamTime;
    private boolean streamTimeUnsaved;
    private Long closedThrough;
    private Long observedFrom;
    private KeyValueStore<String, County> counties;

    /** Open days changed since the last publication, per county: rebuilt by the next records after a restart. */
    private final Map<String, NavigableSet<LocalDate>> dirty = new HashMap<>();
    /** A new local day that has begun and whose windows have not been published yet. */
    private LocalDate newDay;
    /**
     * The panes of open days, decoded, by pane key: every record reads its pane, and reading it
     * from the store costs a cache lookup and a decode each time. Writes still go to the store with
     * every record. Entries leave when their day closes, so this holds at most the open days
     * (the grace plus today) of this task's counties.
     */
    private final Map<String, DailyPane> openPanes = new HashMap<>();

    private long lastInputWallTime;
    private long streamTimeAtLastInput;
    /**
     * Output timestamps stay at or below the time of the record or punctuation that causes them:
     * stream time can run up to a day ahead of the clock, and brokers reject timestamps more than
     * message.timestamp.after.max.ms (one hour by default) in the future.
     */
    private long timestampCeiling;

    CountyWindowsProcessor(
            WindowCalendar calendar,
            Duration dedupHorizon,
            Duration updateInterval,
            Duration idleAdvanceAfter,
            String indicatorsNode,
            String deadLettersNode,
            String alertsNode) {
        this.calendar = calendar;
        this.dedupHorizon = dedupHorizon;
        this.updateInterval = updateInterval;
        this.idleAdvanceAfter = idleAdvanceAfter;
        this.indicatorsNode = indicatorsNode;
        this.deadLettersNode = deadLettersNode;
        this.alertsNode = alertsNode;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new PipelineMetrics(context);
        this.panes = context.getStateStore(StoreNames.PANES);
        this.days = context.getStateStore(StoreNames.DAYS);
        this.seen = context.getStateStore(StoreNames.SEEN_EVENTS);
        this.clock = context.getStateStore(StoreNames.CLOCK);
        this.counties = context.getStateStore(StoreNames.COUNTIES);
        this.lastInputWallTime = context.currentSystemTimeMs();
        this.openPanes.clear();
        this.streamTime = clock.get(Clock.STREAM_TIME);
        this.closedThrough = clock.get(Clock.CLOSED_THROUGH);
        this.observedFrom = clock.get(Clock.OBSERVED_FROM);
        this.streamTimeAtLastInput = streamTime == null ? Long.MIN_VALUE : streamTime;
        context.schedule(updateInterval, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, Admitted<?>> record) {
        timestampCeiling = record.timestamp();
        Admitted<?> in = record.value();
        String topic = in.topic();
        long occurredAt = in.occurredAt();
        String dedupKey = StoreKeys.SeenEvents.key(in.type(), in.eventId());
        if (seenBefore(dedupKey, occurredAt)) {
            metrics.duplicate(topic);
            return;
        }
        LocalDate day = calendar.localDate(occurredAt);
        if (closedThrough != null && day.toEpochDay() <= closedThrough) {
            metrics.deadLetter(topic, RejectReason.LATE.name());
            metrics.late(topic);
            context.forward(
                    DeadLetters.of(
                            in.rawKey(),
                            in.rawValue(),
                            record.timestamp(),
                            record.headers(),
                            new Rejection(
                                    RejectReason.LATE,
                                    "local day " + day + " closed at "
                                            + Instant.ofEpochMilli(calendar.closesAt(day)) + "; stream time is "
                                            + Instant.ofEpochMilli(streamTime)),
                            context.recordMetadata().orElseThrow()),
                    deadLettersNode);
            return;
        }
        seen.put(dedupKey, occurredAt, dedupBucket(occurredAt));
        if (observedFrom == null || day.toEpochDay() < observedFrom) {
            observedFrom = day.toEpochDay();
            clock.put(Clock.OBSERVED_FROM, observedFrom);
        }
        String county = record.key();
        String paneKey = Panes.key(county, day);
        DailyPane pane = openPanes.get(paneKey);
        if (pane == null) {
            pane = panes.get(paneKey);
            if (pane == null) {
                pane = new DailyPane();
                days.put(Days.key(day, county), new byte[0]);
            }
            openPanes.put(paneKey, pane);
        }
        in.addTo(pane);
        panes.put(paneKey, pane);
        metrics.accepted(topic);
        dirty.computeIfAbsent(county, c -> new TreeSet<>()).add(day);
        if (alertsNode != null) {
            if (in.event() instanceof Seizure seizure) {
                toAlerts(county, new AlertFeed.SeizureCounted(seizure), record.timestamp());
            } else if (in.event() instanceof WastewaterSample sample) {
                toAlerts(county, new AlertFeed.SampleCounted(sample), record.timestamp());
            }
        }

        lastInputWallTime = context.currentSystemTimeMs();
        long advanced = streamTime == null ? occurredAt : Math.max(streamTime, occurredAt);
        streamTimeAtLastInput = advanced;
        if (streamTime == null || advanced > streamTime) {
            advanceTo(streamTime, advanced);
        }
    }

    /**
     * Whether an event with this key was accepted within the dedup horizon of {@code occurredAt}. Ids
     * are filed under the start of their horizon-wide bucket, so the three buckets that can hold an
     * earlier occurrence are three point lookups, which a miss answers from RocksDB's bloom filters;
     * a time-range fetch would open an iterator on every segment it spans.
     */
    private boolean seenBefore(String dedupKey, long occurredAt) {
        long horizon = dedupHorizon.toMillis();
        long bucket = dedupBucket(occurredAt);
        for (long start = bucket - horizon; start <= bucket + horizon; start += horizon) {
            Long at = seen.fetch(dedupKey, start);
            if (at != null && Math.abs(at - occurredAt) <= horizon) {
                return true;
            }
        }
        return false;
    }

    private long dedupBucket(long occurredAt) {
        long horizon = dedupHorizon.toMillis();
        return Math.floorDiv(occurredAt, horizon) * horizon;
    }

    private void onWallClock(long wallTime) {
        timestampCeiling = wallTime;
        if (!idleAdvanceAfter.isZero() && streamTimeAtLastInput != Long.MIN_VALUE) {
            long idle = wallTime - lastInputWallTime;
            if (idle >= idleAdvanceAfter.toMillis()) {
                long candidate = streamTimeAtLastInput + idle;
                if (streamTime != null && candidate > streamTime) {
                    advanceTo(streamTime, candidate);
                }
            }
        }
        if (streamTimeUnsaved) {
            saveStreamTime();
        }
        publishUpdates();
    }

    /** Moves stream time forward, publishing final windows of every day that closes on the way. */
    private void advanceTo(Long previous, long now) {
        streamTime = now;
        streamTimeUnsaved = true;
        LocalDate target = calendar.lastClosedDay(now);
        if (closedThrough == null) {
            setClosedThrough(target);
        } else if (target.toEpochDay() > closedThrough) {
            closeDays(LocalDate.ofEpochDay(closedThrough + 1), target);
            setClosedThrough(target);
        }
        if (previous != null) {
            LocalDate today = calendar.localDate(now);
            if (today.isAfter(calendar.localDate(previous))) {
                newDay = today;
            }
        }
    }

    private void setClosedThrough(LocalDate day) {
        openPanes.keySet().removeIf(key -> !Panes.day(key).isAfter(day));
        closedThrough = day.toEpochDay();
        clock.put(Clock.CLOSED_THROUGH, closedThrough);
        saveStreamTime();
    }

    private void saveStreamTime() {
        clock.put(Clock.STREAM_TIME, streamTime);
        streamTimeUnsaved = false;
    }

    private void closeDays(LocalDate from, LocalDate through) {
        int widest = WindowSizes.WIDEST;
        NavigableSet<LocalDate> dataDays = new TreeSet<>();
        try (KeyValueIterator<String, byte[]> it =
                StoreRanges.scan(days, Days.between(from.minusDays(widest - 1L), through))) {
            while (it.hasNext()) {
                dataDays.add(Days.day(it.next().key));
            }
        }
        for (LocalDate end = from; !end.isAfter(through); end = end.plusDays(1)) {
            if (!dataDays.subSet(end.minusDays(widest - 1L), true, end, true).isEmpty()) {
                for (String county : countiesWithData(end.minusDays(widest - 1L), end)) {
                    publish(county, end, List.of(end), true);
                }
            }
            // every closed day, quiet or not: open alerts resolve and baselines move on quiet days too
            if (alertsNode != null) {
                toAlerts(
                        null,
                        new AlertFeed.DayClosed(end, panesOf(end), LocalDate.ofEpochDay(observedFrom)),
                        Math.min(calendar.dayEnd(end) - 1, timestampCeiling));
            }
            if (!dataDays.headSet(end.minusDays(widest - 1L), true).isEmpty()) {
                purge(end.minusDays(widest - 1L));
            }
        }
        // a changed day stays relevant while some window containing it is still open
        dirty.values()
                .forEach(
                        set -> set.headSet(through.minusDays(widest - 1L), true).clear());
        dirty.values().removeIf(NavigableSet::isEmpty);
    }

    /** The panes of {@code day}, by county. */
    private Map<String, DailyPane> panesOf(LocalDate day) {
        Map<String, DailyPane> byCounty = new TreeMap<>();
        for (String county : countiesWithData(day, day)) {
            DailyPane pane = panes.get(Panes.key(county, day));
            if (pane != null) {
                byCounty.put(county, pane);
            }
        }
        return byCounty;
    }

    private NavigableSet<String> countiesWithData(LocalDate from, LocalDate through) {
        NavigableSet<String> found = new TreeSet<>();
        try (KeyValueIterator<String, byte[]> it = StoreRanges.scan(days, Days.between(from, through))) {
            while (it.hasNext()) {
                found.add(Days.county(it.next().key));
            }
        }
        return found;
    }

    /**
     * Drops the panes of {@code day} and of any day before it: every window that contains them has closed.
     * (Panes kept longer by an older version, for the alert rules, go at the first close after an upgrade.)
     */
    private void purge(LocalDate day) {
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

    /** Publishes, with final=false, the open windows that changed and those of a day that has just begun. */
    private void publishUpdates() {
        if (streamTime == null || closedThrough == null) {
            return;
        }
        LocalDate today = calendar.localDate(streamTime);
        LocalDate firstOpen = LocalDate.ofEpochDay(closedThrough + 1);
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
            for (String county : countiesWithData(newDay.minusDays(WindowSizes.WIDEST - 1L), newDay)) {
                ends.computeIfAbsent(county, c -> new TreeSet<>()).add(newDay);
            }
        }
        Map<String, NavigableSet<LocalDate>> changed = new HashMap<>(dirty);
        ends.forEach((county, e) -> publish(
                county, e.last(), new ArrayList<>(e), false, changed.getOrDefault(county, new TreeSet<>()), newDay));
        dirty.clear();
        newDay = null;
    }

    private void publish(String county, LocalDate lastEnd, List<LocalDate> ends, boolean isFinal) {
        publish(county, lastEnd, ends, isFinal, null, null);
    }

    /**
     * Publishes the windows of {@code county} ending on each of {@code ends}, from one scan of its
     * panes. For updates, a window is only published if a changed day lies inside it or it ends on
     * the day that has just begun.
     */
    private void publish(
            String county,
            LocalDate lastEnd,
            List<LocalDate> ends,
            boolean isFinal,
            NavigableSet<LocalDate> changed,
            LocalDate begun) {
        LocalDate first = ends.get(0).minusDays(WindowSizes.WIDEST - 1L);
        int span = (int) (lastEnd.toEpochDay() - first.toEpochDay()) + 1;
        DailyPane[] byDay = new DailyPane[span];
        try (KeyValueIterator<String, DailyPane> it = StoreRanges.scan(panes, Panes.between(county, first, lastEnd))) {
            while (it.hasNext()) {
                KeyValue<String, DailyPane> kv = it.next();
                LocalDate day = Panes.day(kv.key);
                byDay[(int) (day.toEpochDay() - first.toEpochDay())] = kv.value;
            }
        }
        County reference = county(county);
        long now = streamTime;
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
                context.forward(
                        new Record<Object, Object>(
                                StoreKeys.CountyWindows.key(county, size, end),
                                value,
                                Math.min(Math.min(window.end() - 1, now), timestampCeiling)),
                        indicatorsNode);
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

    /** Only messages of the alert feed reach the alerts processor. */
    private void toAlerts(String county, AlertFeed message, long timestamp) {
        context.forward(new Record<Object, Object>(county, message, timestamp), alertsNode);
    }

    @Override
    public void close() {
        metrics.close();
    }
}
