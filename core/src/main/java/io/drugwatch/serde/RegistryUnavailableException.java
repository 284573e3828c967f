package io.drugwatch.serde;

import java.util.OptionalInt;

/**
 * The registry could not be asked: connection refused, timeout, HTTP 5xx, 408 or 429.
 *
 * <p>Retriable. The record being processed is not at fault, so callers must not dead-letter or skip
 * it because of this exception; they should retry or stop.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, OptionalInt.empty(), cause);
    }

    public RegistryUnavailableException(String message, OptionalInt errorCode) {
        super(message, errorCode, null);
    }
}
