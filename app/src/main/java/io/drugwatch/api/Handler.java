package io.drugwatch.api;

/**
 * Answers one request of a route. Throw {@link ApiException} for an error the client should see;
 * anything else thrown becomes a 500 with a generic message.
 */
@FunctionalInterface
public interface Handler {

    Response handle(Request request) throws Exception;
}
