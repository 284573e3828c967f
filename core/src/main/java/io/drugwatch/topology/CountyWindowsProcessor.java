package io.drugwatch.topology;

import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps one daily pane per county and local date and derives the 1-, 7- and 28-day windows from
 * them, instead of 36 window aggregates per event. It wires four parts, each with one job: a
 * {@link Deduplicator} drops re-sent events, a {@link TaskClock} decides when local days close (and
 * so what is LATE), {@link DailyPanes} holds the panes, and a {@link WindowPublisher} publishes the
 * windows, with final=true when their day closes and final=false while they are open.
 *
 * <p>For alerting, it tells the alerts processor of every day that closes, with that day's panes, and
 * passes on accepted seizures (judged at once) and wastewater samples (judged per plant).
 */
final class CountyWindowsProcessor implements Processor<String, Admitted<?>, Object, Object> {

    private final WindowCalendar calendar;
    private final Duration dedupHorizon;
    private final Duration updateInterval;
    private final Duration idleAdvanceAfter;
    private final String indicatorsNode;
    /** Where published windows go to keep county-latest-windows; null when the topology has none. */
    private final String latestNode;

    private final String deadLettersNode;
    /** Where closed days and accepted seizures go for alerting; null when the topology has no alerts. */
    private final String alertsNode;

    private ProcessorContext<Object, Object> context;
    private PipelineMetrics metrics;
    private Deduplicator dedup;
    private TaskClock clock;
    private DailyPanes panes;
    private WindowPublisher publisher;
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
            String latestNode,
            String deadLettersNode,
            String alertsNode) {
        this.calendar = calendar;
        this.dedupHorizon = dedupHorizon;
        this.updateInterval = updateInterval;
        this.idleAdvanceAfter = idleAdvanceAfter;
        this.indicatorsNode = indicatorsNode;
        this.latestNode = latestNode;
        this.deadLettersNode = deadLettersNode;
        this.alertsNode = alertsNode;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.metrics = new PipelineMetrics(context);
        this.dedup = new Deduplicator(context.getStateStore(StoreNames.SEEN_EVENTS), dedupHorizon);
        this.clock = new TaskClock(
                context.getStateStore(StoreNames.CLOCK), calendar, idleAdvanceAfter, context.currentSystemTimeMs());
        this.panes = new DailyPanes(context.getStateStore(StoreNames.PANES), context.getStateStore(StoreNames.DAYS));
        this.publisher = new WindowPublisher(
                context,
                indicatorsNode,
                latestNode,
                calendar,
                panes,
                context.getStateStore(StoreNames.COUNTIES),
                metrics);
        context.schedule(updateInterval, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, Admitted<?>> record) {
        timestampCeiling = record.timestamp();
        Admitted<?> in = record.value();
        String topic = in.topic();
        long occurredAt = in.occurredAt();
        String dedupKey = StoreKeys.SeenEvents.key(in.type(), in.eventId());
        if (dedup.seenBefore(dedupKey, occurredAt)) {
            metrics.duplicate(topic);
            return;
        }
        LocalDate day = calendar.localDate(occurredAt);
        if (clock.isClosed(day)) {
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
                                            + Instant.ofEpochMilli(clock.streamTime())),
                            context.recordMetadata().orElseThrow()),
                    deadLettersNode);
            return;
        }
        dedup.remember(dedupKey, occurredAt);
        clock.observed(day);
        String county = record.key();
        DailyPane pane = panes.openPane(county, day);
        in.addTo(pane);
        panes.save(county, day, pane);
        metrics.accepted(topic);
        publisher.changed(county, day);
        if (alertsNode != null) {
            if (in.event() instanceof Seizure seizure) {
                toAlerts(county, new AlertFeed.SeizureCounted(seizure), record.timestamp());
            } else if (in.event() instanceof WastewaterSample sample) {
                toAlerts(county, new AlertFeed.SampleCounted(sample), record.timestamp());
            }
        }
        Long moved = clock.onInput(occurredAt, context.currentSystemTimeMs());
        if (moved != null) {
            advanceTo(moved);
        }
    }

    private void onWallClock(long wallTime) {
        timestampCeiling = wallTime;
        Long idle = clock.idleAdvance(wallTime);
        if (idle != null) {
            advanceTo(idle);
        }
        clock.saveIfChanged();
        if (clock.streamTime() != null && clock.closedThrough() != null) {
            publisher.publishUpdates(clock.streamTime(), clock.closedThrough(), timestampCeiling);
        }
    }

    /** Moves stream time forward, publishing final windows of every day that closes on the way. */
    private void advanceTo(long now) {
        TaskClock.Advance advance = clock.advanceTo(now);
        if (advance.firstToClose() != null) {
            closeDays(advance.firstToClose(), advance.closedThrough());
        }
        if (advance.closedThrough() != null) {
            panes.closedThrough(advance.closedThrough());
            clock.closeThrough(advance.closedThrough());
        }
        if (advance.newDay() != null) {
            publisher.begun(advance.newDay());
        }
    }

    private void closeDays(LocalDate from, LocalDate through) {
        int widest = WindowSizes.WIDEST;
        NavigableSet<LocalDate> dataDays = panes.daysWithData(from.minusDays(widest - 1L), through);
        for (LocalDate end = from; !end.isAfter(through); end = end.plusDays(1)) {
            if (!dataDays.subSet(end.minusDays(widest - 1L), true, end, true).isEmpty()) {
                for (String county : panes.countiesWithData(end.minusDays(widest - 1L), end)) {
                    publisher.publishFinal(county, end, clock.streamTime(), timestampCeiling);
                }
            }
            // every closed day, quiet or not: open alerts resolve and baselines move on quiet days too
            if (alertsNode != null) {
                toAlerts(
                        null,
                        new AlertFeed.DayClosed(end, panes.of(end), clock.observedFrom()),
                        Math.min(calendar.dayEnd(end) - 1, timestampCeiling));
            }
            if (!dataDays.headSet(end.minusDays(widest - 1L), true).isEmpty()) {
                panes.purgeThrough(end.minusDays(widest - 1L));
            }
        }
        publisher.closedThrough(through);
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
