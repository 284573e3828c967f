package io.drugwatch.runtime;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a topology with Kafka Streams: start, wait until running, close cleanly. */
public final class PipelineRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();

    public PipelineRunner(DrugwatchConfig config, Topology topology) {
        KafkaLogNoise.install();
        this.streams = new KafkaStreams(topology, streamsProperties(config));
        streams.setStateListener((now, before) -> {
            log.info("pipeline {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            listeners.forEach(l -> l.onChange(now, before));
        });
        streams.setUncaughtExceptionHandler(PipelineRunner::onStreamThreadFailure);
    }

    /** Every Kafka client setting from the config; drugwatch's own settings are not passed on. */
    public static Properties streamsProperties(DrugwatchConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        return props;
    }

    /**
     * Bad data never reaches here (it is dead-lettered), so a failure is an outage: the registry or a
     * broker is unreachable. The thread is replaced after a pause and resumes from its last commit, so
     * nothing is skipped and nothing is counted twice.
     */
    private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(
            Throwable error) {
        Throwable cause = find(error, RegistryUnavailableException.class);
        if (cause != null) {
            log.warn("schema registry unavailable ({}); retrying in {} s", cause.getMessage(),
                    RETRY_PAUSE.toSeconds());
        } else {
            log.error("stream thread failed; replacing it in {} s", RETRY_PAUSE.toSeconds(), error);
        }
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    /** Also tells {@code listener} of every state change: Kafka Streams takes one listener, the runner's. */
    public void addStateListener(KafkaStreams.StateListener listener) {
        listeners.add(listener);
    }

    public void start() {
        streams.start();
    }

    /** @return true if the pipeline reached RUNNING in time */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
