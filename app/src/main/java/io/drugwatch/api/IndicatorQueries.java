package io.drugwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drugwatch.alerting.Coverage;
import io.drugwatch.alerting.CoverageCodec;
import io.drugwatch.domain.RegionTotals;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Alert;
import io.drugwatch.model.AlertStatus;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.RegionIndicators;
import io.drugwatch.model.RegionLevel;
import io.drugwatch.model.Severity;
import io.drugwatch.state.LatestWindow;
import io.drugwatch.state.StoreRanges;
import io.drugwatch.topology.StoreNames;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the pipeline's state stores for the HTTP API (Kafka Streams interactive queries): the
 * latest county windows, a county's series, the alerts in alerts-open, and the regional totals.
 * These are the stores of this instance; with several instances each answers for its partitions.
 */
public final class IndicatorQueries {

    /** The local stores by name: Kafka Streams' interactive queries, or any stores in tests and benchmarks. */
    @FunctionalInterface
    public interface Stores {
        <V> ReadOnlyKeyValueStore<String, V> keyValue(String name);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stores stores;
    /** Each listed window's JSON by county-latest-windows key, for as long as that version is the latest. */
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    public IndicatorQueries(KafkaStreams streams) {
        this(new Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValue(String name) {
                try {
                    return streams.store(
                            StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
                } catch (InvalidStateStoreException e) {
                    throw new ApiException(
                            503, "store " + name + " is not ready yet (" + streams.state() + "); try again shortly");
                }
            }
        });
    }

    public IndicatorQueries(Stores stores) {
        this.stores = stores;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return stores.keyValue(name);
    }

    /**
     * The latest window of each county for {@code windowDays}, optionally within a province or prefecture,
     * and only those that changed after {@code since} (epoch ms of the pipeline's clock). One scan of
     * county-latest-windows, one entry per county, whatever the days of history kept.
     */
    public List<CountyIndicators> current(
            int windowDays, Optional<String> province, Optional<String> prefecture, OptionalLong since) {
        List<CountyIndicators> out = new ArrayList<>();
        scanCurrent(windowDays, province, prefecture, since, (key, latest) -> out.add(latest.window()));
        return out;
    }

    /**
     * {@link #current} as the JSON array the API sends, in county code order. Each window's JSON is
     * rendered once per version and kept (a few MB for every county and size), so a list is mostly a copy
     * of bytes: decoding and rendering 2,848 windows took most of the time of a national list.
     */
    public byte[] currentJson(
            int windowDays, Optional<String> province, Optional<String> prefecture, OptionalLong since) {
        List<Rendered> rows = new ArrayList<>();
        scanCurrent(windowDays, province, prefecture, since, (key, latest) -> {
            Rendered r = rendered.get(key);
            if (r == null || r.updatedAt() != latest.updatedAt() || !r.endDate().equals(latest.endDate())) {
                r = new Rendered(
                        StoreKeys.CountyLatest.county(key),
                        latest.updatedAt(),
                        latest.endDate(),
                        toJson(latest.window()));
                rendered.put(key, r);
            }
            rows.add(r);
        });
        // several partitions' stores are each in key order, not all together
        rows.sort(Comparator.comparing(Rendered::county));
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                2 + rows.stream().mapToInt(r -> r.json().length + 1).sum());
        out.write('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(rows.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }

    private record Rendered(String county, long updatedAt, LocalDate endDate, byte[] json) {}

    private static byte[] toJson(CountyIndicators window) {
        try {
            return JSON.writeValueAsBytes(AvroJson.toJson(window));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a county window did not render as JSON", e);
        }
    }

    private void scanCurrent(
            int windowDays,
            Optional<String> province,
            Optional<String> prefecture,
            OptionalLong since,
            BiConsumer<String, LatestWindow> each) {
        ReadOnlyKeyValueStore<String, LatestWindow> latest = store(StoreNames.COUNTY_LATEST);
        ReadOnlyKeyValueStore<String, County> counties =
                province.isPresent() || prefecture.isPresent() ? store(StoreNames.COUNTIES) : null;
        try (KeyValueIterator<String, LatestWindow> it =
                StoreRanges.scan(latest, StoreKeys.CountyLatest.of(windowDays))) {
            while (it.hasNext()) {
                KeyValue<String, LatestWindow> e = it.next();
                if (e.value == null || since.isPresent() && e.value.updatedAt() <= since.getAsLong()) {
                    continue;
                }
                if (counties != null) {
                    County c = counties.get(StoreKeys.CountyLatest.county(e.key));
                    if (c == null
                            || province.isPresent() && !province.get().equals(c.getProvinceCode())
                            || prefecture.isPresent() && !prefecture.get().equals(c.getPrefectureCode())) {
                        continue;
                    }
                }
                each.accept(e.key, e.value);
            }
        }
    }

    /** One county's windows of {@code windowDays} ending from {@code from} to {@code to}, oldest first. */
    public List<CountyIndicators> series(String county, int windowDays, LocalDate from, LocalDate to) {
        ReadOnlyKeyValueStore<String, CountyIndicators> windows = store(StoreNames.COUNTY_WINDOWS);
        List<CountyIndicators> out = new ArrayList<>();
        try (KeyValueIterator<String, CountyIndicators> it =
                StoreRanges.scan(windows, StoreKeys.CountyWindows.between(county, windowDays, from, to))) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /** Alerts still OPEN or ESCALATED, optionally of one severity and within a province or prefecture. */
    public List<Alert> openAlerts(Optional<Severity> severity, Optional<String> region) {
        ReadOnlyKeyValueStore<String, Alert> open = store(StoreNames.OPEN_ALERTS);
        ReadOnlyKeyValueStore<String, County> counties = store(StoreNames.COUNTIES);
        Predicate<Alert> inRegion = a -> region.isEmpty()
                || region.get().equals(a.getCountyCode())
                || Optional.ofNullable(counties.get(a.getCountyCode()))
                        .map(c -> region.get().equals(c.getPrefectureCode())
                                || region.get().equals(c.getProvinceCode()))
                        .orElse(false);
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = open.all()) {
            while (it.hasNext()) {
                Alert a = it.next().value;
                if (a.getStatus() != AlertStatus.RESOLVED
                        && severity.map(s -> s == a.getSeverity()).orElse(true)
                        && inRegion.test(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The current state of one alert, if it is still in alerts-open. */
    public Optional<Alert> alert(String alertId) {
        ReadOnlyKeyValueStore<String, Alert> open = store(StoreNames.OPEN_ALERTS);
        return Optional.ofNullable(open.get(alertId));
    }

    /** Every state change of an alert still in alerts-open, oldest first. */
    public List<Alert> alertHistory(String alertId) {
        ReadOnlyKeyValueStore<String, Alert> history = store(StoreNames.ALERT_HISTORY);
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = StoreRanges.scan(history, StoreKeys.AlertHistory.of(alertId))) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /**
     * What each alert rule could judge for a county on its latest closed day: JUDGED, or INSUFFICIENT_DATA
     * with the reason. Empty when this instance does not hold the county.
     */
    public List<ObjectNode> coverage(String county) {
        ReadOnlyKeyValueStore<String, byte[]> coverage = store(StoreNames.ALERT_COVERAGE);
        byte[] stored = coverage.get(county);
        if (stored == null) {
            return List.of();
        }
        CoverageCodec.CountyCoverage c = CoverageCodec.decode(stored);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("countyCode", county);
        node.put("day", c.day().toString());
        ArrayNode rules = node.putArray("rules");
        for (Coverage e : c.entries()) {
            ObjectNode r = rules.addObject();
            r.put("rule", e.rule().name());
            r.put("subject", e.subject());
            r.put("status", e.status().name());
            if (e.reason() != null) {
                r.put("reason", e.reason());
            }
        }
        return List.of(node);
    }

    /** Region windows of {@code level} and {@code windowDays}, optionally one region and one end date. */
    public List<RegionIndicators> regions(
            RegionLevel level, int windowDays, Optional<String> regionCode, Optional<LocalDate> endDate) {
        ReadOnlyKeyValueStore<String, RegionTotals> totals = store(level.name().toLowerCase(Locale.ROOT) + "-totals");
        StoreKeys.Range range = regionCode
                .map(c -> StoreKeys.RegionWindows.of(level, c, windowDays))
                .orElseGet(() -> StoreKeys.RegionWindows.of(level));
        List<RegionIndicators> out = new ArrayList<>();
        try (KeyValueIterator<String, RegionTotals> it = StoreRanges.scan(totals, range)) {
            while (it.hasNext()) {
                KeyValue<String, RegionTotals> kv = it.next();
                if (kv.value == null || kv.value.isEmpty()) {
                    continue;
                }
                RegionIndicators r = kv.value.toRecord();
                if (r.getWindowDays() == windowDays
                        && endDate.map(d -> d.toString().equals(r.getEndDate())).orElse(true)) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
