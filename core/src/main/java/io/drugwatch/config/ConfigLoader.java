package io.drugwatch.config;

import io.drugwatch.settings.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link DrugwatchConfig} from, in rising precedence: the defaults, a properties file, the
 * environment, and explicit overrides (command-line flags).
 *
 * <p>Environment variables map to keys the way Confluent's images do: {@code DRUGWATCH_GRACE} becomes
 * {@code drugwatch.grace}, {@code SCHEMA_REGISTRY_URL} becomes {@code schema.registry.url}, and
 * {@code KAFKA_SASL_JAAS_CONFIG} becomes {@code sasl.jaas.config} (the KAFKA_ prefix is dropped).
 * drugwatch and registry variables are matched against the known settings, so
 * {@code DRUGWATCH_TOPIC_CHECKPOINT_INSPECTIONS} finds {@code drugwatch.topic.checkpoint-inspections}.
 */
public final class ConfigLoader {

    /** Variables of the Kafka launch scripts, not client settings. */
    private static final Set<String> KAFKA_SCRIPT_VARIABLES = Set.of(
            "KAFKA_HOME",
            "KAFKA_OPTS",
            "KAFKA_HEAP_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_DEBUG",
            "KAFKA_LOG_DIR");

    private ConfigLoader() {}

    public static DrugwatchConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(env));
        merged.putAll(overrides);
        return DrugwatchConfig.of(merged);
    }

    static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = e.getKey();
            String key = null;
            if (name.startsWith("DRUGWATCH_") || name.startsWith("SCHEMA_REGISTRY_")) {
                key = DrugwatchConfig.SETTINGS.stream()
                        .map(Setting::key)
                        .filter(k -> envName(k).equals(name))
                        .findFirst()
                        .orElse(name.toLowerCase(Locale.ROOT).replace('_', '.'));
            } else if (name.startsWith("KAFKA_") && name.length() > 6 && !KAFKA_SCRIPT_VARIABLES.contains(name)) {
                key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key != null) {
                out.put(key, e.getValue());
            }
        });
        return out;
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
