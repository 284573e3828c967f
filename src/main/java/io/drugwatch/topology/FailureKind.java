package io.drugwatch.topology;

import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryException;
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
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException || t instanceof RetriableException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return RETRIABLE;
            }
            environment |= t instanceof ProcessorStateException || t instanceof SchemaRegistryException
                    || t instanceof ApiException;
        }
        return environment ? ENVIRONMENT : RECORD;
    }
}
