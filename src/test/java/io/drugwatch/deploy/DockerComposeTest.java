package io.drugwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml cannot be started here (no Docker engine), so check that it agrees with the code. */
class DockerComposeTest {

    private static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("docker-compose.yml")))
                .get("services");
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        services.get(service).get("environment").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> ports(String service) {
        return java.util.stream.StreamSupport.stream(services.get(service).get("ports").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    @Test
    void hasTheFourServicesWithHealthChecks() {
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kafka", "schema-registry", "drugwatch", "kafka-ui");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("schema-registry").get("image").asText()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(services.get("kafka").has("healthcheck")).isTrue();
        assertThat(services.get("schema-registry").has("healthcheck")).isTrue();
        assertThat(services.get("drugwatch").get("depends_on").get("kafka").get("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void publishedPortsAreTheDefaultAddresses() {
        DrugwatchConfig defaults = DrugwatchConfig.defaults();
        String brokerPort = defaults.bootstrapServers().split(":")[1];
        assertThat(ports("kafka")).contains(brokerPort + ":" + brokerPort);
        int registryPort = URI.create(defaults.registryUrl()).getPort();
        assertThat(ports("schema-registry")).contains(registryPort + ":" + registryPort);
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("EXTERNAL://" + defaults.bootstrapServers());
    }

    @Test
    void theAppIsWiredToTheServicesThroughSettingsItKnows() {
        Map<String, String> env = environment("drugwatch");
        DrugwatchConfig config = ConfigLoader.load(null, env, Map.of());
        assertThat(services.get("drugwatch").get("command").get(0).asText()).isEqualTo("run");
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains(config.bootstrapServers());
        URI registry = URI.create(config.registryUrl());
        assertThat(registry.getHost()).isEqualTo("schema-registry");
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":" + registry.getPort());
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .endsWith(config.bootstrapServers());
        assertThat(environment("kafka-ui").get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")).isEqualTo(config.bootstrapServers());
        assertThat(environment("kafka-ui").get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY")).isEqualTo(config.registryUrl());
    }

    @Test
    void theImageRunsTheJarWithTheStateOnTheVolume() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("target/drugwatch.jar").contains("CMD [\"run\"]");
        assertThat(ConfigLoader.fromEnvironment(Map.of("KAFKA_STATE_DIR", "/var/lib/drugwatch/state")))
                .containsEntry("state.dir", "/var/lib/drugwatch/state");
        assertThat(services.get("drugwatch").get("volumes").get(0).asText()).endsWith(":/var/lib/drugwatch");
    }
}
