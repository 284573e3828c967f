package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security settings reach every Kafka client drugwatch creates, byte for byte, whether they come
 * from the config file or the environment; and the examples in docs/security.md load.
 */
class SecuritySettingsTest {

    private static final Map<String, String> SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required "
                            + "username=\"drugwatch\" password=\"p@ss=w:rd;#1\";",
            "ssl.keystore.location", "/etc/drugwatch/drugwatch.p12",
            "ssl.keystore.type", "PKCS12",
            "ssl.keystore.password", "keystore secret",
            "ssl.key.password", "key-secret",
            "ssl.truststore.location", "/etc/drugwatch/truststore.jks",
            "ssl.truststore.password", "truststore-secret",
            "ssl.endpoint.identification.algorithm", "https");

    @TempDir
    Path dir;

    /** Every client's settings, by the name of the client. */
    private static Map<String, Map<String, Object>> everyClient(DrugwatchConfig config) {
        Properties streamsProps = PipelineRunner.streamsProperties(config);
        StreamsConfig streams = new StreamsConfig(streamsProps);
        Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
        Map<String, Object> asMap = new LinkedHashMap<>();
        streamsProps.forEach((k, v) -> asMap.put((String) k, v));
        clients.put("streams", asMap);
        clients.put("streams main consumer", streams.getMainConsumerConfigs("drugwatch", "c", 0));
        clients.put("streams restore consumer", streams.getRestoreConsumerConfigs("c"));
        clients.put("streams global consumer", streams.getGlobalConsumerConfigs("c"));
        clients.put("streams producer", streams.getProducerConfigs("c"));
        clients.put("streams admin", streams.getAdminConfigs("c"));
        clients.put("cli admin", ClientProperties.admin(config));
        clients.put("cli producer", ClientProperties.producer(config));
        clients.put("cli consumer", ClientProperties.consumer(config));
        return clients;
    }

    private static void assertEveryClientHas(DrugwatchConfig config, Map<String, String> expected) {
        everyClient(config)
                .forEach((client, props) ->
                        assertThat(props).as(client).containsAllEntriesOf(new LinkedHashMap<String, Object>(expected)));
    }

    @Test
    void securitySettingsFromTheFileReachEveryClientUnchanged() throws IOException {
        StringBuilder file = new StringBuilder("drugwatch.grace=PT24H\n");
        SECURITY.forEach((k, v) -> file.append(k).append('=').append(v).append('\n'));
        Path f = dir.resolve("drugwatch.properties");
        Files.writeString(f, file, StandardCharsets.UTF_8);

        assertEveryClientHas(ConfigLoader.load(f, Map.of(), Map.of()), SECURITY);
    }

    @Test
    void securitySettingsFromTheEnvironmentReachEveryClientUnchanged() {
        Map<String, String> env = new LinkedHashMap<>();
        SECURITY.forEach((k, v) -> env.put("KAFKA_" + ConfigLoader.envName(k), v));
        assertThat(env).containsKey("KAFKA_SSL_KEY_PASSWORD");

        DrugwatchConfig config = ConfigLoader.load(null, env, Map.of());
        assertEveryClientHas(config, SECURITY);
        assertThat(config.describe())
                .containsEntry("sasl.jaas.config", "********")
                .containsEntry("ssl.key.password", "********")
                .containsEntry("ssl.keystore.password", "********")
                .containsEntry("ssl.truststore.location", "/etc/drugwatch/truststore.jks");
    }

    @Test
    void everyExampleInTheSecurityDocsLoadsAndItsTwoFormsAgree() throws IOException {
        String docs = Files.readString(RepoFiles.path("docs/security.md"), StandardCharsets.UTF_8);
        List<String> files = blocks(docs, "properties");
        List<String> shells = blocks(docs, "sh");
        assertThat(files).hasSizeGreaterThanOrEqualTo(6).hasSameSizeAs(shells);
        for (int i = 0; i < files.size(); i++) {
            Path f = dir.resolve("example-" + i + ".properties");
            Files.writeString(f, files.get(i), StandardCharsets.UTF_8);
            DrugwatchConfig fromFile = ConfigLoader.load(f, Map.of(), Map.of());
            DrugwatchConfig fromEnv = ConfigLoader.load(null, exports(shells.get(i)), Map.of());
            assertThat(fromEnv.describe())
                    .as("example %d as environment variables", i)
                    .isEqualTo(fromFile.describe());
            Properties written = new Properties();
            written.load(new java.io.StringReader(files.get(i)));
            Map<String, String> kafka = new LinkedHashMap<>();
            written.stringPropertyNames().stream()
                    .filter(k -> !k.startsWith("drugwatch.") && !k.startsWith("schema.registry."))
                    .forEach(k -> kafka.put(k, written.getProperty(k)));
            assertEveryClientHas(fromFile, kafka);
        }
    }

    private static List<String> blocks(String markdown, String language) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** {@code export NAME='value'} lines, as a shell would set them. */
    private static Map<String, String> exports(String shell) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : shell.split("\n")) {
            Matcher m = Pattern.compile("^export ([A-Z0-9_]+)='([^']*)'$").matcher(line);
            assertThat(m.matches()).as("an export line: %s", line).isTrue();
            env.put(m.group(1), m.group(2));
        }
        return env;
    }
}
