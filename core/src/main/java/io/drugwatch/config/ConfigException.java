package io.drugwatch.config;

/** A setting that is missing, malformed or unknown; the message is one line meant for the operator. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
