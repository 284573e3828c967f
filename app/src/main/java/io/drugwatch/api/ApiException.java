package io.drugwatch.api;

/**
 * An error meant for the client: the server answers with its status and {@code {"error": message}},
 * so the message must not contain anything secret.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status a 4xx or 5xx HTTP status
     */
    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
