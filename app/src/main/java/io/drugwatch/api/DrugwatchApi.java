package io.drugwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Severity;
import io.drugwatch.topology.StoreNames;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        IndicatorQueries queries = new IndicatorQueries(streams);
        ScatterGather all =
                new ScatterGather(streams, ScatterGather.self(config.kafkaProperties()), config.httpToken(), json);
        HttpLimits limits = HttpLimits.of(config);
        SseBroadcaster events = new SseBroadcaster(
                json, SseBroadcaster.DEFAULT_HEARTBEAT, SseBroadcaster.DEFAULT_QUEUE_CAPACITY, limits.streams());
        ApiServer server = new ApiServer(config.httpHost(), config.httpPort(), json).limits(limits);
        if (!config.httpToken().isEmpty()) {
            server.bearerToken(config.httpToken());
        }
        HealthChecks.register(server, () -> readiness(streams));
        MetricsEndpoint meters = new MetricsEndpoint(streams, metrics);
        server.route("GET", "/metrics", meters.handler());
        server.route("GET", "/api/stream", events.handler());
        // the national list scans every county: heavy, so that it never queues cheap requests
        server.heavyRoute(
                "GET",
                "/api/counties",
                r -> sorted(
                        all.gather(
                                r,
                                () -> records(
                                        queries.current(windowDays(r), r.query("province"), r.query("prefecture")))),
                        "countyCode"));
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
            meters.close();
            throw e;
        }
    }

    /** Records a restoring store may still be behind its changelog while the answers count as current. */
    static final long READY_MAX_STORE_LAG = 10_000;

    /** Ready when RUNNING and every local store has caught up with its changelog. */
    private static ReadyState readiness(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new ReadyState(false, state.name(), Map.of());
        }
        long maxLag = streams.allLocalStorePartitionLags().values().stream()
                .flatMap(byPartition -> byPartition.values().stream())
                .mapToLong(org.apache.kafka.streams.LagInfo::offsetLag)
                .max()
                .orElse(0);
        return new ReadyState(maxLag <= READY_MAX_STORE_LAG, state.name(), Map.of("maxStoreLag", maxLag));
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
        metrics.close();
    }
}
