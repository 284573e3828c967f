package io.drugwatch.serde;

import static io.drugwatch.serde.ConfluentRegistryProtocol.SCHEMA_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.SUBJECT_NOT_FOUND;
import static io.drugwatch.serde.ConfluentRegistryProtocol.encodePathSegment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Talks to a Confluent-compatible Schema Registry over its REST API.
 *
 * <p>Ids and schemas are immutable in the registry, so successful answers are cached forever
 * (id -> schema, (subject, schema) -> id) and the serde's hot path makes no HTTP call. Negative answers
 * are not cached, because a schema may be registered later. Schemas with references and non-Avro
 * schemas are not supported.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param baseUrl e.g. {@code http://registry:8081}; a path prefix is kept
     * @param basicAuthUserInfo {@code user:password} as in Confluent's {@code basic.auth.user.info}, or
     *     null for no authentication
     */
    public HttpSchemaRegistryClient(
            String baseUrl, String basicAuthUserInfo, Duration connectTimeout, Duration requestTimeout) {
        URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "Schema registry URL must be http(s)://host[:port], got '" + baseUrl + "'");
        }
        this.baseUrl = uri.toString().replaceAll("/+$", "");
        this.authorization = basicAuthUserInfo == null ? null : basicAuth(basicAuthUserInfo);
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                // Plain HTTP/1.1: the JDK's default HTTP/2 would send h2c upgrade headers to every registry.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Response response =
                send("POST", "/subjects/" + encodePathSegment(subject) + "/versions", schemaBody(key.schemaJson()));
        int id = intField(response.ok(), "id", response);
        remember(key, id, schema);
        return id;
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        Response response = send("POST", "/subjects/" + encodePathSegment(subject), schemaBody(key.schemaJson()));
        if (response.isNotFound(SUBJECT_NOT_FOUND) || response.isNotFound(SCHEMA_NOT_FOUND)) {
            return OptionalInt.empty();
        }
        int id = intField(response.ok(), "id", response);
        remember(key, id, schema);
        return OptionalInt.of(id);
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Response response = send("GET", "/schemas/ids/" + id, null);
        if (response.isNotFound(SCHEMA_NOT_FOUND)) {
            throw new UnknownSchemaIdException(id, "Schema id " + id + " not found at " + response.url());
        }
        JsonNode body = response.ok();
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new NotAvroSchemaException(
                    "Schema id " + id + " at " + response.url() + " is a " + type + " schema, not Avro");
        }
        if (body.path("references").size() > 0) {
            throw new NotAvroSchemaException(
                    "Schema id " + id + " at " + response.url() + " uses schema references, which are not supported");
        }
        Schema schema;
        try {
            // Writer schemas only drive decoding, so a bad default in an old producer's schema must not block reading.
            schema = new Schema.Parser().setValidateDefaults(false).parse(textField(body, "schema", response));
        } catch (AvroRuntimeException e) {
            throw new SchemaRegistryException(
                    "Schema id " + id + " from " + response.url() + " is not a valid Avro schema: " + e.getMessage(),
                    e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public List<Integer> versions(String subject) {
        Response response = send("GET", "/subjects/" + encodePathSegment(subject) + "/versions", null);
        if (response.isNotFound(SUBJECT_NOT_FOUND)) {
            return List.of();
        }
        JsonNode body = response.ok();
        if (!body.isArray()) {
            throw response.unexpected("expected a JSON array of versions");
        }
        List<Integer> versions = new ArrayList<>(body.size());
        body.forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + baseUrl + "]";
    }

    private void remember(SubjectSchema key, int id, Schema schema) {
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
    }

    private String schemaBody(String schemaJson) {
        try {
            return json.writeValueAsString(Map.of("schema", schemaJson));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode a JSON string", e);
        }
    }

    private Response send(String method, String path, String body) {
        URI url = URI.create(baseUrl + path);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(requestTimeout).header("Accept", ConfluentRegistryProtocol.ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", ConfluentRegistryProtocol.CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        String target = method + " " + url;
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(target, response.statusCode(), parse(response.body()));
        } catch (HttpTimeoutException e) {
            throw new RegistryUnavailableException("Schema registry timed out: " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RegistryUnavailableException("Schema registry unreachable: " + target + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while calling the schema registry: " + target, e);
        }
    }

    /** Null when the body is empty or not JSON (a proxy's HTML error page, say). */
    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static int intField(JsonNode body, String field, Response response) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw response.unexpected("expected an integer '" + field + "'");
        }
        return value.intValue();
    }

    private static String textField(JsonNode body, String field, Response response) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw response.unexpected("expected a string '" + field + "'");
        }
        return value.textValue();
    }

    private static String basicAuth(String userInfo) {
        if (userInfo.indexOf(':') < 0) {
            throw new IllegalArgumentException("Basic auth user info must be 'user:password'");
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private record SubjectSchema(String subject, String schemaJson) {}

    /** A registry answer; {@code body} is null when it was not JSON. */
    private record Response(String url, int status, JsonNode body) {

        boolean isNotFound(int errorCode) {
            return status == 404 && errorCode().equals(OptionalInt.of(errorCode));
        }

        /** The body of a 2xx answer; anything else becomes the matching exception. */
        JsonNode ok() {
            if (status / 100 == 2 && body != null) {
                return body;
            }
            if (status / 100 == 2) {
                throw unexpected("the body is not JSON");
            }
            String message = "Schema registry request " + url + " failed: HTTP " + status
                    + errorCode().stream()
                            .mapToObj(c -> ", error_code " + c)
                            .findFirst()
                            .orElse("")
                    + ": "
                    + (body != null && body.hasNonNull("message")
                            ? body.get("message").asText()
                            : "no message");
            if (status >= 500 || status == 408 || status == 429) {
                throw new RegistryUnavailableException(message, errorCode());
            }
            throw new SchemaRegistryException(message, errorCode(), null);
        }

        SchemaRegistryException unexpected(String problem) {
            return new SchemaRegistryException(
                    "Unexpected schema registry response to " + url + " (HTTP " + status + "): " + problem);
        }

        OptionalInt errorCode() {
            JsonNode code = body == null ? null : body.get("error_code");
            return code != null && code.canConvertToInt() ? OptionalInt.of(code.intValue()) : OptionalInt.empty();
        }
    }
}
