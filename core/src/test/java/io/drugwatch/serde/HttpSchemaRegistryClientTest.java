package io.drugwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drugwatch.model.Arrest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the client against the requests and answers documented for Confluent Schema Registry. */
class HttpSchemaRegistryClientTest {

    private static final Schema ARREST = Arrest.getClassSchema();
    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String CONFLUENT_ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final ObjectMapper json = new ObjectMapper();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    /** Held answers wait for this: counted down when the test is over, long after the client gave up. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    private ExecutorService executor;
    private HttpServer server;
    private String baseUrl;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void startRecordingRegistry() throws IOException {
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "recording-registry");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        client = new HttpSchemaRegistryClient(baseUrl);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow(); // interrupts a held answer
        testOver.countDown();
    }

    @Test
    void registerPostsTheSchemaAsAStringToSubjectVersions() throws IOException {
        answer("POST /subjects/arrests-value/versions", 200, "{\"id\":21}");

        assertThat(client.register("arrests-value", ARREST)).isEqualTo(21);

        Recorded request = single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/arrests-value/versions");
        assertThat(request.contentType()).isEqualTo(V1_JSON);
        assertThat(request.accept()).isEqualTo(CONFLUENT_ACCEPT);
        assertThat(json.readTree(request.body()))
                .isEqualTo(json.createObjectNode().put("schema", ARREST.toString()));
    }

    @Test
    void registerAnswersAreCachedForRegisterLookupAndById() {
        answer("POST /subjects/arrests-value/versions", 200, "{\"id\":21}");

        client.register("arrests-value", ARREST);
        assertThat(client.register("arrests-value", ARREST)).isEqualTo(21);
        assertThat(client.lookup("arrests-value", ARREST)).hasValue(21);
        assertThat(client.schemaById(21)).isEqualTo(ARREST);

        assertThat(requests).hasSize(1);
    }

    @Test
    void lookupPostsTheSchemaToTheSubject() throws IOException {
        answer(
                "POST /subjects/arrests-value",
                200,
                json.writeValueAsString(
                        Map.of("subject", "arrests-value", "id", 21, "version", 3, "schema", ARREST.toString())));

        assertThat(client.lookup("arrests-value", ARREST)).hasValue(21);
        assertThat(client.lookup("arrests-value", ARREST)).hasValue(21);

        Recorded request = single();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/arrests-value");
        assertThat(request.contentType()).isEqualTo(V1_JSON);
        assertThat(json.readTree(request.body()))
                .isEqualTo(json.createObjectNode().put("schema", ARREST.toString()));
    }

    @Test
    void lookupIsEmptyForUnknownSubjectOrSchema() {
        answer(
                "POST /subjects/arrests-value",
                404,
                "{\"error_code\":40401,\"message\":\"Subject 'arrests-value' not found.\"}");
        answer("POST /subjects/seizures-value", 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

        assertThat(client.lookup("arrests-value", ARREST)).isEqualTo(OptionalInt.empty());
        assertThat(client.lookup("seizures-value", ARREST)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void schemaByIdGetsOnceWithoutBodyOrAuth() throws IOException {
        answer("GET /schemas/ids/21", 200, json.writeValueAsString(Map.of("schema", ARREST.toString())));

        assertThat(client.schemaById(21)).isEqualTo(ARREST);
        assertThat(client.schemaById(21)).isEqualTo(ARREST);

        Recorded request = single();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/schemas/ids/21");
        assertThat(request.accept()).isEqualTo(CONFLUENT_ACCEPT);
        assertThat(request.contentType()).isNull();
        assertThat(request.authorization()).isNull();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void unknownIdIsUnknownSchemaIdException() {
        answer("GET /schemas/ids/99", 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(99);
                    assertThat(e.errorCode()).hasValue(40403);
                })
                .hasMessageContaining(baseUrl + "/schemas/ids/99");
    }

    @Test
    void notFoundWithoutRegistryErrorCodeIsNotMistakenForUnknownId() {
        answer("GET /schemas/ids/7", 404, "<html>Not Found</html>");

        assertThatThrownBy(() -> client.schemaById(7))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void nonAvroSchemaIsRejected() {
        answer("GET /schemas/ids/5", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertThatThrownBy(() -> client.schemaById(5))
                .isInstanceOf(NotAvroSchemaException.class)
                .hasMessageContaining("PROTOBUF");
    }

    @Test
    void versionsListsTheSubjectsVersions() {
        answer("GET /subjects/arrests-value/versions", 200, "[1,2]");
        answer(
                "GET /subjects/seizures-value/versions",
                404,
                "{\"error_code\":40401,\"message\":\"Subject 'seizures-value' not found.\"}");

        assertThat(client.versions("arrests-value")).containsExactly(1, 2);
        assertThat(client.versions("seizures-value")).isEmpty();
        assertThat(requests).extracting(Recorded::method).containsOnly("GET");
    }

    @Test
    void subjectsAreEncodedAsOnePathSegment() {
        answer("GET /subjects/drug%20watch%2Farrests%2Bvalue/versions", 200, "[1]");

        assertThat(client.versions("drug watch/arrests+value")).containsExactly(1);
        assertThat(single().rawPath()).isEqualTo("/subjects/drug%20watch%2Farrests%2Bvalue/versions");
    }

    @Test
    void sendsBasicAuthWhenConfigured() {
        answer("GET /subjects/arrests-value/versions", 200, "[1]");
        HttpSchemaRegistryClient authenticated =
                new HttpSchemaRegistryClient(baseUrl, "alice:s3cret", Duration.ofSeconds(1), Duration.ofSeconds(2));

        authenticated.versions("arrests-value");

        assertThat(single().authorization()).isEqualTo("Basic YWxpY2U6czNjcmV0");
    }

    @Test
    void closedPortIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + "/schemas/ids/1");
    }

    @Test
    void serverErrorsAreUnavailable() {
        answer("GET /schemas/ids/1", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        answer("GET /schemas/ids/2", 502, "<html>Bad Gateway</html>");

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(
                        RegistryUnavailableException.class,
                        e -> assertThat(e.errorCode()).hasValue(50001))
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("Error in the backend data store");
        assertThatThrownBy(() -> client.schemaById(2)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void slowRegistryTimesOutAsUnavailable() {
        answers.put("GET /schemas/ids/3", new Canned(200, "{\"schema\":\"\\\"string\\\"\"}", true));
        HttpSchemaRegistryClient impatient =
                new HttpSchemaRegistryClient(baseUrl, null, Duration.ofSeconds(1), Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.schemaById(3))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void clientErrorsAreNotUnavailable() {
        answer("POST /subjects/arrests-value/versions", 422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        assertThatThrownBy(() -> client.register("arrests-value", ARREST))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .satisfies(e ->
                        assertThat(((SchemaRegistryException) e).errorCode()).hasValue(42201))
                .hasMessageContaining("POST " + baseUrl + "/subjects/arrests-value/versions")
                .hasMessageContaining("Invalid schema");
    }

    private void answer(String methodAndRawPath, int status, String body) {
        answers.put(methodAndRawPath, new Canned(status, body, false));
    }

    private Recorded single() {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                rawPath,
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Canned canned = answers.getOrDefault(
                exchange.getRequestMethod() + " " + rawPath,
                new Canned(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}", false));
        try {
            if (canned.held()) {
                // answers only once the test is over: whatever the client waits for, it waits in vain
                testOver.await(30, TimeUnit.SECONDS);
            }
            byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", V1_JSON);
            exchange.sendResponseHeaders(canned.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private record Recorded(
            String method, String rawPath, String contentType, String accept, String authorization, String body) {}

    /** An answer; a held one is sent only when the test is over. */
    private record Canned(int status, String body, boolean held) {}
}
