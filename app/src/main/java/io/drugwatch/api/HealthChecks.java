package io.drugwatch.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Liveness and readiness. {@code /health} answers 200 {@code {"status":"UP"}} for as long as the
 * process serves requests, and is the one path open without the bearer token (for probes);
 * {@code /ready} answers 200 when the supplied state is ready and 503 otherwise, with
 * {@code {"ready":...,"state":...,"details":{...}}}.
 */
public final class HealthChecks {

    private HealthChecks() {}

    /** Routes {@code GET /health} and {@code GET /ready}. */
    public static void register(ApiServer server, Supplier<ReadyState> readiness) {
        server.route("GET", ApiServer.HEALTH_PATH, health());
        server.route("GET", "/ready", ready(readiness));
    }

    public static Handler health() {
        return request -> Response.json(Map.of("status", "UP"));
    }

    public static Handler ready(Supplier<ReadyState> readiness) {
        Objects.requireNonNull(readiness, "readiness");
        return request -> {
            ReadyState state = readiness.get();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", state.ready());
            body.put("state", state.state());
            body.put("details", state.details());
            return Response.json(state.ready() ? 200 : 503, body);
        };
    }
}
