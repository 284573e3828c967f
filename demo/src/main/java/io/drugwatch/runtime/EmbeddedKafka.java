package io.drugwatch.runtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A real single-node Kafka broker, KRaft combined mode (broker and controller in one node), running
 * inside this JVM: for {@code demo} and the integration tests.
 *
 * <p>The node is assembled the way Kafka's {@code KafkaRaftServer} and its test kit do it (shared
 * raft server, controller, broker), with three differences: the listening sockets are bound by us
 * before anything starts, so a taken port fails fast with a {@link PortInUseException} and port 0
 * works; fatal faults are logged instead of halting the JVM; and the data directory is locked before
 * the controller opens the metadata log, so a second broker on it fails instead of writing to it.
 *
 * <p>Logs live in {@code <dataDir>/kafka-logs}. The directory is formatted (new cluster id) only when
 * it has no {@code meta.properties} yet; starting again on the same data directory resumes the same
 * cluster with its topics, records and committed offsets.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String LOG_DIR_NAME = "kafka-logs";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_TOPIC_TIMEOUT = Duration.ofSeconds(30);

    /** Keys this class derives from {@link Options}; setting them as extra properties would break the node. */
    static final Set<String> MANAGED_PROPERTIES = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "inter.broker.listener.name",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "log.dirs",
            "log.dir",
            "metadata.log.dir",
            "num.partitions");

    /**
     * How to start the broker. {@link #defaults()} gives 127.0.0.1:9092, a free controller port, a
     * temporary data directory deleted on close and one partition per topic by default.
     *
     * @param host              address to listen on and advertise; must be a concrete address, not a wildcard
     * @param port              client port, 0 picks a free one ({@link EmbeddedKafka#port()} tells which)
     * @param controllerPort    KRaft controller port, 0 (the default) picks a free one
     * @param dataDir           where the logs live; {@code null} means a temporary directory deleted on close
     * @param defaultPartitions partitions of a topic created without a partition count ({@code num.partitions})
     * @param brokerProperties  extra broker settings, applied over the defaults of this class
     */
    public record Options(
            String host,
            int port,
            int controllerPort,
            Path dataDir,
            int defaultPartitions,
            Map<String, String> brokerProperties) {

        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 9092;

        public Options {
            host = host == null || host.isBlank() ? DEFAULT_HOST : host.strip();
            checkPort("port", port);
            checkPort("controller port", controllerPort);
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controller port must differ, both are " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("default partitions must be at least 1, got " + defaultPartitions);
            }
            brokerProperties = brokerProperties == null ? Map.of() : Map.copyOf(brokerProperties);
            List<String> managed = brokerProperties.keySet().stream()
                    .filter(MANAGED_PROPERTIES::contains)
                    .sorted()
                    .toList();
            if (!managed.isEmpty()) {
                throw new IllegalArgumentException("broker properties " + managed
                        + " are set by EmbeddedKafka from its options and cannot be overridden");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_HOST, DEFAULT_PORT, 0, null, 1, Map.of());
        }

        public Options withHost(String newHost) {
            return new Options(newHost, port, controllerPort, dataDir, defaultPartitions, brokerProperties);
        }

        public Options withPort(int newPort) {
            return new Options(host, newPort, controllerPort, dataDir, defaultPartitions, brokerProperties);
        }

        public Options withControllerPort(int newControllerPort) {
            return new Options(host, port, newControllerPort, dataDir, defaultPartitions, brokerProperties);
        }

        public Options withDataDir(Path newDataDir) {
            return new Options(host, port, controllerPort, newDataDir, defaultPartitions, brokerProperties);
        }

        public Options withDefaultPartitions(int partitions) {
            return new Options(host, port, controllerPort, dataDir, partitions, brokerProperties);
        }

        public Options withBrokerProperties(Map<String, String> properties) {
            return new Options(host, port, controllerPort, dataDir, defaultPartitions, properties);
        }

        public Options withBrokerProperty(String key, String value) {
            Map<String, String> merged = new HashMap<>(brokerProperties);
            merged.put(key, value);
            return withBrokerProperties(merged);
        }

        private static void checkPort(String what, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " must be 0..65535, got " + port);
            }
        }
    }

    private final String host;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String clusterId;
    private final PreboundSockets sockets;
    private final DataDirLock dataDirLock;
    private final NonTerminatingFaultHandlers faults;
    private final ControllerServer controller;
    private final BrokerServer broker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(
            String host,
            int port,
            int controllerPort,
            Path dataDir,
            boolean deleteDataDirOnClose,
            String clusterId,
            PreboundSockets sockets,
            DataDirLock dataDirLock,
            NonTerminatingFaultHandlers faults,
            ControllerServer controller,
            BrokerServer broker) {
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.clusterId = clusterId;
        this.sockets = sockets;
        this.dataDirLock = dataDirLock;
        this.faults = faults;
        this.controller = controller;
        this.broker = broker;
    }

    /**
     * Starts the broker and returns once it is registered, unfenced and accepting connections.
     *
     * @throws PortInUseException     if the client or controller port is taken (nothing was started)
     * @throws EmbeddedKafkaException if the broker could not start; whatever did start is shut down again
     */
    public static EmbeddedKafka start(Options options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        String host = options.host();
        requireConcreteAddress(host);
        KafkaLogNoise.install();

        // Bind both ports before touching the disk or starting a thread: a taken port is the common
        // failure (a second demo, a local Kafka) and must leave nothing behind.
        PreboundSockets sockets = new PreboundSockets();
        int port;
        int controllerPort;
        try {
            port = sockets.bind(BROKER_LISTENER, "port", host, options.port());
            controllerPort = sockets.bind(CONTROLLER_LISTENER, "controller port", host, options.controllerPort());
        } catch (RuntimeException e) {
            sockets.close();
            throw e;
        }

        boolean tempDir = options.dataDir() == null;
        Path dataDir = null;
        DataDirLock lock = null;
        ControllerServer controller = null;
        BrokerServer broker = null;
        try {
            dataDir = tempDir
                    ? Files.createTempDirectory("drugwatch-kafka-")
                    : Files.createDirectories(options.dataDir().toAbsolutePath());
            lock = DataDirLock.acquire(dataDir);
            Path logDir = dataDir.resolve(LOG_DIR_NAME);
            Map<String, Object> props = brokerProperties(host, port, controllerPort, logDir, options);
            KafkaConfig config = new KafkaConfig(props, false);
            boolean formatted = formatIfNeeded(config, logDir);

            Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
                    KafkaRaftServer.initializeLogDirs(config, log, "[EmbeddedKafka] ");
            String clusterId = dirs._1().clusterId().orElseThrow();
            Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, clusterId);
            NonTerminatingFaultHandlers faults = new NonTerminatingFaultHandlers();
            SharedServer shared = new SharedServer(
                    config,
                    dirs._1(),
                    Time.SYSTEM,
                    metrics,
                    CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(
                            config.quorumConfig().voters())),
                    QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                    faults,
                    sockets);
            controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
            broker = new BrokerServer(shared);
            // the controller first, so the raft layer knows the controller endpoints (as KafkaRaftServer does)
            controller.startup();
            broker.startup();

            EmbeddedKafka kafka = new EmbeddedKafka(
                    host, port, controllerPort, dataDir, tempDir, clusterId, sockets, lock, faults, controller, broker);
            log.info(
                    "embedded Kafka {} on {} ({}cluster {}, data {}) started in {} ms",
                    NODE_ID,
                    kafka.bootstrapServers(),
                    formatted ? "new " : "",
                    clusterId,
                    dataDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return kafka;
        } catch (Exception | Error e) {
            stopQuietly(broker, controller);
            sockets.close();
            if (lock != null) {
                lock.close();
            }
            if (tempDir && dataDir != null) {
                Directories.deleteQuietly(dataDir);
            }
            if (e instanceof EmbeddedKafkaException ek) {
                throw ek;
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new EmbeddedKafkaException(
                    "embedded Kafka on " + hostPort(host, port) + " failed to start: " + rootMessage(e), e);
        }
    }

    /** {@code host:port} for Kafka clients. */
    public String bootstrapServers() {
        return hostPort(host, port);
    }

    public String host() {
        return host;
    }

    /** The client port; the actual one when the options asked for port 0. */
    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Cluster id, kept in {@code meta.properties}: the same on every start on one data directory. */
    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The first fatal fault Kafka reported (raft, controller or metadata loading), if any. A real broker
     * would halt the process; this one logs at ERROR and keeps running, degraded, until closed.
     */
    public Optional<RuntimeException> firstFatalFault() {
        return faults.firstFatalFault();
    }

    /** {@link #createTopics(Collection, Duration)} with a 30 s timeout. */
    public void createTopics(Collection<NewTopic> topics) {
        createTopics(topics, DEFAULT_TOPIC_TIMEOUT);
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are, even if their
     * partition count differs: that is logged), then waits until every partition of every given topic
     * has a leader visible through {@code Admin.describeTopics} and that leader answers offset lookups.
     * Producing before that can lose the first batch (KAFKA-15591). A topic without a partition count
     * gets the broker's default partitions.
     *
     * @throws EmbeddedKafkaException if a topic cannot be created (invalid name, config, ...) or is not
     *                                ready within the timeout
     */
    public void createTopics(Collection<NewTopic> topics, Duration timeout) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(timeout, "timeout");
        ensureOpen();
        if (topics.isEmpty()) {
            return;
        }
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        topics.forEach(t -> wanted.put(t.name(), t));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.values().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                for (Map.Entry<String, KafkaFuture<Void>> created :
                        admin.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new EmbeddedKafkaException(
                                    "cannot create topic " + created.getKey() + ": " + rootMessage(e), e.getCause());
                        }
                    }
                }
                log.debug(
                        "created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
            Map<String, TopicDescription> ready =
                    TopicAdmin.awaitLeaders(admin, wanted.keySet(), Duration.ofMillis(remainingMs(deadline)));
            ready.forEach((name, description) ->
                    warnOnPartitionMismatch(wanted.get(name), description, existing.contains(name)));
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new EmbeddedKafkaException(e.getMessage(), e.getCause());
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("cannot list topics: " + rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while creating topics " + wanted.keySet(), e);
        }
    }

    private static void warnOnPartitionMismatch(NewTopic wanted, TopicDescription actual, boolean existed) {
        int asked = wanted.numPartitions();
        if (existed && asked > 0 && asked != actual.partitions().size()) {
            log.warn(
                    "topic {} already exists with {} partitions, not the {} asked for; left as it is",
                    wanted.name(),
                    actual.partitions().size(),
                    asked);
        }
    }

    /** Shuts the broker down cleanly (controlled shutdown, logs flushed) and waits until it has stopped. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        stopQuietly(broker, controller);
        sockets.close();
        dataDirLock.close();
        if (deleteDataDirOnClose) {
            Directories.deleteQuietly(dataDir);
        }
        log.info(
                "embedded Kafka on {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("embedded Kafka on " + bootstrapServers() + " is closed");
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return config;
    }

    /** The broker configuration: a single node on a small (2-core) machine. */
    static Map<String, Object> brokerProperties(
            String host, int port, int controllerPort, Path logDir, Options options) {
        Map<String, Object> p = new LinkedHashMap<>();
        // -- identity and listeners ------------------------------------------------------------
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put(
                "listeners",
                BROKER_LISTENER + "://" + hostPort(host, port) + "," + CONTROLLER_LISTENER + "://"
                        + hostPort(host, controllerPort));
        p.put("advertised.listeners", BROKER_LISTENER + "://" + hostPort(host, port));
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        // Static single-voter quorum (kraft.version 0): the voter endpoint lives in this config, not in
        // the metadata log, so a restart on the same data directory may get another free controller port.
        p.put("controller.quorum.voters", NODE_ID + "@" + hostPort(host, controllerPort));
        // metadata.log.dir defaults to the first log dir, so the metadata log sits beside the data
        p.put("log.dirs", logDir.toString());

        // -- one node: every replication factor and min ISR is 1 -------------------------------
        // Internal topics default to RF 3 / min ISR 2; with one broker the consumer-offsets topic could
        // not be created (no consumer group would ever get a coordinator) and transactional producers,
        // hence Kafka Streams exactly_once_v2, would fail with NOT_ENOUGH_REPLICAS.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each by default: hundreds of files and seconds of work when the first group
        // or transaction appears, for no benefit on one node with a handful of clients.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("num.partitions", String.valueOf(options.defaultPartitions()));

        // -- fast start-up and rebalances --------------------------------------------------------
        // Default 3 s: every new consumer group (each Streams start) would wait that long for members
        // that never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Give up rather than hang forever if the node cannot catch up with its own metadata.
        p.put("server.max.startup.time.ms", "60000");

        // -- small thread pools and memory for a 2-core machine --------------------------------
        p.put("num.network.threads", "2"); // default 3
        p.put("num.io.threads", "2"); // default 8
        p.put("background.threads", "2"); // default 10
        p.put("num.recovery.threads.per.data.dir", "1"); // default 2
        p.put("group.coordinator.threads", "1"); // default 4
        p.put("log.cleaner.threads", "1");
        // The cleaner allocates this buffer on the heap up front: 128 MiB by default. 2 MiB still
        // compacts the small changelog and reference topics of a demo (Kafka's test kit does the same).
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        // -- timestamps and retention: back-filled history must be accepted and kept ---------
        // Records keep the producer's timestamp (event time), which the Streams windows rely on.
        p.put("log.message.timestamp.type", "CreateTime");
        // Accept any age: history back-filled 90 days (and more) must not be rejected.
        p.put("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
        // Kafka's default, stated on purpose: a record stamped more than an hour ahead of the broker
        // clock is rejected, so a bad producer clock cannot drag stream time (and window closing) ahead.
        p.put("log.message.timestamp.after.max.ms", "3600000");
        // Time retention compares record timestamps with the wall clock, so with the default 7 days a
        // back-filled segment would be deleted minutes after it was written. Topics that set their own
        // retention.ms (Streams windowed changelogs) still use it.
        p.put("log.retention.ms", "-1");

        // -- explicit topics ---------------------------------------------------------------------
        // Producing to a missing topic must fail, not silently create it with default partitions and
        // without the leader wait of createTopics (KAFKA-15591).
        p.put("auto.create.topics.enable", "false");

        p.putAll(options.brokerProperties());
        return p;
    }

    /** Formats the log directory unless it already holds {@code meta.properties}; true if it formatted. */
    private static boolean formatIfNeeded(KafkaConfig config, Path logDir) throws Exception {
        if (Files.isRegularFile(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out) // it prints to stdout by default
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(logDir.toString()))
                    // static voters in the config, so no --standalone snapshot; kraft.version 0
                    .setHasDynamicQuorum(false)
                    .run();
        }
        log.debug(
                "formatted {}: {}",
                logDir,
                output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }

    private static void stopQuietly(BrokerServer broker, ControllerServer controller) {
        // broker first: its controlled shutdown needs the controller (as in KafkaRaftServer.shutdown)
        if (broker != null) {
            try {
                broker.shutdown(SHUTDOWN_TIMEOUT);
                broker.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("embedded Kafka broker did not shut down cleanly", e);
            }
        }
        if (controller != null) {
            try {
                controller.shutdown();
                controller.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("embedded Kafka controller did not shut down cleanly", e);
            }
        }
    }

    private static void requireConcreteAddress(String host) {
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                throw new IllegalArgumentException("host " + host + " is a wildcard address; clients need a concrete "
                        + "address to connect to, e.g. 127.0.0.1");
            }
        } catch (UnknownHostException e) {
            throw new EmbeddedKafkaException("unknown host " + host, e);
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null && t.getCause() != null) {
            message = t.getCause().toString();
        }
        return message == null
                ? t.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
