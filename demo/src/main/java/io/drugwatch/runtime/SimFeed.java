package io.drugwatch.runtime;

import io.drugwatch.model.County;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.Scenario;
import io.drugwatch.sim.SimEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Feeds generated events to Kafka: history as fast as the producer takes it, or live at wall-clock pace. */
public final class SimFeed {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /**
     * A back-fill is flushed after each slice of this much event time. A task takes its four inputs in
     * the order of their LogAppendTime; without the flushes one input's batches can reach the broker
     * seconds after another's, which at back-fill speed is days of event time, and its older days are
     * closed and its records LATE when they come. Well under the 48 h grace, so that records of one
     * slice may be taken in any order.
     */
    public static final Duration LOAD_SLICE = Duration.ofHours(6);

    private static final Duration LIVE_SPAN = Duration.ofDays(30);

    private SimFeed() {}

    /** Sends every event of {@code generator}, flushed every {@link #LOAD_SLICE}; returns how many were sent. */
    public static long backfill(
            EventGenerator generator, SimPublisher publisher, BooleanSupplier stop, Consumer<String> progress) {
        long start = System.nanoTime();
        long lastReport = start;
        long n = 0;
        Instant sliceEnd = null;
        for (SimEvent e : generator) {
            if (stop.getAsBoolean()) {
                break;
            }
            // a poison pill has no event time; it goes with the slice it falls in
            Instant at = e.occurredAt();
            if (at != null && (sliceEnd == null || !at.isBefore(sliceEnd))) {
                publisher.flush();
                sliceEnd = at.plus(LOAD_SLICE);
            }
            publisher.send(e);
            n++;
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY.toNanos()) {
                lastReport = now;
                progress.accept(String.format(
                        "back-fill: %,d events sent, up to %s (%,.0f/s)",
                        n, e.occurredAt(), n / ((now - start) / 1e9)));
            }
        }
        publisher.flush();
        return n;
    }

    /**
     * Generates events as they happen, each sent when the clock reaches its occurredAt, until
     * {@code stop}, starting at {@code start}: events before the clock's present go out at once, so
     * a live feed started where a history ended continues it without a gap. Same model, seed and
     * options as the history, so counties keep their rates, dispersion, checkpoints and plants, and
     * the days shared with the history draw the same counts; event ids are renamed
     * {@code live-<span start>-<n>} so they never meet the history's.
     *
     * @param options the history's options, with its effective volume ({@link EventGenerator#volume()})
     */
    public static void live(
            List<County> counties,
            long seed,
            GeneratorOptions options,
            Collection<Scenario> scenarios,
            Instant start,
            SimPublisher publisher,
            Clock clock,
            BooleanSupplier stop,
            Consumer<String> progress)
            throws InterruptedException {
        long lastReport = System.nanoTime();
        Instant from = start;
        while (!stop.getAsBoolean()) {
            EventGenerator generator =
                    new EventGenerator(counties, seed, from, from.plus(LIVE_SPAN), scenarios, options);
            String prefix = "live-" + from.getEpochSecond() + "-";
            for (SimEvent e : generator) {
                // poison pills have no event time: they go out at once
                while (!stop.getAsBoolean()
                        && e.occurredAt() != null
                        && e.occurredAt().isAfter(clock.instant())) {
                    publisher.flush();
                    Thread.sleep(Math.max(
                            1,
                            Math.min(
                                    200,
                                    Duration.between(clock.instant(), e.occurredAt())
                                                    .toMillis()
                                            + 1)));
                }
                if (stop.getAsBoolean()) {
                    return;
                }
                if (e.record() != null) {
                    rename(e.record(), prefix);
                }
                publisher.send(e);
                if (System.nanoTime() - lastReport > PROGRESS_EVERY.toNanos() * 15) {
                    lastReport = System.nanoTime();
                    progress.accept(String.format("live: %,d events sent so far", publisher.sent()));
                }
            }
            from = generator.to();
        }
    }

    /** Events a second at the generator's volume (the live rate once a history is done). */
    public static double eventsPerSecond(EventGenerator generator) {
        return generator.expectedEventsPerDay() / 86_400;
    }

    /**
     * The volume at which these counties give about {@code eventsPerSecond} events a second (what
     * {@code --rate} means: the volume of both the history and the live feed).
     */
    public static double volumeForRate(
            List<County> counties, long seed, double eventsPerSecond, GeneratorOptions base) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("--rate must be > 0: " + eventsPerSecond);
        }
        Instant t = Instant.EPOCH.plus(Duration.ofDays(20_000));
        return new EventGenerator(
                        counties,
                        seed,
                        t,
                        t.plus(Duration.ofDays(1)),
                        List.of(),
                        base.withTargetEventsPerDay(eventsPerSecond * 86_400))
                .volume();
    }

    private static void rename(SpecificRecord record, String prefix) {
        Schema.Field field = record.getSchema().getField("eventId");
        String id = (String) record.get(field.pos());
        if (id != null && id.startsWith("sim-")) {
            record.put(field.pos(), prefix + id.substring(id.lastIndexOf('-') + 1));
        }
    }
}
