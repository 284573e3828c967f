package io.drugwatch.config;

import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.domain.EventType;
import io.drugwatch.settings.Closest;
import io.drugwatch.settings.Setting;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole configuration of drugwatch, typed and parsed once. Every setting is defined in
 * {@link #DEFINITION}, Kafka's {@link ConfigDef}, with its type, default, check and documentation;
 * docs/configuration.md's table is rendered from it. Every key that is not a drugwatch, registry or
 * alert setting is handed to the Kafka clients unchanged (so SASL, SSL and any producer, consumer or
 * streams tuning pass through).
 */
public final class DrugwatchConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_AUTO_REGISTER = "schema.registry.auto.register.schemas";
    public static final String REGISTRY_BASIC_AUTH = "schema.registry.basic.auth.user.info";
    public static final String TIME_ZONE = "drugwatch.time.zone";
    public static final String GRACE = "drugwatch.grace";
    public static final String DEDUP_HORIZON = "drugwatch.dedup.horizon";
    public static final String COUNTY_CODE_PATTERN = "drugwatch.county.code.pattern";
    public static final String EARLIEST_DATE = "drugwatch.events.earliest.date";
    public static final String MAX_FUTURE = "drugwatch.events.max.future";
    public static final String UPDATE_INTERVAL = "drugwatch.update.interval";
    public static final String IDLE_ADVANCE_AFTER = "drugwatch.idle.advance.after";
    public static final String MAX_INPUT_RECORD_BYTES = "drugwatch.input.max.record.bytes";
    public static final String STATE_STORES = "drugwatch.state.stores";
    public static final String ROCKSDB_MEMORY = "drugwatch.rocksdb.memory.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_RATIO = "drugwatch.rocksdb.write.buffer.ratio";
    public static final String INDICATORS_PARTITIONING = "drugwatch.county-indicators.partitioning";
    public static final String TOPIC_PREFIX = "drugwatch.topic.";
    public static final String PARTITIONS = "drugwatch.topics.partitions";
    public static final String REPLICATION = "drugwatch.topics.replication.factor";
    public static final String INPUT_RETENTION = "drugwatch.topics.input.retention";
    public static final String INDICATORS_RETENTION = "drugwatch.topics.indicators.retention";
    public static final String DEAD_LETTERS_RETENTION = "drugwatch.topics.dead-letters.retention";
    public static final String ALERTS_RETENTION = "drugwatch.topics.alerts.retention";
    public static final String OPEN_ALERTS_FORGET_AFTER = "drugwatch.alerts.open.forget.after";
    public static final String HTTP_HOST = "drugwatch.http.host";
    public static final String HTTP_PORT = "drugwatch.http.port";
    public static final String HTTP_TOKEN = "drugwatch.http.token";
    public static final String HTTP_THREADS = "drugwatch.http.threads";
    public static final String HTTP_HEADER_TIMEOUT = "drugwatch.http.header.timeout";
    public static final String HTTP_CONNECTIONS_PER_ADDRESS = "drugwatch.http.connections.per.address";
    public static final String HTTP_STREAMS_MAX = "drugwatch.http.streams.max";
    public static final String HTTP_HEAVY_CONCURRENCY = "drugwatch.http.heavy.concurrency";
    public static final String HTTP_HEAVY_QUEUE = "drugwatch.http.heavy.queue";
    public static final String THREAD_FAILURES_MAX = "drugwatch.thread.failures.max";
    public static final String THREAD_FAILURES_WINDOW = "drugwatch.thread.failures.window";
    public static final String SHUTDOWN_TIMEOUT = "drugwatch.shutdown.timeout";
    /** Prefix of the alert rule settings, documented by {@link AlertSettings#documented()}. */
    public static final String ALERT_PREFIX = "alert.";

    /** Logical topic names: the part after {@link #TOPIC_PREFIX}. The inputs' come from {@link EventType}. */
    public static final List<String> TOPICS = Stream.concat(
                    EventType.inputs().stream(),
                    Stream.of(
                            "counties",
                            "county-indicators",
                            "region-indicators",
                            "dead-letters",
                            "alerts",
                            "alerts-critical",
                            "alerts-warning",
                            "alerts-open"))
            .toList();

    /** Every setting: its key, type, default, check, importance and documentation (Markdown). */
    public static final ConfigDef DEFINITION = definition();

    /** The settings as documented: key, default as text, documentation; in definition order. */
    public static final List<Setting> SETTINGS = DEFINITION.configKeys().values().stream()
            .map(k -> new Setting(k.name, defaultText(k), k.documentation))
            .toList();

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(
                        APPLICATION_ID,
                        Type.STRING,
                        "drugwatch",
                        new ConfigDef.NonEmptyString(),
                        Importance.HIGH,
                        "Kafka Streams application id: consumer group, state directory and internal topic prefix.")
                .define(
                        BOOTSTRAP_SERVERS,
                        Type.STRING,
                        "127.0.0.1:9092",
                        new ConfigDef.NonEmptyString(),
                        Importance.HIGH,
                        "Kafka brokers to connect to.")
                .define(
                        PROCESSING_GUARANTEE,
                        Type.STRING,
                        "exactly_once_v2",
                        null,
                        Importance.MEDIUM,
                        "Kafka Streams processing guarantee; exactly-once keeps a crash and restart from counting an event twice. Needs a transaction log replication factor the cluster can meet.")
                .define(
                        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                        Type.INT,
                        2,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Kafka Streams threads per instance; one per core. Two ran the pipeline 12-38% faster than one on a 2-core machine ([performance.md](performance.md)).")
                .define(
                        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG,
                        Type.LONG,
                        104857600,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Heap for Kafka Streams' store caches (100 MiB, shared by the stream threads): repeated updates of a pane or window meet in the cache instead of RocksDB and the changelogs. 100 MiB instead of Kafka's 10 MiB cut CPU per event by a quarter ([performance.md](performance.md)).")
                .define(
                        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                        Type.INT,
                        300,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "How often Kafka Streams commits: a transaction under exactly-once, and when the caches flush. 300 ms instead of Kafka's 100 ms ran the pipeline 13-27% faster; an alert is readable about 0.25 s after its event instead of 0.1 s ([performance.md](performance.md)).")
                .define(
                        StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG,
                        Type.STRING,
                        "all",
                        null,
                        Importance.LOW,
                        "Kafka Streams optimizations; `all` reuses `county-indicators` as the changelog of the table the roll-ups read, one write less per county window ([performance.md](performance.md)).")
                .define(
                        StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                        Type.STRING,
                        "io.drugwatch.state.ExpiringDslStoreSuppliers",
                        null,
                        Importance.LOW,
                        "The stores of the roll-ups (the county-window table and the region totals): Kafka's RocksDB stores that let a window go once `drugwatch.topics.indicators.retention` has passed since it ended, as the topics do ([processing.md](processing.md#retention)). Another class (Kafka's own, say) keeps every window forever.")
                .define(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        Type.STRING,
                        "io.drugwatch.topology.ProcessingErrorHandler",
                        null,
                        Importance.LOW,
                        "Kafka Streams' processing exception handler: a record whose processing throws goes to `dead-letters` as `PROCESSING_ERROR` and the pipeline goes on; an outage, a failed store or a refusing registry fails the stream thread instead ([processing.md](processing.md#failures)).")
                .define(
                        "processing.exception.handler.global.enabled",
                        Type.STRING,
                        "true",
                        null,
                        Importance.LOW,
                        "Kafka Streams: apply the processing exception handler to the global counties store too (the default from Kafka 5.0; set here to silence Kafka's start-up warning).")
                .define(
                        REGISTRY_URL,
                        Type.STRING,
                        "http://127.0.0.1:8081",
                        Checks.registryUrl(),
                        Importance.HIGH,
                        "Confluent-compatible schema registry; `mock://<scope>` is an in-memory registry for tests.")
                .define(
                        REGISTRY_AUTO_REGISTER,
                        Type.BOOLEAN,
                        true,
                        null,
                        Importance.MEDIUM,
                        "Register our schemas on first use; when false they must already be registered.")
                .define(
                        REGISTRY_BASIC_AUTH,
                        Type.PASSWORD,
                        "",
                        null,
                        Importance.MEDIUM,
                        "`user:password` for registry basic auth.")
                .define(
                        TIME_ZONE,
                        Type.STRING,
                        "Asia/Shanghai",
                        Checks.timeZone(),
                        Importance.HIGH,
                        "Zone whose local midnights bound the daily windows.")
                .define(
                        GRACE,
                        Type.STRING,
                        "PT48H",
                        Checks.duration(true),
                        Importance.HIGH,
                        "How long after a local day ends records for it are still counted.")
                .define(
                        DEDUP_HORIZON,
                        Type.STRING,
                        "P14D",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "How long an eventId is remembered to drop re-sent events. Must cover a day plus the grace.")
                .define(
                        COUNTY_CODE_PATTERN,
                        Type.STRING,
                        "^[1-9][0-9]{5}$",
                        Checks.regex(),
                        Importance.MEDIUM,
                        "Regular expression county codes must match (GB/T 2260 six digits by default). `\\|` is never allowed.")
                .define(
                        EARLIEST_DATE,
                        Type.STRING,
                        "2000-01-01",
                        Checks.date(),
                        Importance.MEDIUM,
                        "Events that occurred before this local date are rejected.")
                .define(
                        MAX_FUTURE,
                        Type.STRING,
                        "PT24H",
                        Checks.duration(true),
                        Importance.MEDIUM,
                        "Events that occurred more than this after the record was produced (its Kafka timestamp) are rejected.")
                .define(
                        UPDATE_INTERVAL,
                        Type.STRING,
                        "PT1S",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "Wall-clock interval at which changed open windows are published with `final=false`.")
                .define(
                        IDLE_ADVANCE_AFTER,
                        Type.STRING,
                        "PT5M",
                        Checks.duration(true),
                        Importance.MEDIUM,
                        "When a partition has had no input this long, its stream time moves on with the wall clock so quiet counties' windows still close; `PT0S` turns this off (deterministic replay).")
                .define(
                        MAX_INPUT_RECORD_BYTES,
                        Type.INT,
                        65536,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Input records whose key plus value are larger than this many bytes go to `dead-letters` as `RECORD_TOO_LARGE` without being decoded. The broker and client limits are set apart from this: see [security.md](security.md#size-limits).")
                .define(
                        STATE_STORES,
                        Type.STRING,
                        "rocksdb",
                        ConfigDef.ValidString.in("rocksdb", "in-memory"),
                        Importance.MEDIUM,
                        "Where the stores drugwatch builds itself (daily panes, county days, event ids, stream clock, the counties' latest windows, alert state, counties) keep their data: `rocksdb` on disk, or `in-memory` on the heap, restored from the changelogs in full at every start. The roll-ups' stores follow Kafka's `dsl.store.suppliers.class`. `replay` always uses `in-memory` ([performance.md](performance.md#replay)).")
                .define(
                        ROCKSDB_MEMORY,
                        Type.LONG,
                        134217728L,
                        ConfigDef.Range.atLeast(8L << 20),
                        Importance.MEDIUM,
                        "Off-heap memory of all RocksDB stores of the process together (128 MiB): one block cache for every store, partition and segment, which their memtables are charged to as well, so this bounds both. Pipelines in one JVM with the same budget share it. What else a container needs: [operations.md](operations.md#memory).")
                .define(
                        ROCKSDB_WRITE_BUFFER_RATIO,
                        Type.DOUBLE,
                        0.5,
                        ConfigDef.Range.between(0.1, 0.9),
                        Importance.LOW,
                        "Share of `drugwatch.rocksdb.memory.bytes` the memtables of all stores may take together before RocksDB flushes them to disk; the rest caches the blocks read.")
                .define(
                        "rocksdb.config.setter",
                        Type.STRING,
                        "io.drugwatch.state.BoundedRocksDbMemory",
                        null,
                        Importance.LOW,
                        "Kafka Streams' RocksDB config setter; drugwatch's bounds every store by the two settings above. Replace it only with one that bounds memory too.")
                .define(
                        INDICATORS_PARTITIONING,
                        Type.STRING,
                        "county",
                        ConfigDef.ValidString.in("county", "window"),
                        Importance.MEDIUM,
                        "How county-indicators is partitioned: 'county' puts a county's windows in the partition of its input events, so one instance answers a query for it; 'window' hashes the whole key, as before 2026-12-05. A deployment whose county-indicators was written by window keeps 'window' until it is rebuilt ([processing.md](processing.md#regions)).")
                .define(
                        PARTITIONS,
                        Type.INT,
                        4,
                        ConfigDef.Range.atLeast(1),
                        Importance.HIGH,
                        "Partitions of the input and output topics drugwatch creates; the four inputs must share one count (they are read together, partition by partition).")
                .define(
                        REPLICATION,
                        Type.SHORT,
                        (short) 1,
                        ConfigDef.Range.between(1, Short.MAX_VALUE),
                        Importance.HIGH,
                        "Replication factor of the topics drugwatch creates (use 3 in production).")
                .define(
                        INPUT_RETENTION,
                        Type.STRING,
                        "P7D",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "Retention of the input topics, counted from arrival: they use `LogAppendTime`, so back-filled history is not deleted for its old event times.")
                .define(
                        INDICATORS_RETENTION,
                        Type.STRING,
                        "P400D",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "How long `county-indicators` and `region-indicators` keep a window after it ends (compacted, then deleted).")
                .define(
                        DEAD_LETTERS_RETENTION,
                        Type.STRING,
                        "P30D",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "Retention of `dead-letters`, counted from arrival.")
                .define(
                        HTTP_HOST,
                        Type.STRING,
                        "127.0.0.1",
                        null,
                        Importance.MEDIUM,
                        "Address the HTTP API and dashboard listen on; loopback unless you open it on purpose.")
                .define(
                        HTTP_PORT,
                        Type.INT,
                        8080,
                        ConfigDef.Range.between(0, 65_535),
                        Importance.MEDIUM,
                        "Port of the HTTP API and dashboard; 0 picks a free one.")
                .define(
                        HTTP_TOKEN,
                        Type.PASSWORD,
                        "",
                        null,
                        Importance.HIGH,
                        "If set, every HTTP request but `/health` needs `Authorization: Bearer <token>`.")
                .define(
                        HTTP_THREADS,
                        Type.INT,
                        200,
                        ConfigDef.Range.atLeast(16),
                        Importance.LOW,
                        "Most threads of the HTTP server. Connections waiting for their request headers and open event streams hold none ([security.md](security.md#slow-clients)).")
                .define(
                        HTTP_HEADER_TIMEOUT,
                        Type.STRING,
                        "PT10S",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "A connection whose request line and headers are not complete this long after it opened (or after the first byte of a later request on it) is closed, however slowly it keeps sending ([security.md](security.md#slow-clients)).")
                .define(
                        HTTP_CONNECTIONS_PER_ADDRESS,
                        Type.INT,
                        1024,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Connections one client address may hold open at once, event streams included; a further one is closed as soon as it is accepted. Clients behind one proxy or NAT share an address.")
                .define(
                        HTTP_STREAMS_MAX,
                        Type.INT,
                        1000,
                        ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM,
                        "Open event streams (`/api/stream`) beyond which a new one gets 503 with `Retry-After`. A stream costs a socket and a small queue, not a thread ([performance.md](performance.md#http-server)).")
                .define(
                        HTTP_HEAVY_CONCURRENCY,
                        Type.INT,
                        2,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Expensive requests (the county list, regions) that run at once, on threads of their own, so that cheap ones (`/health`, alerts, a county's series) never wait behind them ([api.md](api.md#load)).")
                .define(
                        HTTP_HEAVY_QUEUE,
                        Type.INT,
                        64,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Expensive requests that may wait for one of those threads; beyond, 503 with `Retry-After: 1`.")
                .define(
                        THREAD_FAILURES_MAX,
                        Type.INT,
                        3,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "A stream thread that fails is replaced after 5 s and resumes from its last commit; at this many failures within `drugwatch.thread.failures.window` that are not an outage (a registry or broker that does not answer, which is retried for as long as it lasts), the instance shuts down instead and `run` exits with 1 ([processing.md](processing.md#failures)).")
                .define(
                        THREAD_FAILURES_WINDOW,
                        Type.STRING,
                        "PT10M",
                        Checks.duration(false),
                        Importance.LOW,
                        "The window in which those stream thread failures are counted.")
                .define(
                        SHUTDOWN_TIMEOUT,
                        Type.STRING,
                        "PT30S",
                        Checks.duration(false),
                        Importance.LOW,
                        "How long Kafka Streams may take to close on SIGTERM or Ctrl-C: commit, write the stores' checkpoints (so the next start restores nothing) and leave the consumer group. `run` exits at the latest 10 s after this.")
                .define(
                        OPEN_ALERTS_FORGET_AFTER,
                        Type.STRING,
                        "PT24H",
                        Checks.duration(true),
                        Importance.LOW,
                        "How long (in event time) a resolved alert stays in `alerts-open` before a tombstone removes it.")
                .define(
                        ALERTS_RETENTION,
                        Type.STRING,
                        "P400D",
                        Checks.duration(false),
                        Importance.MEDIUM,
                        "Retention of `alerts`, `alerts-critical` and `alerts-warning`, counted from arrival.");
        for (String topic : TOPICS) {
            def.define(
                    TOPIC_PREFIX + topic,
                    Type.STRING,
                    topic,
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Name of the " + topic + " topic.");
        }
        return def;
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        return value instanceof Password p ? p.value() : ConfigDef.convertToString(value, key.type);
    }

    /** The given settings merged over the defaults, as text: what {@link #with} starts from and Kafka is given. */
    private final Map<String, String> values;

    private final String applicationId;
    private final String bootstrapServers;
    private final String registryUrl;
    private final boolean autoRegisterSchemas;
    private final String registryBasicAuth;
    private final ZoneId timeZone;
    private final Duration grace;
    private final Duration dedupHorizon;
    private final Pattern countyCodePattern;
    private final LocalDate earliestDate;
    private final Duration maxFuture;
    private final Duration updateInterval;
    private final Duration commitInterval;
    private final Duration idleAdvanceAfter;
    private final int maxInputRecordBytes;
    private final boolean inMemoryStores;
    private final boolean indicatorsByCounty;
    private final int partitions;
    private final short replicationFactor;
    private final Duration inputRetention;
    private final Duration indicatorsRetention;
    private final Duration deadLettersRetention;
    private final Duration alertsRetention;
    private final Duration openAlertsForgetAfter;
    private final String httpHost;
    private final int httpPort;
    private final String httpToken;
    private final int httpThreads;
    private final Duration httpHeaderTimeout;
    private final int httpConnectionsPerAddress;
    private final int httpStreamsMax;
    private final int httpHeavyConcurrency;
    private final int httpHeavyQueue;
    private final int threadFailuresMax;
    private final Duration threadFailuresWindow;
    private final Duration shutdownTimeout;
    private final Map<String, String> topics;
    private final AlertSettings alertSettings;
    private final Map<String, Object> kafkaProperties;

    private DrugwatchConfig(Map<String, String> values) {
        this.values = values;
        AbstractConfig parsed;
        try {
            parsed = new AbstractConfig(DEFINITION, values, false);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        applicationId = parsed.getString(APPLICATION_ID);
        bootstrapServers = parsed.getString(BOOTSTRAP_SERVERS);
        registryUrl = parsed.getString(REGISTRY_URL);
        autoRegisterSchemas = parsed.getBoolean(REGISTRY_AUTO_REGISTER);
        registryBasicAuth = parsed.getPassword(REGISTRY_BASIC_AUTH).value();
        timeZone = ZoneId.of(parsed.getString(TIME_ZONE));
        grace = Duration.parse(parsed.getString(GRACE));
        dedupHorizon = Duration.parse(parsed.getString(DEDUP_HORIZON));
        countyCodePattern = Pattern.compile(parsed.getString(COUNTY_CODE_PATTERN));
        earliestDate = LocalDate.parse(parsed.getString(EARLIEST_DATE));
        maxFuture = Duration.parse(parsed.getString(MAX_FUTURE));
        updateInterval = Duration.parse(parsed.getString(UPDATE_INTERVAL));
        commitInterval = Duration.ofMillis(parsed.getInt(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        idleAdvanceAfter = Duration.parse(parsed.getString(IDLE_ADVANCE_AFTER));
        maxInputRecordBytes = parsed.getInt(MAX_INPUT_RECORD_BYTES);
        inMemoryStores = parsed.getString(STATE_STORES).equals("in-memory");
        indicatorsByCounty = parsed.getString(INDICATORS_PARTITIONING).equals("county");
        partitions = parsed.getInt(PARTITIONS);
        replicationFactor = parsed.getShort(REPLICATION);
        inputRetention = Duration.parse(parsed.getString(INPUT_RETENTION));
        indicatorsRetention = Duration.parse(parsed.getString(INDICATORS_RETENTION));
        deadLettersRetention = Duration.parse(parsed.getString(DEAD_LETTERS_RETENTION));
        alertsRetention = Duration.parse(parsed.getString(ALERTS_RETENTION));
        openAlertsForgetAfter = Duration.parse(parsed.getString(OPEN_ALERTS_FORGET_AFTER));
        httpHost = parsed.getString(HTTP_HOST);
        httpPort = parsed.getInt(HTTP_PORT);
        httpToken = parsed.getPassword(HTTP_TOKEN).value();
        httpThreads = parsed.getInt(HTTP_THREADS);
        httpHeaderTimeout = Duration.parse(parsed.getString(HTTP_HEADER_TIMEOUT));
        httpConnectionsPerAddress = parsed.getInt(HTTP_CONNECTIONS_PER_ADDRESS);
        httpStreamsMax = parsed.getInt(HTTP_STREAMS_MAX);
        httpHeavyConcurrency = parsed.getInt(HTTP_HEAVY_CONCURRENCY);
        httpHeavyQueue = parsed.getInt(HTTP_HEAVY_QUEUE);
        threadFailuresMax = parsed.getInt(THREAD_FAILURES_MAX);
        threadFailuresWindow = Duration.parse(parsed.getString(THREAD_FAILURES_WINDOW));
        shutdownTimeout = Duration.parse(parsed.getString(SHUTDOWN_TIMEOUT));
        Map<String, String> names = new LinkedHashMap<>();
        for (String topic : TOPICS) {
            names.put(topic, parsed.getString(TOPIC_PREFIX + topic));
        }
        topics = Map.copyOf(names);
        if (dedupHorizon.compareTo(grace.plusDays(1)) < 0) {
            throw new ConfigException(DEDUP_HORIZON + " (" + dedupHorizon + ") must cover a day plus " + GRACE + " ("
                    + grace + "), or re-sent events of an open day could count twice");
        }
        alertSettings = parseAlertSettings(values);
        kafkaProperties = kafkaProperties(values, httpHost, httpPort, topics.get("dead-letters"));
    }

    private static AlertSettings parseAlertSettings(Map<String, String> values) {
        Map<String, String> alert = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(ALERT_PREFIX)) {
                alert.put(k, v);
            }
        });
        try {
            return AlertSettings.from(alert);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Every setting meant for the Kafka clients: all keys except drugwatch's, the registry's and the
     * alerts', but the dead-letters topic, which the processing exception handler reads from the streams
     * config, the RocksDB memory budget, which the RocksDB config setter reads from it, and the indicators'
     * retention, which the roll-ups' store suppliers read. Unless set, {@code application.server} is this instance's HTTP address, so other instances
     * can forward queries to it; with a wildcard http host, set it to an address the others can reach.
     */
    private static Map<String, Object> kafkaProperties(
            Map<String, String> values, String httpHost, int httpPort, String deadLetters) {
        Map<String, Object> kafka = new LinkedHashMap<>();
        if (httpPort != 0) {
            kafka.put("application.server", httpHost + ":" + httpPort);
        }
        values.forEach((k, v) -> {
            if (!k.startsWith("drugwatch.") && !k.startsWith("schema.registry.") && !k.startsWith(ALERT_PREFIX)) {
                kafka.put(k, v);
            }
        });
        kafka.put(TOPIC_PREFIX + "dead-letters", deadLetters);
        // the RocksDB config setter is made by class name and sees only the streams config
        kafka.put(ROCKSDB_MEMORY, values.get(ROCKSDB_MEMORY));
        kafka.put(ROCKSDB_WRITE_BUFFER_RATIO, values.get(ROCKSDB_WRITE_BUFFER_RATIO));
        // read by the roll-ups' store suppliers, which Kafka Streams configures from these properties
        kafka.put(INDICATORS_RETENTION, values.get(INDICATORS_RETENTION));
        return kafka;
    }

    /**
     * @param given settings from files, environment and flags, already merged; missing keys take defaults
     * @throws ConfigException naming the offending key
     */
    public static DrugwatchConfig of(Map<String, String> given) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            merged.put(s.key(), s.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey().trim();
            if ((key.startsWith("drugwatch.") || key.startsWith("schema.registry."))
                    && !DEFINITION.names().contains(key)) {
                throw new ConfigException("unknown setting '" + key + "'" + suggestion(key));
            }
            merged.put(key, Objects.requireNonNull(e.getValue(), key).trim());
        }
        return new DrugwatchConfig(merged);
    }

    public static DrugwatchConfig defaults() {
        return of(Map.of());
    }

    /** A copy with some settings replaced (tests and CLI flags). */
    public DrugwatchConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(overrides);
        return of(copy);
    }

    private static String suggestion(String key) {
        String best = Closest.to(key, DEFINITION.names());
        return best != null && Closest.editDistance(key, best) <= 4 ? " (did you mean '" + best + "'?)" : "";
    }

    public String applicationId() {
        return applicationId;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    /** user:password, or empty. */
    public String registryBasicAuth() {
        return registryBasicAuth;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public Duration grace() {
        return grace;
    }

    public Duration dedupHorizon() {
        return dedupHorizon;
    }

    public Pattern countyCodePattern() {
        return countyCodePattern;
    }

    public LocalDate earliestDate() {
        return earliestDate;
    }

    public Duration maxFuture() {
        return maxFuture;
    }

    public Duration updateInterval() {
        return updateInterval;
    }

    /** Kafka Streams' {@code commit.interval.ms}: how often it commits, and so how often the bench's floor commits. */
    public Duration commitInterval() {
        return commitInterval;
    }

    /** Zero when stream time may only be moved by records. */
    public Duration idleAdvanceAfter() {
        return idleAdvanceAfter;
    }

    /** The largest input record (key plus value bytes) that is decoded; larger ones are dead-lettered. */
    public int maxInputRecordBytes() {
        return maxInputRecordBytes;
    }

    /** Whether the Processor-API stores keep their data on the heap ({@value #STATE_STORES}=in-memory). */
    public boolean inMemoryStores() {
        return inMemoryStores;
    }

    /** Whether county-indicators is partitioned by county ({@value #INDICATORS_PARTITIONING}=county). */
    public boolean indicatorsByCounty() {
        return indicatorsByCounty;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    public Duration inputRetention() {
        return inputRetention;
    }

    public Duration indicatorsRetention() {
        return indicatorsRetention;
    }

    public Duration deadLettersRetention() {
        return deadLettersRetention;
    }

    public String httpHost() {
        return httpHost;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The bearer token the HTTP API requires, or empty for none. */
    public String httpToken() {
        return httpToken;
    }

    public int httpThreads() {
        return httpThreads;
    }

    public Duration httpHeaderTimeout() {
        return httpHeaderTimeout;
    }

    public int httpConnectionsPerAddress() {
        return httpConnectionsPerAddress;
    }

    public int httpStreamsMax() {
        return httpStreamsMax;
    }

    public int httpHeavyConcurrency() {
        return httpHeavyConcurrency;
    }

    public int httpHeavyQueue() {
        return httpHeavyQueue;
    }

    /** Non-retriable stream thread failures within {@link #threadFailuresWindow()} at which the instance shuts down. */
    public int threadFailuresMax() {
        return threadFailuresMax;
    }

    public Duration threadFailuresWindow() {
        return threadFailuresWindow;
    }

    /** How long Kafka Streams may take to close. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public Duration openAlertsForgetAfter() {
        return openAlertsForgetAfter;
    }

    /** The alert rules' settings: every {@value #ALERT_PREFIX} key, with per-county overrides. */
    public AlertSettings alertSettings() {
        return alertSettings;
    }

    public Duration alertsRetention() {
        return alertsRetention;
    }

    /** The configured name of a logical topic from {@link #TOPICS}. */
    public String topic(String logicalName) {
        String name = topics.get(logicalName);
        if (name == null) {
            throw new IllegalArgumentException("no such topic: " + logicalName);
        }
        return name;
    }

    /** Every setting meant for the Kafka clients (a copy the caller may change). */
    public Map<String, Object> kafkaProperties() {
        return new LinkedHashMap<>(kafkaProperties);
    }

    /** All effective settings, for logging at start-up; secrets are masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) && !v.isEmpty() ? "********" : v));
        return out;
    }

    private static boolean isSecret(String key) {
        ConfigDef.ConfigKey defined = DEFINITION.configKeys().get(key);
        if (defined != null && defined.type == Type.PASSWORD) {
            return true;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("jaas")
                || k.contains("secret")
                || k.contains("user.info")
                || k.contains("token");
    }
}
