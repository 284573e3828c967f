package io.drugwatch.serde;

import java.util.OptionalInt;

/**
 * A schema registry call failed. Carries the registry's {@code error_code} (e.g. 40403) when the
 * registry sent one, so callers can tell registry answers from transport problems.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final OptionalInt errorCode;

    public SchemaRegistryException(String message) {
        this(message, OptionalInt.empty(), null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, OptionalInt.empty(), cause);
    }

    public SchemaRegistryException(String message, OptionalInt errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The registry's {@code error_code}, if the failure came with one. */
    public OptionalInt errorCode() {
        return errorCode;
    }
}
