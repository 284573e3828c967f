package io.drugwatch.cli;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topics;
import org.apache.kafka.clients.admin.Admin;

/** The registry client, topics and admin client of the commands, from the same settings as the pipeline. */
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

    static Admin admin(DrugwatchConfig config) {
        return Admin.create(ClientProperties.admin(config));
    }
}
