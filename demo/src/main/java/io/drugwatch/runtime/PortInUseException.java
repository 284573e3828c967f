package io.drugwatch.runtime;

/**
 * A port the embedded broker needs is already taken. Thrown before any broker thread is started;
 * the message is one line naming the address, fit to show a user as is.
 */
public final class PortInUseException extends EmbeddedKafkaException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    PortInUseException(String what, String host, int port, Throwable cause) {
        super(what + " " + port + " on " + host + " is already in use", cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
