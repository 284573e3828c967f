package io.drugwatch.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Handler} answers: an object serialised to JSON by the server, or raw bytes with a
 * content type. The server adds the caching headers (see {@link ApiServer}). Immutable;
 * {@link #header} returns a copy.
 */
public final class Response {

    private final int status;
    private final Object json;
    private final String contentType;
    private final byte[] bytes;
    private final StreamBody stream;
    private final Map<String, String> headers;

    private Response(
            int status, Object json, String contentType, byte[] bytes, StreamBody stream, Map<String, String> headers) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("not a final HTTP status: " + status);
        }
        this.status = status;
        this.json = json;
        this.contentType = contentType;
        this.bytes = bytes;
        this.stream = stream;
        this.headers = headers;
    }

    /** 200 with {@code body} as JSON. */
    public static Response json(Object body) {
        return json(200, body);
    }

    /** {@code body} serialised to JSON by the server's Jackson mapper. */
    public static Response json(int status, Object body) {
        return new Response(status, body, null, null, null, Map.of());
    }

    public static Response bytes(int status, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType");
        return new Response(status, null, contentType, body.clone(), null, Map.of());
    }

    static Response stream(String contentType, StreamBody body) {
        return new Response(200, null, contentType, null, Objects.requireNonNull(body, "body"), Map.of());
    }

    /** A copy with one more response header; a later value for the same name wins. */
    public Response header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Response(status, json, contentType, bytes, stream, Collections.unmodifiableMap(more));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    boolean isJson() {
        return bytes == null && stream == null;
    }

    Object json() {
        return json;
    }

    /** This response with its JSON body replaced by the serialised bytes. */
    Response rendered(String jsonContentType, byte[] body) {
        return new Response(status, null, jsonContentType, body, null, headers);
    }

    String contentType() {
        return contentType;
    }

    byte[] bytes() {
        return bytes;
    }

    StreamBody stream() {
        return stream;
    }
}
