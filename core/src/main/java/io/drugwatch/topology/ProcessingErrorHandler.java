package io.drugwatch.topology;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.RejectReason;
import io.drugwatch.domain.Rejection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033) for the pipeline. A record whose processing
 * throws goes to dead-letters as {@code PROCESSING_ERROR}, with its original bytes, and the pipeline
 * goes on: one bad record must not stop the others. Processing fails, and the stream thread's failure
 * policy takes over, when the record is not at fault (an outage, a failed store; see
 * {@link FailureKind}) or when there is no input record to dead-letter: a punctuation, a cache flush,
 * or a record that had already produced output when it failed.
 */
public final class ProcessingErrorHandler implements ProcessingExceptionHandler {

    /** Streams config key of the dead-letters topic: drugwatch's own setting, passed on for this handler. */
    public static final String DEAD_LETTERS_TOPIC = DrugwatchConfig.TOPIC_PREFIX + "dead-letters";
    /** Streams config key of an optional {@link ProcessingErrorMetrics} that counts the dead letters. */
    public static final String METRICS = "drugwatch.processing.error.metrics";

    private static final Logger log = LoggerFactory.getLogger(ProcessingErrorHandler.class);

    private String deadLetters;
    private ProcessingErrorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = (String) Objects.requireNonNull(configs.get(DEAD_LETTERS_TOPIC), DEAD_LETTERS_TOPIC);
        metrics = (ProcessingErrorMetrics) configs.get(METRICS);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (FailureKind.of(exception) != FailureKind.RECORD) {
            return Response.fail();
        }
        String detail = describe(exception) + " in " + context.processorNodeId();
        if (context.taskId().subtopology() < 0) {
            // the global counties store's task, from which Kafka Streams sends no dead letters: skip the
            // county as CountyReferenceProcessor skips unreadable ones
            log.warn(
                    "{} record at offset {} skipped: {} at {}",
                    context.topic(),
                    context.offset(),
                    detail,
                    where(exception));
            return Response.resume();
        }
        // the raw bytes are null in a punctuation and once the record has been sent anywhere
        if (context.topic() == null || context.sourceRawValue() == null) {
            log.error("{} with no input record to dead-letter; the stream thread fails", detail);
            return Response.fail();
        }
        log.warn(
                "{}-{} offset {}: {} at {}; sent to {} as {}",
                context.topic(),
                context.partition(),
                context.offset(),
                detail,
                where(exception),
                deadLetters,
                RejectReason.PROCESSING_ERROR);
        if (metrics != null) {
            metrics.deadLetter(context.taskId().toString(), context.topic());
        }
        return Response.resume(
                List.of(DeadLetters.of(deadLetters, context, new Rejection(RejectReason.PROCESSING_ERROR, detail))));
    }

    /**
     * The class, and the root cause's class, never a message: messages may quote the record's content.
     * For the same reason the log gets no stack trace, only {@link #where} the root cause was thrown.
     */
    private static String describe(Exception exception) {
        Throwable root = FailureKind.rootCause(exception);
        return exception.getClass().getName()
                + (root == exception ? "" : " (caused by " + root.getClass().getName() + ")");
    }

    /** The innermost frame of drugwatch's own code that the root cause passed through: where to look. */
    private static String where(Exception exception) {
        StackTraceElement[] frames = FailureKind.rootCause(exception).getStackTrace();
        return Arrays.stream(frames)
                .filter(f -> f.getClassName().startsWith("io.drugwatch."))
                .findFirst()
                .or(() -> Arrays.stream(frames).findFirst())
                .map(StackTraceElement::toString)
                .orElse("(no stack trace)");
    }
}
