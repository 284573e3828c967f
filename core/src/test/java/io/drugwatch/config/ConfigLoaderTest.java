package io.drugwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.settings.Setting;
import io.drugwatch.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String TABLE_END = "<!-- end of settings table -->";

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("drugwatch.properties");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        DrugwatchConfig c = DrugwatchConfig.defaults();
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.registryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(c.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(c.grace()).isEqualTo(Duration.ofHours(48));
        assertThat(c.dedupHorizon()).isEqualTo(Duration.ofDays(14));
        assertThat(c.countyCodePattern().matcher("532530").matches()).isTrue();
        assertThat(c.topic("checkpoint-inspections")).isEqualTo("checkpoint-inspections");
        assertThat(c.autoRegisterSchemas()).isTrue();
        assertThat(c.commitInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.kafkaProperties()).containsEntry("commit.interval.ms", "300");
        assertThat(c.with(Map.of("commit.interval.ms", "100")).commitInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void environmentOverridesFileAndFlagsOverrideEnvironment() throws IOException {
        Path f = file("drugwatch.grace=PT12H\ndrugwatch.time.zone=UTC\nbootstrap.servers=file:9092\n");
        DrugwatchConfig c = ConfigLoader.load(
                f,
                Map.of("DRUGWATCH_TIME_ZONE", "Europe/Berlin", "KAFKA_BOOTSTRAP_SERVERS", "env:9092"),
                Map.of("bootstrap.servers", "flag:9092"));
        assertThat(c.grace()).isEqualTo(Duration.ofHours(12));
        assertThat(c.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.bootstrapServers()).isEqualTo("flag:9092");
    }

    @Test
    void environmentNamesMapToKeysIncludingDashedTopicNames() {
        Map<String, String> keys = ConfigLoader.fromEnvironment(Map.of(
                "DRUGWATCH_TOPIC_CHECKPOINT_INSPECTIONS", "cp",
                "SCHEMA_REGISTRY_URL", "http://registry:8081",
                "KAFKA_SASL_JAAS_CONFIG", "x",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));
        assertThat(keys)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "drugwatch.topic.checkpoint-inspections", "cp",
                        "schema.registry.url", "http://registry:8081",
                        "sasl.jaas.config", "x"));
        assertThat(ConfigLoader.envName("drugwatch.topic.checkpoint-inspections"))
                .isEqualTo("DRUGWATCH_TOPIC_CHECKPOINT_INSPECTIONS");
    }

    @Test
    void kafkaClientSettingsPassThroughUntouched() throws IOException {
        Path f = file("security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.location=/etc/ts.jks\n"
                + "drugwatch.grace=PT1H\n");
        Map<String, Object> kafka = ConfigLoader.load(f, Map.of(), Map.of()).kafkaProperties();
        assertThat(kafka)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("application.id", "drugwatch")
                .doesNotContainKey("drugwatch.grace")
                .doesNotContainKey("schema.registry.url");
    }

    @Test
    void secretsAreMaskedWhenDescribed() {
        DrugwatchConfig c = DrugwatchConfig.of(
                Map.of("sasl.jaas.config", "secret-stuff", "schema.registry.basic.auth.user.info", "u:p"));
        assertThat(c.describe())
                .containsEntry("sasl.jaas.config", "********")
                .containsEntry("schema.registry.basic.auth.user.info", "********");
    }

    @Test
    void unknownDrugwatchKeyIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.gracee", "PT1H")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'drugwatch.gracee' (did you mean 'drugwatch.grace'?)");
    }

    @Test
    void malformedValuesNameTheKey() {
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.grace", "48h")))
                .hasMessageStartingWith("drugwatch.grace must be an ISO-8601 duration");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.time.zone", "Mars/Olympus")))
                .hasMessageContaining("drugwatch.time.zone");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.county.code.pattern", "([")))
                .hasMessageStartingWith("drugwatch.county.code.pattern is not a regular expression");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("schema.registry.url", "localhost:8081")))
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.dedup.horizon", "PT1H")))
                .hasMessageContaining("drugwatch.dedup.horizon");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.topics.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drugwatch.topics.partitions");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.http.port", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drugwatch.http.port");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("drugwatch.state.stores", "disk")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drugwatch.state.stores")
                .hasMessageContaining("in-memory");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("num.stream.threads", "two")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.stream.threads");
    }

    @Test
    void valuesAreParsedOnceIntoTypesAndKafkaGetsTheTextAsGiven() {
        DrugwatchConfig c = DrugwatchConfig.of(Map.of(
                "drugwatch.grace", "PT6H",
                "drugwatch.topics.replication.factor", "3",
                "drugwatch.http.token", "s3cret",
                "num.stream.threads", "4"));
        assertThat(c.grace()).isEqualTo(Duration.ofHours(6));
        assertThat(c.replicationFactor()).isEqualTo((short) 3);
        assertThat(c.httpToken()).isEqualTo("s3cret");
        assertThat(c.countyCodePattern()).isSameAs(c.countyCodePattern());
        assertThat(c.alertSettings()).isSameAs(c.alertSettings());
        assertThat(c.kafkaProperties())
                .containsEntry("num.stream.threads", "4")
                .doesNotContainKey("drugwatch.http.token");
        assertThat(c.describe()).containsEntry("drugwatch.http.token", "********");
        assertThat(c.with(Map.of("drugwatch.grace", "PT1H")).replicationFactor())
                .isEqualTo((short) 3);
    }

    @Test
    void missingFileIsAOneLineError() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file not found");
    }

    /**
     * docs/configuration.md shows the table rendered from {@link DrugwatchConfig#DEFINITION}. After
     * changing a definition, {@code mvn test -pl core -Dtest=ConfigLoaderTest -Ddocs.update=true} rewrites it.
     */
    @Test
    void theSettingsTableIsRenderedFromTheDefinitions() throws IOException {
        assertRendered(RepoFiles.path("docs/configuration.md"), "DrugwatchConfig.DEFINITION", DrugwatchConfig.SETTINGS);
    }

    /** The same for docs/alerts.md and {@link AlertSettings#DEFINITION}. */
    @Test
    void theAlertSettingsTableIsRenderedFromTheDefinitions() throws IOException {
        assertRendered(RepoFiles.path("docs/alerts.md"), "AlertSettings.DEFINITION", AlertSettings.documented());
    }

    /**
     * Asserts that {@code file} shows {@code settings} as {@link Setting#markdownTable} renders them, between
     * a marker naming {@code source} and {@link #TABLE_END}; with -Ddocs.update=true it rewrites the table.
     */
    private static void assertRendered(Path file, String source, List<Setting> settings) throws IOException {
        String tableStart = "<!-- settings table: rendered from " + source + " -->";
        String docs = Files.readString(file, StandardCharsets.UTF_8);
        int start = docs.indexOf(tableStart);
        int end = docs.indexOf(TABLE_END);
        assertThat(start).as("%s marks its settings table", file).isPositive();
        assertThat(end).isGreaterThan(start);
        String rendered = Setting.markdownTable(settings);
        String shown = docs.substring(start + tableStart.length() + 1, end);
        if (Boolean.getBoolean("docs.update") && !shown.equals(rendered)) {
            Files.writeString(
                    file, docs.substring(0, start + tableStart.length() + 1) + rendered + docs.substring(end));
            shown = rendered;
        }
        assertThat(shown).as("%s's table; -Ddocs.update=true rewrites it", file).isEqualTo(rendered);
        for (Setting s : settings) {
            assertThat(s.doc()).as("%s is documented", s.key()).isNotBlank();
        }
    }

    @Test
    void alertSettingsAreCheckedWithTheRestAndKeptFromKafka() {
        DrugwatchConfig c = DrugwatchConfig.of(Map.of("alert.county.532530.count-spike.min.count", "4"));
        assertThat(c.alertSettings().forCounty("532530").countSpikeMinCount()).isEqualTo(4);
        assertThat(c.kafkaProperties()).doesNotContainKey("alert.county.532530.count-spike.min.count");
        assertThatThrownBy(() -> DrugwatchConfig.of(Map.of("alert.count-spike.min.cuont", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.count-spike.min.count");
    }

    @Test
    void theExampleConfigFileLoads() {
        DrugwatchConfig c = ConfigLoader.load(RepoFiles.path("config/drugwatch.properties"), Map.of(), Map.of());
        assertThat(c.applicationId()).isEqualTo("drugwatch");
    }
}
