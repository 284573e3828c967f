package io.drugwatch.api;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a {@link Handler} sees it: Javalin's, with path and query parameters decoded
 * and the body already read within {@value ApiServer#MAX_BODY_BYTES} bytes.
 */
public final class Request {

    private final Context ctx;
    private final String path;
    private final byte[] body;

    Request(Context ctx, String path, byte[] body) {
        this.ctx = ctx;
        this.path = path;
        this.body = body;
    }

    /** {@code GET}, {@code HEAD} or {@code POST}; a HEAD request served by a GET route says HEAD. */
    public String method() {
        return ctx.method().name();
    }

    /** The decoded path, e.g. {@code /api/counties/530621/series}. */
    public String path() {
        return path;
    }

    /** The path as sent, still percent-encoded. */
    String rawPath() {
        return ctx.path();
    }

    /**
     * The value of a {@code {name}} segment of the route's pattern.
     *
     * @throws IllegalArgumentException if the pattern has no such segment (a programming error)
     */
    public String pathParam(String name) {
        String value = ctx.pathParamMap().get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}");
        }
        return value;
    }

    public Map<String, String> pathParams() {
        return Map.copyOf(ctx.pathParamMap());
    }

    /** The first value of a query parameter; {@code ?flag} and {@code ?flag=} give an empty string. */
    public Optional<String> query(String name) {
        return queries(name).stream().findFirst();
    }

    /** All query parameters, decoded, in request order. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>(ctx.queryParamMap());
        // an empty pair, as in "a=1&&b=2", is no parameter
        params.remove("");
        return Collections.unmodifiableMap(params);
    }

    /** Every value of a query parameter, in request order. */
    public List<String> queries(String name) {
        return name.isEmpty() ? List.of() : ctx.queryParams(name);
    }

    /** The first value of a header, name matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.header(name));
    }

    public List<String> headers(String name) {
        return Collections.list(ctx.req().getHeaders(name));
    }

    /** The request body (at most {@value ApiServer#MAX_BODY_BYTES} bytes); empty for GET. */
    public byte[] body() {
        return body.clone();
    }
}
