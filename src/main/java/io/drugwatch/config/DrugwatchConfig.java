package io.drugwatch.config;

import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.domain.EventType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole configuration of drugwatch, typed. Defaults live only in {@link #SETTINGS}; every key
 * that is not a drugwatch or registry setting is handed to the Kafka clients unchanged (so SASL,
 * SSL and any producer/consumer/streams tuning pass through).
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

    public static final List<Setting> SETTINGS;

    static {
        List<Setting> s = new java.util.ArrayList<>(List.of(
                new Setting(
                        APPLICATION_ID,
                        "drugwatch",
                        "Kafka Streams application id: consumer group, state directory and internal topic prefix."),
                new Setting(BOOTSTRAP_SERVERS, "127.0.0.1:9092", "Kafka brokers to connect to."),
                new Setting(
                        PROCESSING_GUARANTEE,
                        "exactly_once_v2",
                        "Kafka Streams processing guarantee; exactly-once keeps restarts from counting twice."),
                new Setting(
                        "processing.exception.handler",
                        "io.drugwatch.topology.ProcessingErrorHandler",
                        "Kafka Streams: a record whose processing throws goes to dead-letters as PROCESSING_ERROR;"
                                + " an outage or a failed store fails the stream thread instead (docs/processing.md)."),
                new Setting(
                        "processing.exception.handler.global.enabled",
                        "true",
                        "Kafka Streams: apply the processing exception handler to the global counties store too"
                                + " (the default from Kafka 5.0; set here to silence Kafka's warning)."),
                new Setting(
                        "num.stream.threads",
                        "2",
                        "Kafka Streams threads per instance; one per core. Two ran the pipeline 12-38% faster"
                                + " than one on a 2-core machine (docs/performance.md)."),
                new Setting(
                        "statestore.cache.max.bytes",
                        "104857600",
                        "Heap for Kafka Streams' store caches (100 MiB, shared by the stream threads): repeated updates"
                                + " of a pane or window meet in the cache instead of RocksDB and the changelogs."
                                + " 100 MiB instead of Kafka's 10 MiB cut CPU per event by a quarter (docs/performance.md)."),
                new Setting(
                        "commit.interval.ms",
                        "300",
                        "How often Kafka Streams commits: a transaction under exactly-once, and when the caches"
                                + " flush. 300 ms instead of Kafka's 100 ms ran the pipeline 13-27% faster; an alert"
                                + " is readable about 0.25 s after its event instead of 0.1 s (docs/performance.md)."),
                new Setting(
                        "topology.optimization",
                        "all",
                        "Kafka Streams optimizations; 'all' reuses county-indicators as the changelog of the table"
                                + " the roll-ups read, one write less per county window (docs/performance.md)."),
                new Setting(
                        REGISTRY_URL,
                        "http://127.0.0.1:8081",
                        "Confluent-compatible schema registry; mock://<scope> is an in-memory registry for tests."),
                new Setting(
                        REGISTRY_AUTO_REGISTER,
                        "true",
                        "Register our schemas on first use; when false they must already be registered."),
                new Setting(REGISTRY_BASIC_AUTH, "", "user:password for registry basic auth; empty for none."),
                new Setting(TIME_ZONE, "Asia/Shanghai", "Zone whose local midnights bound the daily windows."),
                new Setting(
                        GRACE,
                        "PT48H",
                        "How long after a local day ends records for it are still counted (ISO-8601 duration)."),
                new Setting(DEDUP_HORIZON, "P14D", "How long an eventId is remembered to drop re-sent events."),
                new Setting(
                        COUNTY_CODE_PATTERN,
                        "^[1-9][0-9]{5}$",
                        "Regular expression county codes must match (GB/T 2260 six digits by default)."),
                new Setting(EARLIEST_DATE, "2000-01-01", "Events that occurred before this local date are rejected."),
                new Setting(
                        MAX_FUTURE,
                        "PT24H",
                        "Events that occurred more than this after the record was produced are rejected."),
                new Setting(
                        UPDATE_INTERVAL,
                        "PT1S",
                        "Wall-clock interval at which changed open windows are published (final=false)."),
                new Setting(
                        IDLE_ADVANCE_AFTER,
                        "PT5M",
                        "When a partition has had no input this long, its stream time moves on with the wall clock so"
                                + " quiet counties' windows still close; PT0S turns this off (deterministic replay)."),
                new Setting(
                        MAX_INPUT_RECORD_BYTES,
                        "65536",
                        "Input records whose key plus value are larger than this many bytes go to dead-letters"
                                + " (RECORD_TOO_LARGE) without being decoded."),
                new Setting(
                        STATE_STORES,
                        "rocksdb",
                        "Where the stores drugwatch builds itself (panes, days, event ids, clock, alert state,"
                                + " counties) keep their data: 'rocksdb' (on disk) or 'in-memory' (on the heap, restored"
                                + " from the changelogs in full at every start). The roll-ups' stores follow Kafka's"
                                + " dsl.store.suppliers.class. replay sets in-memory (docs/performance.md)."),
                new Setting(
                        INDICATORS_PARTITIONING,
                        "county",
                        "How county-indicators is partitioned: 'county' puts a county's windows in the partition of"
                                + " its input events, so one instance answers a query for it; 'window' hashes the"
                                + " whole key, as before 2026-12-05. A deployment whose county-indicators was written"
                                + " by window keeps 'window' until it is rebuilt (docs/processing.md)."),
                new Setting(
                        PARTITIONS,
                        "4",
                        "Partitions of the input and output topics drugwatch creates; inputs must share one count."),
                new Setting(REPLICATION, "1", "Replication factor of the topics drugwatch creates (3 in production)."),
                new Setting(
                        INPUT_RETENTION,
                        "P7D",
                        "Retention of the input topics, counted from arrival (they use LogAppendTime)."),
                new Setting(
                        INDICATORS_RETENTION,
                        "P400D",
                        "How long county-indicators keeps a window after it ends (compacted, then deleted)."),
                new Setting(DEAD_LETTERS_RETENTION, "P30D", "Retention of dead-letters, counted from arrival."),
                new Setting(
                        HTTP_HOST,
                        "127.0.0.1",
                        "Address the HTTP API and dashboard listen on; loopback unless you open it on purpose."),
                new Setting(HTTP_PORT, "8080", "Port of the HTTP API and dashboard; 0 picks a free one."),
                new Setting(
                        HTTP_TOKEN,
                        "",
                        "If set, every HTTP request but /health needs 'Authorization: Bearer <token>'."),
                new Setting(
                        THREAD_FAILURES_MAX,
                        "3",
                        "The instance shuts down at this many non-retriable stream thread failures within"
                                + " drugwatch.thread.failures.window; before that, and for outages, the thread is replaced."),
                new Setting(
                        THREAD_FAILURES_WINDOW,
                        "PT10M",
                        "The window in which non-retriable stream thread failures are counted."),
                new Setting(
                        SHUTDOWN_TIMEOUT,
                        "PT30S",
                        "How long Kafka Streams may take to close on SIGTERM or Ctrl-C (commit, write its state"
                                + " checkpoints, leave the group)."),
                new Setting(
                        OPEN_ALERTS_FORGET_AFTER,
                        "PT24H",
                        "How long (in event time) a resolved alert stays in alerts-open before a tombstone removes it."),
                new Setting(
                        ALERTS_RETENTION,
                        "P400D",
                        "Retention of alerts, alerts-critical and alerts-warning, counted from arrival.")));
        for (String topic : TOPICS) {
            s.add(new Setting(TOPIC_PREFIX + topic, topic, "Name of the " + topic + " topic."));
        }
        SETTINGS = List.copyOf(s);
    }

    private final Map<String, String> values;

    private DrugwatchConfig(Map<String, String> values) {
        this.values = values;
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
            if ((key.startsWith("drugwatch.") || key.startsWith("schema.registry.")) && !isKnown(key)) {
                throw new ConfigException("unknown setting '" + key + "'" + suggestion(key));
            }
            merged.put(key, Objects.requireNonNull(e.getValue(), key).trim());
        }
        DrugwatchConfig config = new DrugwatchConfig(merged);
        config.validate();
        return config;
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

    private static boolean isKnown(String key) {
        return SETTINGS.stream().anyMatch(s -> s.key().equals(key));
    }

    private static String suggestion(String key) {
        String best = Closest.to(key, SETTINGS.stream().map(Setting::key).toList());
        return best != null && Closest.editDistance(key, best) <= 4 ? " (did you mean '" + best + "'?)" : "";
    }

    private void validate() {
        timeZone();
        grace();
        dedupHorizon();
        countyCodePattern();
        earliestDate();
        maxFuture();
        updateInterval();
        idleAdvanceAfter();
        maxInputRecordBytes();
        inMemoryStores();
        indicatorsByCounty();
        bool(REGISTRY_AUTO_REGISTER);
        partitions();
        replicationFactor();
        inputRetention();
        indicatorsRetention();
        deadLettersRetention();
        alertsRetention();
        openAlertsForgetAfter();
        httpPort();
        threadFailuresMax();
        threadFailuresWindow();
        shutdownTimeout();
        try {
            alertSettings();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (string(APPLICATION_ID).isEmpty()) {
            throw new ConfigException(APPLICATION_ID + " must not be empty");
        }
        if (!registryUrl().matches("^(mock|http|https)://.+")) {
            throw new ConfigException(
                    REGISTRY_URL + " must start with http://, https:// or mock://, got '" + registryUrl() + "'");
        }
        if (dedupHorizon().compareTo(grace().plusDays(1)) < 0) {
            throw new ConfigException(DEDUP_HORIZON + " (" + dedupHorizon() + ") must cover a day plus " + GRACE + " ("
                    + grace() + "), or re-sent events of an open day could count twice");
        }
        for (String topic : TOPICS) {
            if (topic(topic).isEmpty()) {
                throw new ConfigException(TOPIC_PREFIX + topic + " must not be empty");
            }
        }
    }

    private String string(String key) {
        return values.getOrDefault(key, "");
    }

    private Duration duration(String key, boolean allowZero) {
        try {
            Duration d = Duration.parse(string(key));
            if (d.isNegative() || (!allowZero && d.isZero())) {
                throw new ConfigException(
                        key + " must be " + (allowZero ? "zero or positive" : "positive") + ", got " + string(key));
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    key + " must be an ISO-8601 duration such as PT48H or P14D, got '" + string(key) + "'");
        }
    }

    private boolean bool(String key) {
        String v = string(key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigException(key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    public String applicationId() {
        return string(APPLICATION_ID);
    }

    public String bootstrapServers() {
        return string(BOOTSTRAP_SERVERS);
    }

    public String registryUrl() {
        return string(REGISTRY_URL);
    }

    public boolean autoRegisterSchemas() {
        return bool(REGISTRY_AUTO_REGISTER);
    }

    /** user:password, or empty. */
    public String registryBasicAuth() {
        return string(REGISTRY_BASIC_AUTH);
    }

    public ZoneId timeZone() {
        try {
            return ZoneId.of(string(TIME_ZONE));
        } catch (DateTimeException e) {
            throw new ConfigException(TIME_ZONE + " is not a time zone id: '" + string(TIME_ZONE) + "'");
        }
    }

    public Duration grace() {
        return duration(GRACE, true);
    }

    public Duration dedupHorizon() {
        return duration(DEDUP_HORIZON, false);
    }

    public Pattern countyCodePattern() {
        try {
            return Pattern.compile(string(COUNTY_CODE_PATTERN));
        } catch (PatternSyntaxException e) {
            throw new ConfigException(COUNTY_CODE_PATTERN + " is not a regular expression: " + e.getDescription());
        }
    }

    public LocalDate earliestDate() {
        try {
            return LocalDate.parse(string(EARLIEST_DATE));
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    EARLIEST_DATE + " must be a date yyyy-MM-dd, got '" + string(EARLIEST_DATE) + "'");
        }
    }

    public Duration maxFuture() {
        return duration(MAX_FUTURE, true);
    }

    public Duration updateInterval() {
        return duration(UPDATE_INTERVAL, false);
    }

    /** Kafka Streams' {@code commit.interval.ms}: how often it commits, and so how often the bench's floor commits. */
    public Duration commitInterval() {
        return Duration.ofMillis(positiveInt(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    /** Zero when stream time may only be moved by records. */
    public Duration idleAdvanceAfter() {
        return duration(IDLE_ADVANCE_AFTER, true);
    }

    /** The largest input record (key plus value bytes) that is decoded; larger ones are dead-lettered. */
    public int maxInputRecordBytes() {
        return positiveInt(MAX_INPUT_RECORD_BYTES);
    }

    /** Whether the Processor-API stores keep their data on the heap ({@value #STATE_STORES}=in-memory). */
    public boolean inMemoryStores() {
        String v = string(STATE_STORES);
        if (v.equals("in-memory")) {
            return true;
        } else if (v.equals("rocksdb")) {
            return false;
        }
        throw new ConfigException(STATE_STORES + " must be rocksdb or in-memory, got '" + v + "'");
    }

    /** Whether county-indicators is partitioned by county ({@value #INDICATORS_PARTITIONING}=county). */
    public boolean indicatorsByCounty() {
        String v = string(INDICATORS_PARTITIONING);
        if (v.equals("county")) {
            return true;
        } else if (v.equals("window")) {
            return false;
        }
        throw new ConfigException(INDICATORS_PARTITIONING + " must be county or window, got '" + v + "'");
    }

    public int partitions() {
        return positiveInt(PARTITIONS);
    }

    public short replicationFactor() {
        int rf = positiveInt(REPLICATION);
        if (rf > Short.MAX_VALUE) {
            throw new ConfigException(REPLICATION + " is too large: " + rf);
        }
        return (short) rf;
    }

    public Duration inputRetention() {
        return duration(INPUT_RETENTION, false);
    }

    public Duration indicatorsRetention() {
        return duration(INDICATORS_RETENTION, false);
    }

    public Duration deadLettersRetention() {
        return duration(DEAD_LETTERS_RETENTION, false);
    }

    public String httpHost() {
        return string(HTTP_HOST);
    }

    public int httpPort() {
        try {
            int port = Integer.parseInt(string(HTTP_PORT));
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(HTTP_PORT + " must be a port number, got '" + string(HTTP_PORT) + "'");
        }
    }

    /** The bearer token the HTTP API requires, or empty for none. */
    public String httpToken() {
        return string(HTTP_TOKEN);
    }

    /** Non-retriable stream thread failures within {@link #threadFailuresWindow()} at which the instance shuts down. */
    public int threadFailuresMax() {
        return positiveInt(THREAD_FAILURES_MAX);
    }

    public Duration threadFailuresWindow() {
        return duration(THREAD_FAILURES_WINDOW, false);
    }

    /** How long Kafka Streams may take to close. */
    public Duration shutdownTimeout() {
        return duration(SHUTDOWN_TIMEOUT, false);
    }

    public Duration openAlertsForgetAfter() {
        return duration(OPEN_ALERTS_FORGET_AFTER, true);
    }

    /** The alert rules' settings: every {@value #ALERT_PREFIX} key, with per-county overrides. */
    public AlertSettings alertSettings() {
        Map<String, String> alert = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(ALERT_PREFIX)) {
                alert.put(k, v);
            }
        });
        return AlertSettings.from(alert);
    }

    public Duration alertsRetention() {
        return duration(ALERTS_RETENTION, false);
    }

    private int positiveInt(String key) {
        try {
            int v = Integer.parseInt(string(key));
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a positive whole number, got '" + string(key) + "'");
        }
    }

    /** The configured name of a logical topic from {@link #TOPICS}. */
    public String topic(String logicalName) {
        if (!TOPICS.contains(logicalName)) {
            throw new IllegalArgumentException("no such topic: " + logicalName);
        }
        return string(TOPIC_PREFIX + logicalName);
    }

    /**
     * Every setting meant for the Kafka clients: all keys except drugwatch's and the registry's, but
     * the dead-letters topic, which the processing exception handler reads from the streams config.
     * Unless set, {@code application.server} is this instance's HTTP address, so other instances can
     * forward queries to it; with a wildcard http host, set it to an address the others can reach.
     */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> kafka = new LinkedHashMap<>();
        if (httpPort() != 0) {
            kafka.put("application.server", httpHost() + ":" + httpPort());
        }
        values.forEach((k, v) -> {
            if (!k.startsWith("drugwatch.") && !k.startsWith("schema.registry.") && !k.startsWith(ALERT_PREFIX)) {
                kafka.put(k, v);
            }
        });
        kafka.put(TOPIC_PREFIX + "dead-letters", topic("dead-letters"));
        return kafka;
    }

    /** All effective settings, for logging at start-up; secrets are masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) && !v.isEmpty() ? "********" : v));
        return out;
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password")
                || k.contains("jaas")
                || k.contains("secret")
                || k.contains("user.info")
                || k.contains("token");
    }
}
