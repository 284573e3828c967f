package io.drugwatch.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops the WARN lines a healthy embedded node or pipeline logs on every run, so that with Kafka at
 * WARN a demo prints nothing from Kafka unless something is wrong. Only these exact messages are dropped;
 * every other warning of every logger passes. Does nothing when logback is not the SLF4J backend.
 */
final class KafkaLogNoise extends TurboFilter {

    /** A WARN from a logger starting with {@code loggerPrefix} whose message contains {@code part}, but not {@code unless}. */
    private record Noise(String loggerPrefix, String part, String unless) {

        boolean matches(String logger, String message) {
            return logger.startsWith(loggerPrefix)
                    && message.contains(part)
                    && (unless == null || !message.contains(unless));
        }
    }

    private static final List<Noise> NOISE = List.of(
            // logged on every start (with the bootstrap records on the first): routine for a single node.
            // Kept when it reports aborting a half-written metadata transaction after a crash.
            new Noise("org.apache.kafka.controller.QuorumController", "Performing controller activation.", "Aborting"),
            // logged by every clean shutdown of a combined node (the registration channel is closed twice)
            new Noise(
                    "org.apache.kafka.clients.NetworkClient",
                    "Attempting to close NetworkClient that has already been closed",
                    null),
            // Kafka Streams 4.3 also logs this for its internal per-client configs, which never carry the
            // setting; drugwatch sets processing.exception.handler.global.enabled=true
            new Noise(
                    "org.apache.kafka.streams.StreamsConfig",
                    "Processing exception handler is not enabled for the GlobalThread",
                    null));

    private static final AtomicBoolean installed = new AtomicBoolean();

    static void install() {
        if (installed.get()) {
            return;
        }
        try {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                    && installed.compareAndSet(false, true)) {
                KafkaLogNoise filter = new KafkaLogNoise();
                filter.setName("embedded-kafka-noise");
                filter.setContext(context);
                filter.start();
                context.addTurboFilter(filter);
            }
        } catch (LinkageError e) {
            // logback is not on the class path: leave logging alone
        }
    }

    @Override
    public FilterReply decide(
            Marker marker,
            ch.qos.logback.classic.Logger logger,
            Level level,
            String format,
            Object[] params,
            Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        for (Noise noise : NOISE) {
            if (noise.matches(logger.getName(), format)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
