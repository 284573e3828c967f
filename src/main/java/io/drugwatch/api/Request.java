package io.drugwatch.api;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as a {@link Handler} sees it: path and query parameters already decoded. */
public final class Request {

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Headers headers;
    private final byte[] body;

    Request(
            String method,
            String path,
            Map<String, String> pathParams,
            Map<String, List<String>> query,
            Headers headers,
            byte[] body) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /** {@code GET}, {@code HEAD} or {@code POST}; a HEAD request served by a GET route says HEAD. */
    public String method() {
        return method;
    }

    /** The decoded path, e.g. {@code /api/counties/530621/series}. */
    public String path() {
        return path;
    }

    /**
     * The value of a {@code {name}} segment of the route's pattern.
     *
     * @throws IllegalArgumentException if the pattern has no such segment (a programming error)
     */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}");
        }
        return value;
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    /** The first value of a query parameter; {@code ?flag} and {@code ?flag=} give an empty string. */
    public Optional<String> query(String name) {
        return queries(name).stream().findFirst();
    }

    /** All query parameters, decoded, in request order. */
    public Map<String, List<String>> queryParams() {
        return query;
    }

    /** Every value of a query parameter, in request order. */
    public List<String> queries(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The first value of a header, name matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }

    public List<String> headers(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** The request body (at most {@value ApiServer#MAX_BODY_BYTES} bytes); empty for GET. */
    public byte[] body() {
        return body.clone();
    }
}
