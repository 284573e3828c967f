package io.drugwatch.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings of the plain Kafka clients the commands use beside the pipeline (admin, producer,
 * consumer), derived from the same configuration, so security and tuning apply to them too. Each
 * keeps only its own client's keys, so none warns about the others'.
 */
public final class ClientProperties {

    private ClientProperties() {}

    /** Client settings without the Streams-only ones. */
    public static Map<String, Object> common(DrugwatchConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.keySet()
                .removeIf(k -> StreamsConfig.configDef().names().contains(k)
                        && !AdminClientConfig.configNames().contains(k)
                        && !ConsumerConfig.configNames().contains(k)
                        && !ProducerConfig.configNames().contains(k));
        return props;
    }

    /** An admin client's, with timeouts short enough for a command-line tool to answer. */
    public static Map<String, Object> admin(DrugwatchConfig config) {
        Map<String, Object> props = common(config);
        props.keySet().retainAll(AdminClientConfig.configNames());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return props;
    }

    /** An idempotent producer's that waits for all in-sync replicas. */
    public static Map<String, Object> producer(DrugwatchConfig config) {
        Map<String, Object> props = common(config);
        props.keySet().retainAll(ProducerConfig.configNames());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return props;
    }

    /** A group-less consumer's that reads only committed records. */
    public static Map<String, Object> consumer(DrugwatchConfig config) {
        Map<String, Object> props = common(config);
        props.keySet().retainAll(ConsumerConfig.configNames());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
