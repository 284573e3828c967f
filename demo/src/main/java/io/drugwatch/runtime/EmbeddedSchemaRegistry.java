package io.drugwatch.runtime;

import io.drugwatch.registry.KafkaRegistrationLog;
import io.drugwatch.registry.SchemaRegistryServer;
import io.drugwatch.topics.TopicSpec;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
                                    replicas(admin),
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

    /**
     * Three replicas, as Confluent's {@code _schemas} has, or one per broker on a smaller cluster: with
     * a single replica, losing its broker stops every new registration, and with it every stream
     * thread that writes a subject for the first time.
     */
    private static short replicas(Admin admin) {
        try {
            int brokers =
                    admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            return (short) Math.max(1, Math.min(3, brokers));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create " + KafkaRegistrationLog.DEFAULT_TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + KafkaRegistrationLog.DEFAULT_TOPIC, e);
        }
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
