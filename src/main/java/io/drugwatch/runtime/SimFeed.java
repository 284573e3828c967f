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
    private static final Duration LIVE_SPAN = Duration.ofDays(30);

    private SimFeed() {
    }

    /** Sends every event of {@code generator}; returns how many were sent. */
    public static long backfill(EventGenerator generator, SimPublisher publisher, BooleanSupplier stop,
                                Consumer<String> progress) {
        long start = System.nanoTime();
        long lastReport = start;
        long n = 0;
        for (SimEvent e : generator) {
            if (stop.getAsBoolean()) {
                break;
            }
            publisher.send(e);
            n++;
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY.toNanos()) {
                lastReport = now;
                progress.accept(String.format("back-fill: %,d events sent, up to %s (%,.0f/s)", n, e.occurredAt(),
                        n / ((now - start) / 1e9)));
            }
        }
        publisher.flush();
        return n;
    }

    /**
     * Generates events as they happen, each sent when the clock reaches its occurredAt, until
     * {@code stop}. Same seed as the history, so counties keep their checkpoints, plants and base
     * rates; event ids are renamed {@code live-<span start>-<n>} so they never meet the history's.
     */
    public static void live(List<County> counties, long seed, double eventsPerSecond, Collection<Scenario> scenarios,
                            SimPublisher publisher, Clock clock, BooleanSupplier stop, Consumer<String> progress)
            throws InterruptedException {
        GeneratorOptions options = GeneratorOptions.defaults().withTargetEventsPerDay(eventsPerSecond * 86_400);
        long lastReport = System.nanoTime();
        while (!stop.getAsBoolean()) {
            Instant from = clock.instant();
            EventGenerator generator = new EventGenerator(counties, seed, from, from.plus(LIVE_SPAN), scenarios,
                    options);
            String prefix = "live-" + from.getEpochSecond() + "-";
            for (SimEvent e : generator) {
                // poison pills have no event time: they go out at once
                while (!stop.getAsBoolean() && e.occurredAt() != null && e.occurredAt().isAfter(clock.instant())) {
                    publisher.flush();
                    Thread.sleep(Math.max(1, Math.min(200,
                            Duration.between(clock.instant(), e.occurredAt()).toMillis() + 1)));
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
        }
    }

    private static void rename(SpecificRecord record, String prefix) {
        Schema.Field field = record.getSchema().getField("eventId");
        String id = (String) record.get(field.pos());
        if (id != null && id.startsWith("sim-")) {
            record.put(field.pos(), prefix + id.substring(id.lastIndexOf('-') + 1));
        }
    }
}
