package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka clients for the commands, configured from the same settings as the pipeline. */
final class KafkaSupport {

    private KafkaSupport() {}

    static SchemaRegistryClient registry(DrugwatchConfig config) {
        String auth = config.registryBasicAuth().isEmpty() ? null : config.registryBasicAuth();
        return new SchemaRegistryClients(auth, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))
                .forUrl(config.registryUrl());
    }

    static Topics topics(DrugwatchConfig config) {
        return Topics.create(config, registry(config));
    }

    /** Client settings without the Streams-only ones, so plain clients do not warn about unknown keys. */
    static Map<String, Object> clientProperties(DrugwatchConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.keySet()
                .removeIf(k -> StreamsConfig.configDef().names().contains(k)
                        && !AdminClientConfig.configNames().contains(k)
                        && !ConsumerConfig.configNames().contains(k)
                        && !ProducerConfig.configNames().contains(k));
        return props;
    }

    static Admin admin(DrugwatchConfig config) {
        return Admin.create(adminProperties(config));
    }

    static Map<String, Object> adminProperties(DrugwatchConfig config) {
        Map<String, Object> props = new HashMap<>(clientProperties(config));
        props.keySet().retainAll(AdminClientConfig.configNames());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return props;
    }

    static Map<String, Object> producerProperties(DrugwatchConfig config) {
        Map<String, Object> props = new HashMap<>(clientProperties(config));
        props.keySet().retainAll(ProducerConfig.configNames());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return props;
    }

    static Map<String, Object> consumerProperties(DrugwatchConfig config) {
        Map<String, Object> props = new HashMap<>(clientProperties(config));
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
