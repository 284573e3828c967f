package io.drugwatch.cli;

import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares; flags win over the environment and the file. */
final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Properties file (see docs/configuration.md). Environment variables override it.")
    Path configFile;

    @Option(
            names = "--bootstrap-server",
            paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: bootstrap.servers, 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry",
            paramLabel = "URL",
            description = "Schema registry URL (default: schema.registry.url, http://127.0.0.1:8081).")
    String registryUrl;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Any setting, e.g. -D drugwatch.grace=PT24H or -D security.protocol=SASL_SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    DrugwatchConfig load() {
        return load(Map.of());
    }

    /** @param defaults settings a command implies unless the user set them (e.g. demo's addresses) */
    DrugwatchConfig load(Map<String, String> defaults) {
        Map<String, String> overrides = new LinkedHashMap<>(defaults);
        overrides.putAll(settings);
        if (bootstrapServers != null) {
            overrides.put(DrugwatchConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.put(DrugwatchConfig.REGISTRY_URL, registryUrl);
        }
        return ConfigLoader.load(configFile, System.getenv(), overrides);
    }
}
