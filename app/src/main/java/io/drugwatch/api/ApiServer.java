package io.drugwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: JSON routes registered by the caller, event streams, the dashboard's static files.
 *
 * <p>Built on Javalin (Jetty 12 underneath): it does the HTTP, the routing and the path parameters;
 * this class adds what the API promises on top, so that every answer looks the same whatever
 * produced it.
 *
 * <p>No client holds a thread while it is slow: Jetty reads request heads without one, event streams
 * are written asynchronously ({@link StreamBody}), and {@link HttpLimits} bounds the rest: a request
 * head not complete within the header timeout closes its connection, connections beyond the
 * per-address limit are closed as they open, and heavy routes ({@link #heavyRoute}) run on a small
 * pool of their own with a bounded queue (beyond it 503 with {@code Retry-After}), so that they never
 * queue cheap requests such as {@code /health} behind them.
 *
 * <p>Answers are gzipped when the client accepts it and they are over 1.5 KB (event streams never).
 * A 200 answer to GET or HEAD carries a weak {@code ETag} of its body and {@code Cache-Control:
 * private, no-cache}, and a request whose {@code If-None-Match} names it gets 304 without a body:
 * a polling dashboard revalidates instead of downloading. Errors are {@code no-store}.
 *
 * <p>Errors are JSON {@code {"error": message}}: 404 (with the path) for an unknown path, 405 for a
 * known path with another method, 413 for a body over {@value #MAX_BODY_BYTES} bytes, 414 for a path
 * and query over {@value #MAX_URI_BYTES} bytes, 431 for header names and values over
 * {@value #MAX_HEADER_BYTES} bytes in all, 400 for more than {@value #MAX_QUERY_PARAMS} query
 * parameters, the status of an {@link ApiException}, and 500 with a generic message for anything
 * else (logged at WARN; no stack trace reaches the client). HEAD is answered by the GET route unless
 * one is registered for HEAD. Jetty itself refuses requests whose request line and headers exceed
 * {@value #JETTY_HEADER_BYTES} bytes (431 or 414, and the connection closed) without buffering them.
 *
 * <p>With a bearer token set, every path but {@code /health} needs
 * {@code Authorization: Bearer <token>}, static files included.
 *
 * <p>Static files: {@code /} serves {@code index.html} and {@code /static/**} the file of that path,
 * both from one classpath directory (so {@code /static/app.js} is {@code <dir>/static/app.js}). Only
 * html, js, css, svg, png, json, map and woff2 files are served; a {@code .} or {@code ..} segment is
 * refused with 400. Registered routes win over static files. Javalin's own static file handler is
 * not used: it serves every file of the directory and answers errors in HTML.
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

    /**
     * Jetty's buffer for the request line and headers: room for the limits above to be answered in
     * JSON, while anything far larger is refused by Jetty without being buffered.
     */
    static final int JETTY_HEADER_BYTES = 64 * 1024;

    static final String HEALTH_PATH = "/health";

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String JSON_TYPE = "application/json";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    private static final Map<String, String> STATIC_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", JSON_TYPE,
            "map", JSON_TYPE,
            "woff2", "font/woff2");

    /**
     * Literal segments before parameters, compared left to right, so {@code /a/latest} wins over
     * {@code /a/{id}} whatever the registration order: Javalin takes the first route that matches.
     */
    private static final Comparator<RouteSpec> SPECIFIC_FIRST =
            Comparator.<RouteSpec>comparingInt(r -> r.segments().size()).thenComparing(RouteSpec::shape);

    private final String host;
    private final int port;
    private final ObjectMapper json;
    private final List<RouteSpec> routes = new ArrayList<>();
    private HttpLimits limits = HttpLimits.DEFAULTS;
    private byte[] tokenDigest;
    private ClassLoader staticLoader;
    private String staticRoot;
    private Javalin app;
    private String url;
    private ConnectionGuard guard;
    private ThreadPoolExecutor heavy;

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

    /** Limits on connections, request heads, threads and heavy requests; {@link HttpLimits#DEFAULTS} unless set. */
    public synchronized ApiServer limits(HttpLimits limits) {
        requireNotStarted();
        this.limits = Objects.requireNonNull(limits, "limits");
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
     * Adds a route; Javalin fixes its routes when it starts, so only before {@link #start()}.
     *
     * @param method      GET, HEAD or POST
     * @param pathPattern e.g. {@code /api/counties/{code}/series}: {@code {name}} matches one whole
     *                    segment, read with {@link Request#pathParam}
     * @throws IllegalArgumentException for another method, a malformed pattern, or a pattern that
     *                                  matches the same paths as an existing one of that method
     */
    public synchronized ApiServer route(String method, String pathPattern, Handler handler) {
        return add(RouteSpec.of(method, pathPattern, Objects.requireNonNull(handler, "handler")));
    }

    /**
     * Adds a route whose answers are expensive (e.g. the national county list): it runs on the heavy
     * pool of {@link HttpLimits#heavyConcurrency()} threads, so that however many such requests come,
     * cheap ones do not wait behind them; beyond {@link HttpLimits#heavyQueue()} waiting, 503.
     */
    public synchronized ApiServer heavyRoute(String method, String pathPattern, Handler handler) {
        return heavyRoute(method, pathPattern, request -> true, handler);
    }

    /** As {@link #heavyRoute(String, String, Handler)}, for the requests {@code heavyIf} selects; others run as usual. */
    public synchronized ApiServer heavyRoute(
            String method, String pathPattern, Predicate<Request> heavyIf, Handler handler) {
        return add(RouteSpec.of(method, pathPattern, Objects.requireNonNull(handler, "handler"))
                .heavyWhen(Objects.requireNonNull(heavyIf, "heavyIf")));
    }

    private ApiServer add(RouteSpec route) {
        requireNotStarted();
        String method = route.method();
        String pathPattern = route.pattern();
        for (RouteSpec existing : routes) {
            if (existing.method().equals(method) && existing.shape().equals(route.shape())) {
                throw new IllegalArgumentException(method + " " + pathPattern + " clashes with " + existing.pattern());
            }
        }
        routes.add(route);
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws HttpPortInUseException if the port is taken
     * @throws UncheckedIOException   if the server cannot listen for another reason
     */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("HTTP API already started at " + url);
        }
        List<RouteSpec> ordered =
                withHead(routes.stream().sorted(SPECIFIC_FIRST).toList());
        if (staticRoot != null) {
            // after the registered routes, so that they win
            List<RouteSpec> files = new ArrayList<>();
            if (routes.stream().noneMatch(r -> r.pattern().equals("/"))) {
                files.add(RouteSpec.of("GET", "/", request -> staticFile(request.rawPath())));
            }
            for (String pattern : List.of("/static/", "/static/<file>")) {
                files.add(RouteSpec.of("GET", pattern, request -> staticFile(request.rawPath())));
            }
            ordered.addAll(withHead(files));
        }
        ConnectionGuard connections = new ConnectionGuard(limits.connectionsPerAddress(), limits.headerTimeout());
        ThreadPoolExecutor heavyPool = heavyPool(limits);
        Javalin created = Javalin.create(config -> {
            JavalinServers.configure(config, host, port);
            QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), HttpLimits.MIN_THREADS / 2);
            threads.setName("http");
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(JETTY_HEADER_BYTES));
            config.jetty.modifyServer(jetty -> {
                jetty.setErrorHandler(new JsonErrors());
                // the connectors exist once the server starts, before they accept anything
                jetty.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (Connector connector : jetty.getConnectors()) {
                            connector.addEventListener(connections);
                            ((ContainerLifeCycle) connector).addManaged(connections);
                        }
                    }
                });
            });
            CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
            // an event stream is written past Javalin; listed so that it stays plain whatever the path
            gzip.setExcludedMimeTypes(List.of("text/event-stream"));
            config.http.compressionStrategy = gzip;
            config.router.ignoreTrailingSlashes = false;
            config.http.prefer405over404 = true;
            config.routes.before(this::screen);
            for (RouteSpec route : ordered) {
                config.routes.addHttpHandler(
                        HandlerType.findOrCreate(route.method()), route.pattern(), ctx -> serve(ctx, route));
            }
            config.routes.exception(ApiException.class, (e, ctx) -> answer(ctx, error(e.status(), e.getMessage())));
            config.routes.exception(
                    NotFoundResponse.class, (e, ctx) -> answer(ctx, Response.json(404, notFound(decodedPath(ctx)))));
            config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> answer(ctx, methodNotAllowed(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                try {
                    log.warn("{} {} failed", ctx.method(), ctx.path(), e);
                    answer(ctx, error(500, "internal error"));
                } catch (RuntimeException ended) {
                    // a request Jetty has already ended; throwing here would bring Javalin back here
                    log.debug("A failure after its request ended", e);
                }
            });
        });
        try {
            JavalinServers.start(created);
        } catch (BindException e) {
            heavyPool.shutdownNow();
            throw new HttpPortInUseException(host, port, e);
        } catch (IOException e) {
            heavyPool.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        app = created;
        guard = connections;
        heavy = heavyPool;
        url = JavalinServers.url(host, created);
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
        if (app != null) {
            heavy.shutdownNow();
            app.stop();
            app = null;
            url = null;
        }
    }

    /** Connections open from {@code address} now, as the per-address limit counts them. */
    synchronized int connections(InetAddress address) {
        return guard == null ? 0 : guard.connections(address);
    }

    private static ThreadPoolExecutor heavyPool(HttpLimits limits) {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(
                limits.heavyConcurrency(),
                limits.heavyConcurrency(),
                0,
                TimeUnit.MILLISECONDS,
                limits.heavyQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.heavyQueue()),
                r -> {
                    Thread thread = new Thread(r, "http-heavy-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private void requireNotStarted() {
        if (app != null) {
            throw new IllegalStateException("configure the HTTP API before starting it");
        }
    }

    /** The routes, and for each GET one without a HEAD route of its own, the same handler for HEAD. */
    private static List<RouteSpec> withHead(List<RouteSpec> routes) {
        List<RouteSpec> all = new ArrayList<>(routes);
        for (RouteSpec route : routes) {
            if (route.method().equals("GET")
                    && routes.stream()
                            .noneMatch(
                                    r -> r.method().equals("HEAD") && r.shape().equals(route.shape()))) {
                all.add(new RouteSpec("HEAD", route.pattern(), route.segments(), route.handler(), route.heavy()));
            }
        }
        return all;
    }

    /**
     * Refuses oversized requests before anything else looks at them, authentication included, then
     * checks the token.
     */
    private void screen(Context ctx) {
        String rawPath = ctx.path();
        String rawQuery = ctx.queryString();
        long uriBytes = rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1L);
        if (uriBytes > MAX_URI_BYTES) {
            throw new ApiException(414, "request URI too long (limit " + MAX_URI_BYTES + " bytes)");
        }
        long headerBytes = 0;
        for (Enumeration<String> names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = ctx.req().getHeaders(name); values.hasMoreElements(); ) {
                headerBytes += name.length() + values.nextElement().length() + 4; // ": " and CRLF
            }
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            throw new ApiException(431, "request headers too large (limit " + MAX_HEADER_BYTES + " bytes)");
        }
        if (rawQuery != null && rawQuery.split("&").length > MAX_QUERY_PARAMS) {
            throw new ApiException(400, "too many query parameters (limit " + MAX_QUERY_PARAMS + ")");
        }
        if (tokenDigest != null && !decodedPath(ctx).equals(HEALTH_PATH) && !authorised(ctx.header("Authorization"))) {
            throw new ApiException(401, "unauthorized");
        }
    }

    private void serve(Context ctx, RouteSpec route) throws Exception {
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "request body too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        Request request = new Request(ctx, decodedPath(ctx), body);
        if (!route.heavy().test(request)) {
            send(ctx, route.handler().handle(request));
            return;
        }
        // the request thread goes back to Jetty's pool at once; the answer is sent from the heavy pool
        CompletableFuture<Void> answered = new CompletableFuture<>();
        try {
            heavy.execute(() -> {
                try {
                    respond(ctx, route, request);
                } catch (RuntimeException gone) {
                    // the client went away, or the server is closing: nobody is left to answer
                    log.debug("{} {} not answered: {}", ctx.method(), ctx.path(), gone.toString());
                } finally {
                    answered.complete(null);
                }
            });
        } catch (RejectedExecutionException busy) {
            send(
                    ctx,
                    error(503, "too many expensive requests at once; retry shortly")
                            .header("Retry-After", "1"));
            return;
        }
        ctx.future(() -> answered);
    }

    /** What Javalin's exception handlers do for a request on the server's threads. */
    private void respond(Context ctx, RouteSpec route, Request request) {
        try {
            send(ctx, route.handler().handle(request));
        } catch (ApiException e) {
            answer(ctx, error(e.status(), e.getMessage()));
        } catch (Exception e) {
            log.warn("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, error(500, "internal error"));
        }
    }

    /** Heavy requests waiting for a thread (tests). */
    synchronized int heavyWaiting() {
        return heavy == null ? 0 : heavy.getQueue().size();
    }

    private Response error(int status, String message) {
        // built as a tree so that rendering an error cannot itself fail
        byte[] body = json.createObjectNode().put("error", message).toString().getBytes(StandardCharsets.UTF_8);
        Response response = Response.bytes(status, JSON_TYPE, body);
        return status == 401 ? response.header("WWW-Authenticate", "Bearer") : response;
    }

    private static Map<String, String> notFound(String path) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "not found");
        body.put("path", path);
        return body;
    }

    /** Javalin lists the methods that have a route for the path; the API answers them in Allow. */
    private static Response methodNotAllowed(MethodNotAllowedResponse e) {
        TreeSet<String> allowed = new TreeSet<>();
        for (String methods : e.getDetails().values()) {
            Arrays.stream(methods.split(",")).map(String::trim).forEach(allowed::add);
        }
        return Response.json(405, Map.of("error", "method not allowed")).header("Allow", String.join(", ", allowed));
    }

    private boolean authorised(String value) {
        String scheme = "Bearer ";
        if (value == null || !value.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return false;
        }
        // comparing digests keeps the time independent of the token's content and length
        return MessageDigest.isEqual(sha256(value.substring(scheme.length()).trim()), tokenDigest);
    }

    private static byte[] sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code /} is {@code index.html}, {@code /static/...} the file of that path. */
    private Response staticFile(String rawPath) throws IOException {
        List<String> segments = segments(rawPath);
        List<String> relative = segments.equals(List.of("")) ? List.of("index.html") : segments;
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
        String path = "/" + String.join("/", segments);
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

    private static String decodedPath(Context ctx) {
        return "/" + String.join("/", segments(ctx.path()));
    }

    /** Percent-decoded segments of a raw path; {@code /} is one empty segment. */
    private static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new ApiException(400, "invalid path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            try {
                // in a path "+" is a plus sign, not the space it means in a query
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid path");
            }
        }
        return segments;
    }

    /** Sends an error answer, from Javalin's exception handlers, which may not throw. */
    private void answer(Context ctx, Response response) {
        try {
            send(ctx, response);
        } catch (IOException e) {
            log.debug("Could not send the response to {} {}", ctx.method(), ctx.path(), e);
        }
    }

    private void send(Context ctx, Response response) throws IOException {
        Response rendered =
                response.isJson() ? response.rendered(JSON_TYPE, json.writeValueAsBytes(response.json())) : response;
        HttpServletResponse res = ctx.res();
        res.setStatus(rendered.status());
        // Jetty rewrites a content type it knows (to "text/html;charset=utf-8"): the API's own spelling is
        // set on Jetty's response underneath
        res.setContentType(null);
        ServletContextResponse.getServletContextResponse(res)
                .getWrapped()
                .getHeaders()
                .put(new HttpField(HttpHeader.CONTENT_TYPE, rendered.contentType()));
        res.setHeader("X-Content-Type-Options", "nosniff");
        StreamBody stream = rendered.stream();
        boolean validated = stream == null
                && rendered.status() == 200
                && (ctx.method().equals(HandlerType.GET) || ctx.method().equals(HandlerType.HEAD));
        String etag = validated ? etag(rendered.bytes()) : null;
        if (etag != null) {
            // cached, but asked again every time: the ETag makes asking cheap
            res.setHeader("Cache-Control", "private, no-cache");
            res.setHeader("ETag", etag);
        } else if (rendered.contentType().equals(JSON_TYPE)) {
            res.setHeader("Cache-Control", "no-store");
        }
        rendered.headers().forEach(res::setHeader);
        if (stream != null) {
            if (ctx.method().equals(HandlerType.HEAD)) {
                stream.cancel();
            } else {
                startStream(ctx, res, stream);
            }
        } else if (etag != null && matches(ctx.header("If-None-Match"), etag)) {
            res.setStatus(304);
            // a 304 has no body and so no type of its own
            res.setContentType(null);
        } else {
            ctx.result(rendered.bytes());
        }
    }

    /** A weak validator: the same JSON may go out gzipped or not. */
    private static String etag(byte[] body) {
        byte[] digest = sha256Bytes(body);
        return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
    }

    /** If-None-Match compares weakly: {@code *}, or any listed tag with or without {@code W/}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.substring(2);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(opaque) || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends the headers, then hands the stream a sink of Jetty's asynchronous writes; the request's
     * thread returns to the pool, and Javalin ends the response when the stream ends.
     */
    private static void startStream(Context ctx, HttpServletResponse res, StreamBody stream) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        // once Jetty has ended the request (the client went away), nothing may touch it again
        AtomicBoolean over = new AtomicBoolean();
        org.eclipse.jetty.server.Response response =
                ServletContextResponse.getServletContextResponse(res).getWrapped();
        org.eclipse.jetty.server.Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        Consumer<Throwable> gone = failure -> {
            if (over.compareAndSet(false, true)) {
                stream.cancel();
            }
        };
        // a client gone or failed: its connection is closed, so that it stops counting against its address
        request.addFailureListener(failure -> {
            gone.accept(failure);
            endPoint.close();
        });
        org.eclipse.jetty.server.Request.addCompletionListener(request, gone);
        StreamBody.Sink sink = new StreamBody.Sink() {
            @Override
            public void write(ByteBuffer bytes, Callback done) {
                if (over.get()) {
                    done.failed(new EofException("stream ended"));
                } else {
                    response.write(false, bytes, Callback.from(done::succeeded, failure -> {
                        endPoint.close();
                        done.failed(failure);
                    }));
                }
            }

            @Override
            public void end() {
                if (over.compareAndSet(false, true)) {
                    ended.complete(null);
                }
            }

            @Override
            public void abort() {
                endPoint.close();
            }
        };
        ctx.future(() -> ended);
        // the headers go first: a client that has them is subscribed
        response.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(() -> stream.open(sink), failure -> {
            stream.cancel();
            log.debug("Stream to {} did not start: {}", ctx.ip(), failure.toString());
            ended.complete(null);
        }));
    }

    /**
     * Answers the requests Jetty refuses before Javalin sees them (over {@value #JETTY_HEADER_BYTES}
     * bytes of headers, a malformed request line) in the API's JSON, e.g.
     * {@code {"error":"uri too long"}}.
     */
    private final class JsonErrors extends ErrorHandler {

        @Override
        protected void generateResponse(
                org.eclipse.jetty.server.Request request,
                org.eclipse.jetty.server.Response response,
                int code,
                String message,
                Throwable cause,
                Callback callback) {
            String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code).toLowerCase(Locale.ROOT);
            String body = json.createObjectNode().put("error", reason).toString();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    /** A method and path pattern such as {@code /api/counties/{code}/series}, and its handler. */
    private record RouteSpec(
            String method, String pattern, List<String> segments, Handler handler, Predicate<Request> heavy) {

        RouteSpec heavyWhen(Predicate<Request> which) {
            return new RouteSpec(method, pattern, segments, handler, which);
        }

        static RouteSpec of(String method, String pattern, Handler handler) {
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException("unsupported method " + method + "; use GET, HEAD or POST");
            }
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("path pattern must start with /: " + pattern);
            }
            List<String> segments = List.of(pattern.substring(1).split("/", -1));
            for (String segment : segments) {
                boolean param = segment.startsWith("{") && segment.endsWith("}");
                boolean literal = segment.chars().noneMatch(c -> c == '{' || c == '}' || c == '<' || c == '>');
                boolean file = segment.equals("<file>") && pattern.equals("/static/<file>");
                if (!(param && segment.length() > 2) && !literal && !file) {
                    throw new IllegalArgumentException("a path parameter must be a whole {name} segment: " + pattern);
                }
            }
            return new RouteSpec(method, pattern, segments, handler, request -> false);
        }

        /** The pattern with parameter names erased: two routes of one method and shape are ambiguous. */
        String shape() {
            StringBuilder shape = new StringBuilder();
            for (String segment : segments) {
                // sorts after the characters of any literal, putting parameters last
                shape.append('/').append(segment.startsWith("{") ? "\uffff" : segment);
            }
            return shape.toString();
        }
    }
}
