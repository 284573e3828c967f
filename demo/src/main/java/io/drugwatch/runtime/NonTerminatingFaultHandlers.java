package io.drugwatch.runtime;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault handlers that log and remember instead of halting the JVM. Kafka's standard factory gives
 * its raft, controller and metadata-loading code a handler that calls {@code Exit.halt(1)} on a
 * fatal fault; inside our process that would kill the pipeline (or the test JVM) with no trace.
 * Kafka's own test kit swaps in recording handlers the same way.
 */
final class NonTerminatingFaultHandlers implements FaultHandlerFactory {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final AtomicReference<RuntimeException> firstFatal = new AtomicReference<>();

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        return (failureMessage, cause) -> {
            String message =
                    "embedded Kafka " + (fatal ? "fatal" : "non-fatal") + " fault in " + name + ": " + failureMessage;
            FaultHandlerException fault = new FaultHandlerException(message, cause);
            if (fatal) {
                log.error("{}; the broker can no longer be trusted, restart it", message, cause);
                firstFatal.compareAndSet(null, fault);
            } else {
                log.warn(message, cause);
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("fault action for {} failed", name, e);
            }
            return fault;
        };
    }

    Optional<RuntimeException> firstFatalFault() {
        return Optional.ofNullable(firstFatal.get());
    }
}
