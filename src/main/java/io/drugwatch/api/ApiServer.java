package io.drugwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: JSON routes registered by the caller, event streams, the dashboard's static files.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver.HttpServer}: it needs no extra dependency and
 * is enough for a JSON API and server-sent events at our load (a few dashboards and a metrics
 * scraper). Requests run on a fixed pool of four threads. An event stream holds a thread
 * for as long as its client stays, so streams are written on a separate executor and cannot starve
 * normal requests.
 *
 * <p>Errors are JSON {@code {"error": message}}: 404 (with the path) for an unknown path, 405 for a
 * known path with another method, 413 for a body over {@value #MAX_BODY_BYTES} bytes, 414 for a path
 * and query over {@value #MAX_URI_BYTES} bytes, 431 for header names and values over
 * {@value #MAX_HEADER_BYTES} bytes in all, 400 for more than {@value #MAX_QUERY_PARAMS} query
 * parameters, the status of
 * an {@link ApiException}, and 500 with a generic message for anything else (logged at WARN; no
 * stack trace reaches the client). HEAD is answered by the GET route unless one is registered for
 * HEAD.
 *
 * <p>With a bearer token set, every path but {@code /health} needs
 * {@code Authorization: Bearer <token>}, static files included.
 *
 * <p>Static files: {@code /} serves {@code index.html} and {@code /static/**} the file of that path,
 * both from one classpath directory (so {@code /static/app.js} is {@code <dir>/static/app.js}). Only
 * html, js, css, svg, png, json, map and woff2 files are served; a {@code .} or {@code ..} segment is
 * refused with 400. Registered routes win over static files.
 */
public final class ApiServer implements AutoCloseable {

    /** The largest request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** The longest raw path plus query accepted; the API's URLs are a few hundred bytes at most. */
    public static final int MAX_URI_BYTES = 8 * 1024;
    /** The largest total of header names and values accepted (browsers send a few KiB with cookies). */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The most query parameters accepted. */
    public static final int MAX_QUERY_PARAMS = 32;

    static final String HEALTH_PATH = "/health";

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 4;
    private static final String JSON_TYPE = "application/json";
    private static final Map<String, String> STATIC_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", JSON_TYPE,
            "map", JSON_TYPE,
            "woff2", "font/woff2");

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm the body then
        // waits for the client's delayed ACK, about 40 ms per response. The JDK reads this once,
        // when the first HttpServer of the process is created; an explicit setting is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String host;
    private final int port;
    private final ObjectMapper json;
    private volatile List<Route> routes = List.of();
    private byte[] tokenDigest;
    private ClassLoader staticLoader;
    private String staticRoot;
    private HttpServer server;
    private ExecutorService requestExecutor;
    private ExecutorService streamExecutor;
    private String url;

    /**
     * @param port 0 picks a free port; read it back from {@link #url()}
     */
    public ApiServer(String host, int port) {
        this(host, port, new ObjectMapper());
    }

    /**
     * @param json serialises {@link Response#json JSON responses}
     */
    public ApiServer(String host, int port, ObjectMapper json) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Requires {@code Authorization: Bearer <token>} on every path but {@code /health}. */
    public synchronized ApiServer bearerToken(String token) {
        requireNotStarted();
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("bearer token must not be blank");
        }
        tokenDigest = sha256(token);
        return this;
    }

    /** Serves static files from {@code classpathDir} (e.g. {@code /web/}) of this class's loader. */
    public ApiServer staticFiles(String classpathDir) {
        return staticFiles(ApiServer.class.getClassLoader(), classpathDir);
    }

    public synchronized ApiServer staticFiles(ClassLoader loader, String classpathDir) {
        requireNotStarted();
        String root = classpathDir.replaceAll("^/+", "");
        staticLoader = Objects.requireNonNull(loader, "loader");
        staticRoot = root.isEmpty() || root.endsWith("/") ? root : root + "/";
        return this;
    }

    /**
     * Adds a route; allowed before and after {@link #start()}.
     *
     * @param method      GET, HEAD or POST
     * @param pathPattern e.g. {@code /api/counties/{code}/series}: {@code {name}} matches one whole
     *                    segment, read with {@link Request#pathParam}
     * @throws IllegalArgumentException for another method, a malformed pattern, or a pattern that
     *                                  matches the same paths as an existing one of that method
     */
    public synchronized ApiServer route(String method, String pathPattern, Handler handler) {
        Route route = Route.of(method, pathPattern, Objects.requireNonNull(handler, "handler"));
        for (Route existing : routes) {
            if (existing.method().equals(method) && existing.shape().equals(route.shape())) {
                throw new IllegalArgumentException(method + " " + pathPattern + " clashes with " + existing.pattern());
            }
        }
        List<Route> more = new ArrayList<>(routes);
        more.add(route);
        more.sort(Route.SPECIFIC_FIRST);
        routes = List.copyOf(more);
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws HttpPortInUseException if the port is taken
     * @throws UncheckedIOException   if the server cannot listen for another reason
     */
    public synchronized ApiServer start() {
        if (server != null) {
            throw new IllegalStateException("HTTP API already started at " + url);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            if (e.getMessage() == null
                    || e.getMessage().toLowerCase(Locale.ROOT).contains("in use")) {
                throw new HttpPortInUseException(host, port, e);
            }
            throw cannotListen(e);
        } catch (IOException e) {
            throw cannotListen(e);
        }
        requestExecutor = Executors.newFixedThreadPool(THREADS, daemonThreads("api-http-"));
        streamExecutor = Executors.newCachedThreadPool(daemonThreads("api-stream-"));
        http.setExecutor(requestExecutor);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        InetAddress bound = http.getAddress().getAddress();
        InetAddress reachable = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        String hostPart =
                reachable instanceof Inet6Address ? "[" + reachable.getHostAddress() + "]" : reachable.getHostAddress();
        url = "http://" + hostPart + ":" + http.getAddress().getPort();
        log.info("HTTP API listening on {}", url);
        return this;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8080}; a wildcard bind is reported as loopback. */
    public synchronized String url() {
        if (url == null) {
            throw new IllegalStateException("HTTP API not started");
        }
        return url;
    }

    /** Stops at once: open event streams and requests in progress are cut off. */
    @Override
    public synchronized void close() {
        if (server != null) {
            // interrupting the stream writers closes their connections, so nothing waits on them
            streamExecutor.shutdownNow();
            server.stop(0);
            requestExecutor.shutdownNow();
            server = null;
            url = null;
        }
    }

    private void requireNotStarted() {
        if (server != null) {
            throw new IllegalStateException("configure the HTTP API before starting it");
        }
    }

    private UncheckedIOException cannotListen(IOException e) {
        return new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private void handle(HttpExchange exchange) {
        boolean streaming = false;
        try {
            streaming = send(exchange, respond(exchange));
        } catch (IOException e) {
            log.debug("Could not send the response to {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        } finally {
            if (!streaming) {
                exchange.close();
            }
        }
    }

    private Response respond(HttpExchange exchange) {
        try {
            Response response = dispatch(exchange);
            return response.isJson() ? response.rendered(JSON_TYPE, json.writeValueAsBytes(response.json())) : response;
        } catch (ApiException e) {
            return error(e.status(), e.getMessage());
        } catch (Exception e) {
            log.warn(
                    "{} {} failed",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    e);
            return error(500, "internal error");
        }
    }

    private Response error(int status, String message) {
        // built as a tree so that rendering an error cannot itself fail
        byte[] body = json.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        return Response.bytes(status, JSON_TYPE, body);
    }

    private Response dispatch(HttpExchange exchange) throws Exception {
        checkSizes(exchange);
        String method = exchange.getRequestMethod();
        List<String> segments = decodePath(exchange.getRequestURI().getRawPath());
        String path = "/" + String.join("/", segments);
        if (tokenDigest != null && !path.equals(HEALTH_PATH) && !authorised(exchange.getRequestHeaders())) {
            return Response.json(401, Map.of("error", "unauthorized")).header("WWW-Authenticate", "Bearer");
        }
        Route route = find(segments, method);
        if (route == null && method.equals("HEAD")) {
            route = find(segments, "GET");
        }
        if (route == null) {
            TreeSet<String> allowed = new TreeSet<>();
            routes.stream().filter(r -> r.match(segments) != null).forEach(r -> allowed.add(r.method()));
            if (!allowed.isEmpty()) {
                if (allowed.contains("GET")) {
                    allowed.add("HEAD");
                }
                return methodNotAllowed(allowed);
            }
            if (staticRoot != null && isStaticPath(segments)) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    return methodNotAllowed(List.of("GET", "HEAD"));
                }
                return staticFile(segments, path);
            }
            return Response.json(404, notFound(path));
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        Request request = new Request(
                method,
                path,
                route.match(segments),
                parseQuery(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders(),
                body);
        return route.handler().handle(request);
    }

    /**
     * Refuses oversized requests before anything else looks at them, authentication included. The JDK
     * has already buffered the request line and headers by now, but no more than its own limits
     * (system properties {@code sun.net.httpserver.maxReqHeaderSize}, 380 KiB, and
     * {@code sun.net.httpserver.maxReqHeaders}, 200): it drops the connection of larger requests.
     */
    private static void checkSizes(HttpExchange exchange) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        long uriBytes = (rawPath == null ? 0 : rawPath.length()) + (rawQuery == null ? 0 : rawQuery.length() + 1L);
        if (uriBytes > MAX_URI_BYTES) {
            throw new ApiException(414, "request URI too long (limit " + MAX_URI_BYTES + " bytes)");
        }
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                headerBytes += header.getKey().length() + value.length() + 4; // ": " and CRLF
            }
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            throw new ApiException(431, "request headers too large (limit " + MAX_HEADER_BYTES + " bytes)");
        }
        if (rawQuery != null && rawQuery.split("&").length > MAX_QUERY_PARAMS) {
            throw new ApiException(400, "too many query parameters (limit " + MAX_QUERY_PARAMS + ")");
        }
    }

    /** The most specific route of this method matching the path, or null. */
    private Route find(List<String> segments, String method) {
        return routes.stream()
                .filter(r -> r.method().equals(method) && r.match(segments) != null)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, String> notFound(String path) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "not found");
        body.put("path", path);
        return body;
    }

    private static Response methodNotAllowed(Iterable<String> allowed) {
        return Response.json(405, Map.of("error", "method not allowed")).header("Allow", String.join(", ", allowed));
    }

    private boolean authorised(Headers headers) {
        String value = headers.getFirst("Authorization");
        String scheme = "Bearer ";
        if (value == null || !value.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        // comparing digests keeps the time independent of the token's content and length
        return MessageDigest.isEqual(sha256(value.substring(scheme.length()).trim()), tokenDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean isStaticPath(List<String> segments) {
        return segments.equals(List.of(""))
                || (segments.size() > 1 && segments.get(0).equals("static"));
    }

    private Response staticFile(List<String> segments, String path) throws IOException {
        List<String> relative = segments.size() == 1 ? List.of("index.html") : segments;
        for (String segment : relative) {
            // a decoded %2F or a backslash would let one segment climb like several
            if (segment.isEmpty()
                    || segment.equals(".")
                    || segment.equals("..")
                    || segment.contains("/")
                    || segment.contains("\\")) {
                throw new ApiException(400, "invalid path");
            }
        }
        String name = relative.get(relative.size() - 1);
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : STATIC_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Response.json(404, notFound(path));
        }
        try (InputStream in = staticLoader.getResourceAsStream(staticRoot + String.join("/", relative))) {
            if (in == null) {
                return Response.json(404, notFound(path));
            }
            return Response.bytes(200, type, in.readAllBytes());
        }
    }

    /**
     * Percent-decoded segments of a raw path; {@code /} is one empty segment. Malformed escapes never
     * get here: the JDK server refuses such a request line with 400.
     */
    private static List<String> decodePath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new ApiException(400, "invalid path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            // in a path "+" is a plus sign, not the space it means in a query
            segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return segments;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                }
            }
        }
        params.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return params;
    }

    /** Sends the response; true when an event stream now owns the exchange and will close it. */
    private boolean send(HttpExchange exchange, Response response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        if (response.contentType().equals(JSON_TYPE)) {
            headers.set("Cache-Control", "no-store");
        }
        response.headers().forEach(headers::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        StreamBody stream = response.stream();
        if (stream == null) {
            byte[] body = response.bytes();
            exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
            return false;
        }
        if (head) {
            stream.cancel();
            exchange.sendResponseHeaders(response.status(), -1);
            return false;
        }
        try {
            // 0: chunked, for as long as the stream lasts
            exchange.sendResponseHeaders(response.status(), 0);
        } catch (IOException e) {
            stream.cancel();
            throw e;
        }
        OutputStream out = exchange.getResponseBody();
        try {
            streamExecutor.execute(() -> writeStream(exchange, stream, out));
            return true;
        } catch (RejectedExecutionException e) {
            // the server is closing
            stream.cancel();
            return false;
        }
    }

    private static void writeStream(HttpExchange exchange, StreamBody stream, OutputStream out) {
        try {
            stream.writeTo(out);
        } catch (IOException e) {
            log.debug("Stream to {} ended: {}", exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            log.warn("Stream {} failed", exchange.getRequestURI().getRawPath(), e);
        } finally {
            exchange.close();
        }
    }
}
