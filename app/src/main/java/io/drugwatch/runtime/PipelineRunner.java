package io.drugwatch.runtime;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.topology.FailureKind;
import io.drugwatch.topology.GlobalDeadLetters;
import io.drugwatch.topology.ProcessingErrorHandler;
import io.drugwatch.topology.ProcessingErrorMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a topology with Kafka Streams: start, wait until running, close cleanly. */
public final class PipelineRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final ThreadFailurePolicy failures;
    private final int failuresMax;
    private final Duration failuresWindow;
    private final Duration closeTimeout;
    private final ProcessingErrorMetrics processingErrors = new ProcessingErrorMetrics();
    private final DeadLetterProducer countyDeadLetters;
    private final RestoredRecords restored = new RestoredRecords();
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
    private long startedNanos;
    /** Restored records counted when the pipeline last reached RUNNING; read and written by the listener only. */
    private long restoredWhenRunning;

    public PipelineRunner(DrugwatchConfig config, Topology topology) {
        KafkaLogNoise.install();
        Properties props = streamsProperties(config);
        props.put(ProcessingErrorHandler.METRICS, processingErrors);
        countyDeadLetters = new DeadLetterProducer(config);
        props.put(GlobalDeadLetters.CONFIG, countyDeadLetters);
        this.streams = new KafkaStreams(topology, props);
        this.failuresMax = config.threadFailuresMax();
        this.failuresWindow = config.threadFailuresWindow();
        this.failures = new ThreadFailurePolicy(failuresMax, failuresWindow, System::nanoTime);
        this.closeTimeout = config.shutdownTimeout();
        streams.setStateListener((now, before) -> {
            log.info("pipeline {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING && running.getCount() > 0) {
                log.info(
                        "pipeline running {} s after start; {} records restored into the state stores",
                        String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9),
                        restored.total());
                restoredWhenRunning = restored.total();
                running.countDown();
            } else if (now == KafkaStreams.State.RUNNING) {
                // what a rebalance cost: a task taken over from a standby restores only what the standby lacked
                long total = restored.total();
                log.info(
                        "pipeline running again after a rebalance; {} records restored since it last ran",
                        total - restoredWhenRunning);
                restoredWhenRunning = total;
            }
            listeners.forEach(l -> l.onChange(now, before));
        });
        streams.setGlobalStateRestoreListener(restored);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    }

    /** Every Kafka client setting from the config; drugwatch's own settings are not passed on. */
    public static Properties streamsProperties(DrugwatchConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        return props;
    }

    /**
     * Bad input never reaches here: it is dead-lettered, and so is a record whose processing throws.
     * What does is an outage (the registry or a broker is unreachable), a failure no record is at fault
     * for, or one with no record to dead-letter. The thread is replaced after a pause and resumes from
     * its last commit, so nothing is skipped and nothing is counted twice; but a failure that is not an
     * outage and keeps coming back would only loop, so after a few the instance shuts down.
     */
    private StreamThreadExceptionResponse onStreamThreadFailure(Throwable error) {
        switch (failures.onFailure(error)) {
            case SHUT_DOWN -> {
                log.error(
                        "shutting down after {} stream thread failures within {} that a retry does not fix, the last"
                                + " {}; fix the cause and start again ({} and {} set the limit)",
                        failures.recentFailures(),
                        failuresWindow,
                        FailureKind.rootCause(error),
                        DrugwatchConfig.THREAD_FAILURES_MAX,
                        DrugwatchConfig.THREAD_FAILURES_WINDOW,
                        error);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            case REPLACE ->
                log.error(
                        "stream thread failed ({} of {} such failures within {} shut the instance down);"
                                + " replacing it in {} s",
                        failures.recentFailures(),
                        failuresMax,
                        failuresWindow,
                        RETRY_PAUSE.toSeconds(),
                        error);
            case RETRY -> {
                Throwable registry = FailureKind.causes(error).stream()
                        .filter(RegistryUnavailableException.class::isInstance)
                        .findFirst()
                        .orElse(null);
                if (registry != null) {
                    log.warn(
                            "schema registry unavailable ({}); retrying in {} s",
                            registry.getMessage(),
                            RETRY_PAUSE.toSeconds());
                } else {
                    log.warn(
                            "stream thread failed on an outage ({}); retrying in {} s",
                            FailureKind.rootCause(error),
                            RETRY_PAUSE.toSeconds());
                }
            }
        }
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Also tells {@code listener} of every state change: Kafka Streams takes one listener, the runner's. */
    public void addStateListener(KafkaStreams.StateListener listener) {
        listeners.add(listener);
    }

    public void start() {
        startedNanos = System.nanoTime();
        streams.start();
    }

    /** @return true if the pipeline reached RUNNING in time */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Kafka Streams' metrics and the count of records dead-lettered by the processing exception handler. */
    public Map<MetricName, Metric> metrics() {
        Map<MetricName, Metric> all = new HashMap<>(streams.metrics());
        all.putAll(processingErrors.metrics());
        return all;
    }

    /**
     * Commits, writes the stores' checkpoints so that the next start need not restore them, and leaves
     * the consumer group, so that its tasks move to other instances at once and a restarted instance
     * does not wait for this one's membership to expire (session.timeout.ms, 45 s by default).
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        boolean closed =
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(closeTimeout));
        if (closed) {
            log.info("pipeline closed in {} s", String.format("%.1f", (System.nanoTime() - started) / 1e9));
        } else {
            log.warn(
                    "pipeline did not close within {} ({}); the next start restores its state from the changelogs",
                    closeTimeout,
                    DrugwatchConfig.SHUTDOWN_TIMEOUT);
        }
        countyDeadLetters.close();
        processingErrors.close();
    }
}
