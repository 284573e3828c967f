package io.drugwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.testing.RepoFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
        services = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(RepoFiles.path("docker-compose.yml")))
                .get("services");
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        services.get(service)
                .get("environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static List<String> ports(String service) {
        return java.util.stream.StreamSupport.stream(
                        services.get(service).get("ports").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static JsonNode yaml(String path) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RepoFiles.path(path)));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** The container path a service mounts {@code hostPath} at, after checking that the host path exists. */
    private static String mountOf(String service, String hostPath) {
        assertThat(RepoFiles.path(hostPath)).exists();
        return texts(services.get(service).get("volumes")).stream()
                .filter(v -> v.startsWith(hostPath + ":"))
                .map(v -> v.split(":")[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " does not mount " + hostPath));
    }

    @Test
    void hasTheSixServicesWithHealthChecks() {
        assertThat(services.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "kafka", "schema-registry", "drugwatch", "kafka-ui", "prometheus", "grafana");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("schema-registry").get("image").asText())
                .startsWith("confluentinc/cp-schema-registry:");
        assertThat(services.get("kafka").has("healthcheck")).isTrue();
        assertThat(services.get("schema-registry").has("healthcheck")).isTrue();
        assertThat(services.get("drugwatch")
                        .get("depends_on")
                        .get("kafka")
                        .get("condition")
                        .asText())
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
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_LISTENERS"))
                .endsWith(":" + registry.getPort());
        assertThat(environment("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
                .endsWith(config.bootstrapServers());
        assertThat(environment("kafka-ui").get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"))
                .isEqualTo(config.bootstrapServers());
        assertThat(environment("kafka-ui").get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY"))
                .isEqualTo(config.registryUrl());
    }

    @Test
    void theImageRunsTheJarWithTheStateOnTheVolume() throws IOException {
        String dockerfile = Files.readString(RepoFiles.path("Dockerfile"));
        assertThat(dockerfile).contains("app/target/drugwatch.jar").contains("CMD [\"run\"]");
        assertThat(ConfigLoader.fromEnvironment(Map.of("KAFKA_STATE_DIR", "/var/lib/drugwatch/state")))
                .containsEntry("state.dir", "/var/lib/drugwatch/state");
        assertThat(services.get("drugwatch").get("volumes").get(0).asText()).endsWith(":/var/lib/drugwatch");
    }

    @Test
    void everyImageIsPinned() {
        services.forEach(service -> {
            if (service.has("image")) {
                assertThat(service.get("image").asText()).matches("[^:]+:v?[0-9][0-9.]*");
            }
        });
    }

    @Test
    void prometheusScrapesTheApiWithItsToken() throws IOException {
        DrugwatchConfig config = ConfigLoader.load(null, environment("drugwatch"), Map.of());
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpToken()).isNotBlank();
        assertThat(config.kafkaProperties()).containsEntry("application.server", "drugwatch:" + config.httpPort());
        assertThat(mountOf("prometheus", "./deploy/prometheus/prometheus.yml"))
                .isEqualTo("/etc/prometheus/prometheus.yml");

        JsonNode job =
                yaml("deploy/prometheus/prometheus.yml").get("scrape_configs").get(0);
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(texts(job.get("static_configs").get(0).get("targets")))
                .containsExactly("drugwatch:" + config.httpPort());
        // the token Prometheus sends is the secret made from the variable drugwatch reads its token from
        String secret = services.get("prometheus").get("secrets").get(0).asText();
        assertThat(job.get("authorization").get("type").asText()).isEqualTo("Bearer");
        assertThat(job.get("authorization").get("credentials_file").asText()).isEqualTo("/run/secrets/" + secret);
        String variable = yaml("docker-compose.yml")
                .get("secrets")
                .get(secret)
                .get("environment")
                .asText();
        assertThat(environment("drugwatch").get(variable)).startsWith("${" + variable + ":?");
        assertThat(ConfigLoader.fromEnvironment(Map.of(variable, "t"))).containsEntry(DrugwatchConfig.HTTP_TOKEN, "t");
    }

    @Test
    void grafanaProvisionsPrometheusAndTheDashboard() throws IOException {
        assertThat(mountOf("grafana", "./deploy/grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
        JsonNode datasource = yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")
                .get(0);
        assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(ports("prometheus")).allSatisfy(p -> assertThat(p).endsWith(":9090"));

        JsonNode provider = yaml("deploy/grafana/provisioning/dashboards/drugwatch.yml")
                .get("providers")
                .get(0);
        assertThat(provider.get("options").get("path").asText())
                .isEqualTo(mountOf("grafana", "./deploy/grafana/dashboards"));
        JsonNode dashboard = new ObjectMapper()
                .readTree(RepoFiles.path("deploy/grafana/dashboards/drugwatch.json")
                        .toFile());
        dashboard
                .get("panels")
                .forEach(panel -> assertThat(panel.path("datasource")
                                .path("uid")
                                .asText(datasource.get("uid").asText()))
                        .as(panel.get("title").asText())
                        .isEqualTo(datasource.get("uid").asText()));
    }
}
