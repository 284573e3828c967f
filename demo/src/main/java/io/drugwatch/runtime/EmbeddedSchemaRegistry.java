package io.drugwatch.runtime;

import io.drugwatch.registry.KafkaRegistrationLog;
import io.drugwatch.registry.SchemaRegistryServer;
import io.drugwatch.topics.TopicSpec;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A Confluent-compatible schema registry for the demo: the REST subset served on a local port, with
 * every registration kept in a compacted topic of the demo's broker so that ids survive a restart
 * with the same data directory.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private final KafkaRegistrationLog log;
    private final SchemaRegistryServer server;
    private final int restored;

    private EmbeddedSchemaRegistry(KafkaRegistrationLog log, SchemaRegistryServer server, int restored) {
        this.log = log;
        this.server = server;
        this.restored = restored;
    }

    /**
     * @param clientProperties Kafka client settings reaching the broker that stores the schemas
     * @throws PortInUseException if the port is taken
     */
    public static EmbeddedSchemaRegistry start(Map<String, Object> clientProperties, String host, int port)
            throws IOException {
        try (Admin admin = Admin.create(adminProperties(clientProperties))) {
            new TopicAdmin(admin)
                    .apply(
                            List.of(new TopicSpec(
                                    KafkaRegistrationLog.DEFAULT_TOPIC,
                                    1,
                                    (short) 1,
                                    Map.of("cleanup.policy", "compact"))),
                            false);
        }
        KafkaRegistrationLog.Restored restored =
                KafkaRegistrationLog.open(clientProperties, KafkaRegistrationLog.DEFAULT_TOPIC);
        SchemaRegistryServer server = new SchemaRegistryServer(restored.registry());
        try {
            server.start(host, port);
        } catch (BindException e) {
            restored.log().close();
            throw new PortInUseException("registry port", host, port, e);
        } catch (IOException | RuntimeException e) {
            restored.log().close();
            throw e;
        }
        return new EmbeddedSchemaRegistry(restored.log(), server, restored.registrations());
    }

    private static Map<String, Object> adminProperties(Map<String, Object> clientProperties) {
        Map<String, Object> props = new java.util.HashMap<>(clientProperties);
        props.keySet().retainAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        return props;
    }

    public String url() {
        return server.url();
    }

    /** Registrations read back from the topic at start-up. */
    public int restoredRegistrations() {
        return restored;
    }

    @Override
    public void close() {
        server.close();
        log.close();
    }
}
