package io.drugwatch.topology;

import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ProcessorStateException;

/**
 * What a failure says about its cause, which decides what is done about it. Judged from the
 * exception and all its causes, because Kafka Streams wraps what a processor or serde throws.
 */
public enum FailureKind {

    /**
     * An outage that passes by itself: the schema registry did not answer, or a broker timed out.
     * Nothing is at fault, so the work is retried from the last commit for as long as it lasts.
     */
    RETRIABLE,

    /**
     * Something the pipeline depends on refused for good: a state store failed, the registry
     * answered with an error (bad credentials, say), or a broker refused a request (authorization,
     * a record too large). No input record is at fault, and a retry is unlikely to help.
     */
    ENVIRONMENT,

    /** Processing one record threw (a bug, or a case the code does not handle): that record is at fault. */
    RECORD;

    public static FailureKind of(Throwable error) {
        boolean environment = false;
        for (Throwable t : causes(error)) {
            if (t instanceof RegistryUnavailableException
                    || t instanceof RetriableException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return RETRIABLE;
            }
            environment |= t instanceof ProcessorStateException
                    || t instanceof SchemaRegistryException
                    || t instanceof ApiException;
        }
        return environment ? ENVIRONMENT : RECORD;
    }

    /**
     * {@code error} and its causes, outermost first. A cause chain may loop ({@code initCause} only
     * refuses the exception itself), so it ends at the first exception seen before.
     */
    public static List<Throwable> causes(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The innermost cause, which says what happened; Kafka Streams' wrappers say where. */
    public static Throwable rootCause(Throwable error) {
        List<Throwable> chain = causes(error);
        return chain.get(chain.size() - 1);
    }
}
