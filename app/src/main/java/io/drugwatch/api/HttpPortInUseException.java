package io.drugwatch.api;

/**
 * The port the HTTP API should listen on is already taken. The message is one line naming the
 * address, fit to show a user as is.
 */
public final class HttpPortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    HttpPortInUseException(String host, int port, Throwable cause) {
        super("HTTP port " + port + " on " + host + " is already in use", cause);
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
