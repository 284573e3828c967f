package io.drugwatch.registry;

import static io.drugwatch.serde.ConfluentRegistryProtocol.INVALID_SCHEMA;
import static io.drugwatch.serde.ConfluentRegistryProtocol.INVALID_VERSION;
import static io.drugwatch.serde.ConfluentRegistryProtocol.SCHEMA_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.SUBJECT_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.VERSION_NOT_FOUND;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drugwatch.serde.ConfluentRegistryProtocol;
import io.drugwatch.serde.InMemorySchemaRegistry;
import io.drugwatch.serde.RegisteredSchema;
import io.drugwatch.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded schema registry speaking the subset of Confluent Schema Registry's REST API that
 * Confluent serdes and our {@code HttpSchemaRegistryClient} use, so the pipeline needs no separate
 * registry service. Storage is the {@link InMemorySchemaRegistry} passed in.
 *
 * <p>{@code GET /config} reports BACKWARD for tools that ask, but compatibility is not enforced on
 * registration. Query parameters (e.g. Confluent's {@code ?normalize=false}) are ignored.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final int THREADS = 4;

    private final InMemorySchemaRegistry store;
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;
    private String url;

    public SchemaRegistryServer(InMemorySchemaRegistry store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 picks a free port; read it back from {@link #url()}
     */
    public synchronized SchemaRegistryServer start(String host, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("Schema registry server already started at " + url);
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger threadCount = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "schema-registry-http-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        InetAddress bound = http.getAddress().getAddress();
        InetAddress reachable = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        String hostPart =
                reachable instanceof Inet6Address ? "[" + reachable.getHostAddress() + "]" : reachable.getHostAddress();
        url = "http://" + hostPart + ":" + http.getAddress().getPort();
        log.info("Schema registry listening on {}", url);
        return this;
    }

    /** Base URL for clients, e.g. {@code http://127.0.0.1:40123}; a wildcard bind is reported as loopback. */
    public synchronized String url() {
        if (url == null) {
            throw new IllegalStateException("Schema registry server not started");
        }
        return url;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            url = null;
        }
    }

    private void handle(HttpExchange exchange) {
        Reply reply;
        try {
            reply = route(
                    exchange.getRequestMethod(),
                    segments(exchange.getRequestURI().getRawPath()),
                    exchange.getRequestBody());
        } catch (ApiError e) {
            reply = Reply.error(e.status, e.errorCode, e.getMessage());
        } catch (RuntimeException | IOException e) {
            log.error("Schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = Reply.error(500, 500, "Internal error: " + e.getMessage());
        }
        try {
            byte[] body = json.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", ConfluentRegistryProtocol.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            log.debug("Could not send schema registry response", e);
        } finally {
            exchange.close();
        }
    }

    private Reply route(String method, List<String> path, InputStream body) throws IOException {
        int n = path.size();
        if (n == 0) {
            requireMethod(method, "GET");
            return Reply.ok(Map.of());
        }
        if (n == 1 && path.get(0).equals("config")) {
            requireMethod(method, "GET");
            return Reply.ok(Map.of("compatibilityLevel", "BACKWARD"));
        }
        if (path.get(0).equals("subjects")) {
            if (n == 1) {
                requireMethod(method, "GET");
                return Reply.ok(store.subjects());
            }
            String subject = path.get(1);
            if (n == 2) {
                requireMethod(method, "POST");
                return lookup(subject, parseSchema(body.readAllBytes()));
            }
            if (n == 3 && path.get(2).equals("versions")) {
                if (method.equals("POST")) {
                    return Reply.ok(Map.of("id", store.register(subject, parseSchema(body.readAllBytes()))));
                }
                requireMethod(method, "GET");
                return Reply.ok(versionsOf(subject));
            }
            if (n == 4 && path.get(2).equals("versions")) {
                requireMethod(method, "GET");
                return version(subject, path.get(3));
            }
        }
        if (n == 3 && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            requireMethod(method, "GET");
            return schemaById(path.get(2));
        }
        throw new ApiError(404, 404, "HTTP 404 Not Found");
    }

    private Reply lookup(String subject, Schema schema) {
        versionsOf(subject);
        RegisteredSchema found =
                store.find(subject, schema).orElseThrow(() -> new ApiError(404, SCHEMA_NOT_FOUND, "Schema not found"));
        return Reply.ok(describe(found));
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw new ApiError(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private Reply version(String subject, String version) {
        versionsOf(subject);
        if (version.equals("latest")) {
            return Reply.ok(describe(store.latest(subject).orElseThrow()));
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new ApiError(
                    422,
                    INVALID_VERSION,
                    "The specified version '" + version
                            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        int wanted = number;
        return Reply.ok(describe(store.version(subject, wanted)
                .orElseThrow(() -> new ApiError(404, VERSION_NOT_FOUND, "Version " + wanted + " not found."))));
    }

    private Reply schemaById(String rawId) {
        ApiError notFound = new ApiError(404, SCHEMA_NOT_FOUND, "Schema " + rawId + " not found");
        try {
            return Reply.ok(
                    Map.of("schema", store.schemaById(Integer.parseInt(rawId)).toString()));
        } catch (NumberFormatException | UnknownSchemaIdException e) {
            throw notFound;
        }
    }

    private Schema parseSchema(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new ApiError(400, 400, "Request body is not valid JSON: " + detail);
        }
        if (request == null || !request.path("schema").isTextual()) {
            throw new ApiError(
                    422, INVALID_SCHEMA, "Invalid schema: request must be a JSON object with a 'schema' string");
        }
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new ApiError(422, INVALID_SCHEMA, "Invalid schema: only AVRO schemas are supported, got " + type);
        }
        if (request.path("references").size() > 0) {
            throw new ApiError(422, INVALID_SCHEMA, "Invalid schema: schema references are not supported");
        }
        try {
            return new Schema.Parser().parse(request.get("schema").textValue());
        } catch (RuntimeException e) {
            throw new ApiError(422, INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private static Map<String, Object> describe(RegisteredSchema registered) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", registered.subject());
        body.put("version", registered.version());
        body.put("id", registered.id());
        body.put("schema", registered.schema().toString());
        return body;
    }

    private static void requireMethod(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new ApiError(405, 405, "HTTP 405 Method Not Allowed");
        }
    }

    /** Splits the raw path so an encoded '/' inside a subject name stays inside its segment. */
    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(ConfluentRegistryProtocol::decodePathSegment)
                .toList();
    }

    private record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply error(int status, int errorCode, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error_code", errorCode);
            body.put("message", message);
            return new Reply(status, body);
        }
    }

    /** An expected client error; no stack trace since it is control flow, not a fault. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final int errorCode;

        ApiError(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }
}
