package io.drugwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.Seizure;
import io.drugwatch.serde.ConfluentAvroSerde;
import io.drugwatch.serde.HttpSchemaRegistryClient;
import io.drugwatch.serde.InMemorySchemaRegistry;
import io.drugwatch.serde.TestRecords;
import io.drugwatch.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryServerTest {

    private static final Schema ARREST = Arrest.getClassSchema();
    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemorySchemaRegistry store = new InMemorySchemaRegistry();
    private SchemaRegistryServer server;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new SchemaRegistryServer(store).start("127.0.0.1", 0);
        client = new HttpSchemaRegistryClient(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersAndLooksUpThroughTheClient() {
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");

        int id = client.register("arrests-value", ARREST);

        assertThat(id).isEqualTo(1);
        assertThat(client.register("arrests-value", ARREST)).isEqualTo(1);
        HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(server.url());
        assertThat(fresh.lookup("arrests-value", ARREST)).hasValue(1);
        assertThat(fresh.lookup("seizures-value", ARREST)).isEmpty();
        assertThat(fresh.lookup("arrests-value", Seizure.getClassSchema())).isEmpty();
        assertThat(fresh.schemaById(1)).isEqualTo(ARREST);
        assertThat(fresh.versions("arrests-value")).containsExactly(1);
        assertThat(fresh.versions("seizures-value")).isEmpty();
        assertThatThrownBy(() -> fresh.schemaById(999)).isInstanceOf(UnknownSchemaIdException.class);
    }

    @Test
    void serdeRoundTripOverHttp() {
        ConfluentAvroSerde<Arrest> producer = ConfluentAvroSerde.forClass(Arrest.class, client, true, false);
        ConfluentAvroSerde<Arrest> consumer =
                ConfluentAvroSerde.forClass(Arrest.class, new HttpSchemaRegistryClient(server.url()), false, false);

        byte[] bytes = producer.serializer().serialize("arrests", TestRecords.arrest());

        assertThat(consumer.deserializer().deserialize("arrests", bytes)).isEqualTo(TestRecords.arrest());
        assertThat(store.subjects()).containsExactly("arrests-value");
    }

    @Test
    void sameSchemaUnderTwoSubjectsHasOneId() throws IOException {
        int first = client.register("arrests-value", ARREST);
        int second = client.register("arrests-replay-value", ARREST);

        assertThat(second).isEqualTo(first);
        assertThat(client.register("seizures-value", Seizure.getClassSchema())).isEqualTo(first + 1);
        assertThat(get("/subjects").body())
                .isEqualTo(json.readTree("[\"arrests-replay-value\",\"arrests-value\",\"seizures-value\"]"));
    }

    @Test
    void listsVersionsAndLatest() throws IOException {
        Schema evolved = TestRecords.withOptionalStringField(ARREST, "seizureRef");
        client.register("arrests-value", ARREST);
        client.register("arrests-value", evolved);
        client.register("arrests-value", ARREST);

        assertThat(client.versions("arrests-value")).containsExactly(1, 2);
        assertThat(get("/subjects/arrests-value/versions/latest").body())
                .isEqualTo(json.valueToTree(
                        Map.of("subject", "arrests-value", "version", 2, "id", 2, "schema", evolved.toString())));
        assertThat(get("/subjects/arrests-value/versions/1").body().get("id").intValue())
                .isEqualTo(1);
        assertThat(post("/subjects/arrests-value", evolved.toString()).body())
                .isEqualTo(json.valueToTree(
                        Map.of("subject", "arrests-value", "version", 2, "id", 2, "schema", evolved.toString())));
    }

    @Test
    void answersWithConfluentErrorCodes() throws IOException {
        client.register("arrests-value", ARREST);

        assertError(get("/subjects/seizures-value/versions"), 404, 40401);
        assertError(get("/subjects/seizures-value/versions/latest"), 404, 40401);
        assertError(post("/subjects/seizures-value", ARREST.toString()), 404, 40401);
        assertError(get("/subjects/arrests-value/versions/7"), 404, 40402);
        assertError(get("/subjects/arrests-value/versions/first"), 422, 42202);
        assertError(get("/schemas/ids/999"), 404, 40403);
        assertError(post("/subjects/arrests-value", Seizure.getClassSchema().toString()), 404, 40403);
        assertError(post("/subjects/arrests-value/versions", "{\"type\":\"record\",\"name\":\"Broken\"}"), 422, 42201);
        assertError(post("/subjects/arrests-value/versions", "not a schema"), 422, 42201);
        assertError(get("/nowhere"), 404, 404);
        assertError(
                send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects/arrests-value/versions"))
                        .DELETE()),
                405,
                405);
        assertThat(store.versions("arrests-value")).containsExactly(1);
    }

    @Test
    void servesRootAndConfig() throws IOException {
        Reply root = get("/");
        Reply config = get("/config");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.body()).isEqualTo(json.createObjectNode());
        assertThat(root.contentType()).isEqualTo(V1_JSON);
        assertThat(config.body()).isEqualTo(json.createObjectNode().put("compatibilityLevel", "BACKWARD"));
    }

    @Test
    void keepsReservedCharactersInSubjects() {
        client.register("drug watch/arrests+value", ARREST);

        assertThat(store.subjects()).containsExactly("drug watch/arrests+value");
        assertThat(client.versions("drug watch/arrests+value")).containsExactly(1);
    }

    private void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo(V1_JSON);
        assertThat(reply.body().get("error_code").intValue()).isEqualTo(errorCode);
        assertThat(reply.body().get("message").asText()).isNotBlank();
    }

    private Reply get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
    }

    private Reply post(String path, String schema) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", V1_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("schema", schema)))));
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    json.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private record Reply(int status, String contentType, JsonNode body) {}
}
