package io.drugwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Severity;
import io.drugwatch.topology.StoreNames;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The HTTP API of a running pipeline: health, readiness and metrics, JSON queries of indicators,
 * regions and alerts, and a server-sent-event stream of updates. See docs/api.md.
 */
public final class DrugwatchApi implements AutoCloseable {

    private final ApiServer server;
    private final SseBroadcaster events;
    private final MetricsEndpoint metrics;

    private DrugwatchApi(ApiServer server, SseBroadcaster events, MetricsEndpoint metrics) {
        this.server = server;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * @throws HttpPortInUseException when the configured port is taken
     */
    public static DrugwatchApi start(DrugwatchConfig config, KafkaStreams streams) {
        return start(config, streams, streams::metrics);
    }

    /**
     * @param metrics Kafka Streams' metrics and any others of the pipeline: {@code /metrics} reports
     *                drugwatch's own from here, next to the JVM's and Kafka Streams'
     * @throws HttpPortInUseException when the configured port is taken
     */
    public static DrugwatchApi start(
            DrugwatchConfig config,
            KafkaStreams streams,
            Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        ObjectMapper json = new ObjectMapper();
        return start(
                config,
                json,
                new IndicatorQueries(streams),
                new ScatterGather(streams, ScatterGather.self(config.kafkaProperties()), config.httpToken(), json),
                () -> readiness(streams, metrics),
                new MetricsEndpoint(streams, metrics));
    }

    /**
     * The API over stores outside a running pipeline (the API benchmark): this instance alone, always
     * ready, without {@code /metrics}.
     */
    public static DrugwatchApi start(DrugwatchConfig config, IndicatorQueries.Stores stores) {
        ObjectMapper json = new ObjectMapper();
        return start(
                config,
                json,
                new IndicatorQueries(stores),
                new ScatterGather(null, Optional.empty(), config.httpToken(), json),
                () -> new ReadyState(true, "RUNNING", Map.of()),
                null);
    }

    private static DrugwatchApi start(
            DrugwatchConfig config,
            ObjectMapper json,
            IndicatorQueries queries,
            ScatterGather all,
            Supplier<ReadyState> readiness,
            MetricsEndpoint meters) {
        HttpLimits limits = HttpLimits.of(config);
        SseBroadcaster events = new SseBroadcaster(
                json, SseBroadcaster.DEFAULT_HEARTBEAT, SseBroadcaster.DEFAULT_QUEUE_CAPACITY, limits.streams());
        ApiServer server = new ApiServer(config.httpHost(), config.httpPort(), json).limits(limits);
        if (!config.httpToken().isEmpty()) {
            server.bearerToken(config.httpToken());
        }
        HealthChecks.register(server, readiness);
        if (meters != null) {
            server.route("GET", "/metrics", meters.handler());
        }
        server.route("GET", "/api/stream", events.handler());
        // the national list scans every county: heavy, so that it never queues cheap requests. A part
        // forwarded by another instance is not queued again: that instance already holds a heavy thread
        // for it, and two instances each waiting on the other's queue would stall until the timeout.
        Predicate<Request> heavyHere = r -> !all.forwarded(r);
        server.heavyRoute("GET", "/api/counties", heavyHere, r -> {
            int windowDays = windowDays(r);
            OptionalLong since = since(r);
            long asOf = System.currentTimeMillis();
            String next = Long.toString(asOf - SINCE_OVERLAP_MS);
            if (all.alone(r)) {
                return Response.bytes(
                                200,
                                "application/json",
                                queries.currentJson(windowDays, r.query("province"), r.query("prefecture"), since))
                        .header(NEXT_SINCE_HEADER, next);
            }
            return sorted(
                            all.gather(
                                    r,
                                    () -> records(queries.current(
                                            windowDays, r.query("province"), r.query("prefecture"), since))),
                            "countyCode")
                    .header(NEXT_SINCE_HEADER, next);
        });
        server.route("GET", "/api/counties/{code}/series", r -> {
            LocalDate to = date(r, "to").orElse(LocalDate.now(config.timeZone()));
            LocalDate from = date(r, "from").orElse(to.minusDays(27));
            checkSeriesSpan(from, to);
            String code = r.pathParam("code");
            Supplier<List<? extends JsonNode>> local = () -> records(queries.series(code, windowDays(r), from, to));
            return sorted(
                    config.indicatorsByCounty()
                            ? all.owner(r, StoreNames.COUNTY_WINDOWS, code, local)
                            : all.gather(r, local),
                    "endDate");
        });
        server.route(
                "GET",
                "/api/counties/{code}/coverage",
                r -> all
                        .owner(
                                r,
                                StoreNames.ALERT_COVERAGE,
                                r.pathParam("code"),
                                () -> queries.coverage(r.pathParam("code")))
                        .stream()
                        .findFirst()
                        .map(Response::json)
                        .orElseThrow(() -> new ApiException(
                                404, "no alert rule has judged county " + r.pathParam("code") + " yet")));
        server.route(
                "GET",
                "/api/alerts",
                r -> sorted(
                        all.gather(
                                r,
                                () -> records(queries.openAlerts(
                                        r.query("severity").map(s -> parse(Severity.class, "severity", s)),
                                        r.query("region")))),
                        "alertId"));
        server.route(
                "GET",
                "/api/alerts/{alertId}",
                r -> all
                        .gather(
                                r,
                                () -> records(queries.alert(r.pathParam("alertId")).stream()
                                        .toList()))
                        .stream()
                        .findFirst()
                        .map(Response::json)
                        .orElseThrow(
                                () -> new ApiException(404, "no alert " + r.pathParam("alertId") + " in alerts-open")));
        server.route(
                "GET",
                "/api/alerts/{alertId}/history",
                r -> sorted(
                        all.gather(r, () -> records(queries.alertHistory(r.pathParam("alertId")))),
                        "updatedAt",
                        "status"));
        server.heavyRoute(
                "GET",
                "/api/regions",
                heavyHere,
                r -> sorted(
                        all.gather(
                                r,
                                () -> records(queries.regions(
                                        parse(
                                                        RegionLevel.class,
                                                        "level",
                                                        r.query("level").orElse("PROVINCE")),
                                                windowDays(r),
                                        r.query("region"), date(r, "endDate")))),
                        "regionCode",
                        "endDate"));
        server.staticFiles("web");
        try {
            return new DrugwatchApi(server.start(), events, meters);
        } catch (RuntimeException e) {
            if (meters != null) {
                meters.close();
            }
            throw e;
        }
    }

    /** Records a restoring store may still be behind its changelog while the answers count as current. */
    static final long READY_MAX_STORE_LAG = 10_000;

    /**
     * Ready when RUNNING and every local store has caught up with its changelog. Catching up (ready, but
     * more than {@link InputLag#CATCHING_UP} records behind on the input) is said in the details, so a
     * dashboard shows that instead of an empty or partial table.
     */
    private static ReadyState readiness(
            KafkaStreams streams, Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new ReadyState(false, state.name(), Map.of());
        }
        long maxLag = streams.allLocalStorePartitionLags().values().stream()
                .flatMap(byPartition -> byPartition.values().stream())
                .mapToLong(org.apache.kafka.streams.LagInfo::offsetLag)
                .max()
                .orElse(0);
        long inputLag = InputLag.of(metrics.get());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxStoreLag", maxLag);
        details.put("inputLag", inputLag);
        details.put("catchingUp", maxLag > READY_MAX_STORE_LAG || inputLag > InputLag.CATCHING_UP);
        return new ReadyState(maxLag <= READY_MAX_STORE_LAG, state.name(), details);
    }

    /** Sent with every county list: the {@code since} to poll with next. */
    static final String NEXT_SINCE_HEADER = "Drugwatch-Next-Since";

    /**
     * How far the next {@code since} reaches back before the answer was read: a window is stamped on the
     * stream thread a little before it can be read, and instances' clocks differ a little.
     */
    static final long SINCE_OVERLAP_MS = 5_000;

    /** {@code since}: epoch milliseconds, or an ISO-8601 instant such as 2026-12-06T04:00:00Z. */
    private static OptionalLong since(Request r) {
        Optional<String> v = r.query("since");
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            String s = v.get();
            return OptionalLong.of(
                    !s.isEmpty() && s.chars().allMatch(Character::isDigit)
                            ? Long.parseLong(s)
                            : Instant.parse(s).toEpochMilli());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ApiException(
                    400,
                    "since must be epoch milliseconds or an instant like 2026-12-06T04:00:00Z, got '" + v.get() + "'");
        }
    }

    /** Publishes a record to the live event stream ("indicator", "region" or "alert"). */
    public void publish(String event, SpecificRecord record) {
        events.publish(event, AvroJson.toJson(record));
    }

    public String url() {
        return server.url();
    }

    private static int windowDays(Request r) {
        String v = r.query("windowDays").orElse("7");
        if (!List.of("1", "7", "28").contains(v)) {
            throw new ApiException(400, "windowDays must be 1, 7 or 28, got '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    /** The most days one series request may span: the default retention of county-indicators. */
    static final int MAX_SERIES_DAYS = 400;

    private static void checkSeriesSpan(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new ApiException(400, "from (" + from + ") is after to (" + to + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_SERIES_DAYS) {
            throw new ApiException(400, "a series spans at most " + MAX_SERIES_DAYS + " days, asked for " + days);
        }
    }

    private static Optional<LocalDate> date(Request r, String name) {
        try {
            return r.query(name).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    400,
                    name + " must be a date yyyy-MM-dd, got '" + r.query(name).orElse("") + "'");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    400, name + " must be one of " + List.of(type.getEnumConstants()) + ", got '" + value + "'");
        }
    }

    private static List<ObjectNode> records(List<? extends SpecificRecord> records) {
        return records.stream().map(AvroJson::toJson).toList();
    }

    /** Answers merged from several instances, in a stable order. */
    private static Response sorted(List<JsonNode> nodes, String... fields) {
        Comparator<JsonNode> order = Comparator.comparing(n -> n.path(fields[0]).asText());
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            order = order.thenComparing(n -> n.path(field).asText());
        }
        return Response.json(nodes.stream().sorted(order).toList());
    }

    @Override
    public void close() {
        events.close();
        server.close();
        if (metrics != null) {
            metrics.close();
        }
    }
}
