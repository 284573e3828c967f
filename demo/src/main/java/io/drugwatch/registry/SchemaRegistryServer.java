package io.drugwatch.registry;

import static io.drugwatch.serde.ConfluentRegistryProtocol.INVALID_SCHEMA;
import static io.drugwatch.serde.ConfluentRegistryProtocol.INVALID_VERSION;
import static io.drugwatch.serde.ConfluentRegistryProtocol.SCHEMA_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.SUBJECT_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.VERSION_NOT_FOUND;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.api.JavalinServers;
import io.drugwatch.serde.ConfluentRegistryProtocol;
import io.drugwatch.serde.InMemorySchemaRegistry;
import io.drugwatch.serde.RegisteredSchema;
import io.drugwatch.serde.UnknownSchemaIdException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded schema registry speaking the subset of Confluent Schema Registry's REST API that
 * Confluent serdes and our {@code HttpSchemaRegistryClient} use, so the pipeline needs no separate
 * registry service. Storage is the {@link InMemorySchemaRegistry} passed in; Javalin serves the
 * HTTP, as it does the API's.
 *
 * <p>{@code GET /config} reports BACKWARD for tools that ask, but compatibility is not enforced on
 * registration. Query parameters (e.g. Confluent's {@code ?normalize=false}) are ignored.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final InMemorySchemaRegistry store;
    private final ObjectMapper json = new ObjectMapper();
    private Javalin server;
    private String url;

    public SchemaRegistryServer(InMemorySchemaRegistry store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 picks a free port; read it back from {@link #url()}
     * @throws java.net.BindException if the port is taken
     */
    public synchronized SchemaRegistryServer start(String host, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("Schema registry server already started at " + url);
        }
        Javalin http = Javalin.create(config -> {
            JavalinServers.configure(config, host, port);
            // as Confluent's: "/subjects/" is "/subjects"
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.http.prefer405over404 = true;
            RoutesConfig routes = config.routes;
            routes.get("/", ctx -> reply(ctx, Reply.ok(Map.of())));
            routes.get("/config", ctx -> reply(ctx, Reply.ok(Map.of("compatibilityLevel", "BACKWARD"))));
            routes.get("/subjects", ctx -> reply(ctx, Reply.ok(store.subjects())));
            routes.post(
                    "/subjects/{subject}",
                    ctx -> reply(ctx, lookup(ctx.pathParam("subject"), parseSchema(ctx.bodyAsBytes()))));
            routes.post(
                    "/subjects/{subject}/versions",
                    ctx -> reply(
                            ctx,
                            Reply.ok(Map.of(
                                    "id", store.register(ctx.pathParam("subject"), parseSchema(ctx.bodyAsBytes()))))));
            routes.get(
                    "/subjects/{subject}/versions", ctx -> reply(ctx, Reply.ok(versionsOf(ctx.pathParam("subject")))));
            routes.get(
                    "/subjects/{subject}/versions/{version}",
                    ctx -> reply(ctx, version(ctx.pathParam("subject"), ctx.pathParam("version"))));
            routes.get("/schemas/ids/{id}", ctx -> reply(ctx, schemaById(ctx.pathParam("id"))));
            routes.exception(
                    ApiError.class, (e, ctx) -> reply(ctx, Reply.error(e.status, e.errorCode, e.getMessage())));
            routes.exception(
                    NotFoundResponse.class, (e, ctx) -> reply(ctx, Reply.error(404, 404, "HTTP 404 Not Found")));
            routes.exception(
                    MethodNotAllowedResponse.class,
                    (e, ctx) -> reply(ctx, Reply.error(405, 405, "HTTP 405 Method Not Allowed")));
            routes.exception(Exception.class, (e, ctx) -> {
                log.error("Schema registry request {} {} failed", ctx.method(), ctx.path(), e);
                reply(ctx, Reply.error(500, 500, "Internal error: " + e.getMessage()));
            });
        });
        JavalinServers.start(http);
        server = http;
        url = JavalinServers.url(host, http);
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
            server.stop();
            server = null;
            url = null;
        }
    }

    private void reply(Context ctx, Reply reply) {
        try {
            ctx.status(reply.status())
                    .contentType(ConfluentRegistryProtocol.CONTENT_TYPE)
                    .result(json.writeValueAsBytes(reply.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a registry answer", e);
        }
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
