package io.drugwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.api.DrugwatchApi;
import io.drugwatch.api.IndicatorQueries;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.DailyPane;
import io.drugwatch.domain.Indicators;
import io.drugwatch.domain.StoreKeys;
import io.drugwatch.domain.WindowCalendar;
import io.drugwatch.domain.WindowSizes;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.Directories;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.state.ExpiringWindowsStore;
import io.drugwatch.state.LatestWindow;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import io.drugwatch.topology.StoreNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The HTTP API under load on a store filled with years of county windows ({@code bench --api}). The
 * production topology runs in a TopologyTestDriver whose stores are filled through the real store code
 * (the DSL's county-window table with its expiry, county-latest-windows with its serde) with synthetic
 * windows for every bundled county, size and day; the real API serves them over HTTP on loopback, and
 * 1, 16 and 64 clients with keep-alive send a mix of heavy requests (the national county list) and
 * light ones ({@code /health}, {@code /api/alerts}, a county's series, a {@code since} poll).
 */
public final class ApiBench {

    /** What a client asks for; each client draws one at random per request. */
    enum Kind {
        NATIONAL_LIST,
        HEALTH,
        ALERTS,
        SERIES,
        SINCE_POLL
    }

    public record Settings(int days, int counties, int seconds, List<Integer> clients) {}

    private final Settings settings;
    private final Consumer<String> out;

    public ApiBench(Settings settings, Consumer<String> out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        DrugwatchConfig config = DrugwatchConfig.defaults()
                .with(Map.of(
                        DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID(),
                        DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S",
                        DrugwatchConfig.HTTP_PORT, "0",
                        // the fill writes the stores directly: with a cache, its flush would feed them to the roll-ups
                        StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0"));
        Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
        Path state = Files.createTempDirectory("drugwatch-api-bench");
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        List<County> counties = CountyReference.bundled().subList(0, Math.min(settings.counties(), 2848));
        LocalDate end = LocalDate.parse("2026-12-05");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IndicatorsTopology.build(config, topics), props, Instant.parse("2026-12-06T00:00:00Z"))) {
            Topic<String, County> countyTopic = topics.counties();
            var countyInput = driver.createInputTopic(
                    countyTopic.name(),
                    countyTopic.keySerde().serializer(),
                    countyTopic.valueSerde().serializer());
            counties.forEach(c -> countyInput.pipeInput(c.getCode(), c, Instant.EPOCH));
            long started = System.nanoTime();
            long windows = fill(driver, config, counties, end);
            out.accept(String.format(
                    Locale.ROOT,
                    "%d days of history: filled the %,d windows the stores keep of them (%d counties x %d sizes x"
                            + " %d days) in %.0f s",
                    settings.days(),
                    windows,
                    counties.size(),
                    WindowSizes.ALL.size(),
                    windows / counties.size() / WindowSizes.ALL.size(),
                    (System.nanoTime() - started) / 1e9));
            // looked up once: the driver warns on every lookup of a timestamped store this way
            Map<String, ReadOnlyKeyValueStore<String, ?>> looked = new ConcurrentHashMap<>();
            IndicatorQueries.Stores stores = new IndicatorQueries.Stores() {
                @Override
                @SuppressWarnings("unchecked")
                public <V> ReadOnlyKeyValueStore<String, V> keyValue(String name) {
                    return (ReadOnlyKeyValueStore<String, V>) looked.computeIfAbsent(name, driver::getKeyValueStore);
                }
            };
            serverTime(new IndicatorQueries(stores), counties.size());
            try (DrugwatchApi api = DrugwatchApi.start(config, stores)) {
                out.accept("| clients | request | share | requests/s | p50 ms | p99 ms |");
                out.accept("|---|---|---|---|---|---|");
                for (int clients : settings.clients()) {
                    load(api.url(), clients, counties, end);
                }
            }
        } finally {
            Directories.deleteQuietly(state);
        }
    }

    /** Every county's windows of every size ending on each of the days, and the newest of each as its latest. */
    private long fill(TopologyTestDriver driver, DrugwatchConfig config, List<County> counties, LocalDate end) {
        WindowCalendar calendar = new WindowCalendar(config.timeZone(), config.grace());
        KeyValueStore<String, CountyIndicators> table = driver.getKeyValueStore(StoreNames.COUNTY_WINDOWS);
        KeyValueStore<String, LatestWindow> latest = driver.getKeyValueStore(StoreNames.COUNTY_LATEST);
        SplittableRandom random = new SplittableRandom(16);
        long n = 0;
        // Older windows than these the table's expiry deletes (processing.md, Retention): filling them only
        // to see them swept would take most of the time of a run.
        long kept = Math.min(
                settings.days(), config.indicatorsRetention().toDays() + ExpiringWindowsStore.SWEEP_EVERY_DAYS);
        for (LocalDate day = end.minusDays(kept - 1L); !day.isAfter(end); day = day.plusDays(1)) {
            for (County c : counties) {
                for (int size : WindowSizes.ALL) {
                    DailyPane pane = new DailyPane();
                    pane.addArrest(Offense.USE, 1 + random.nextInt(size * 3), false);
                    CountyIndicators w =
                            Indicators.of(c.getCode(), c, calendar.window(size, day), pane, !day.equals(end));
                    table.put(StoreKeys.CountyWindows.key(c.getCode(), size, day), w);
                    if (day.equals(end)) {
                        latest.put(StoreKeys.CountyLatest.key(size, c.getCode()), LatestWindow.of(0, w));
                    }
                    n++;
                }
            }
        }
        return n;
    }

    /** The national list's cost in the server, without HTTP: the store read and its JSON, median of 50. */
    private void serverTime(IndicatorQueries queries, int counties) throws Exception {
        ObjectMapper json = new ObjectMapper();
        double[] ms = new double[60];
        int bytes = 0;
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            byte[] list = queries.currentJson(7, Optional.empty(), Optional.empty(), OptionalLong.empty());
            ms[i] = (System.nanoTime() - t) / 1e6;
            bytes = list.length;
            if (i == 0 && json.readTree(list).size() != counties) {
                throw new IllegalStateException("the list does not have every county");
            }
        }
        double[] measured = Arrays.copyOfRange(ms, 10, ms.length);
        Arrays.sort(measured);
        out.accept(String.format(
                Locale.ROOT,
                "national list (windowDays=7, %d counties, %,d bytes of JSON) in the server without HTTP: "
                        + "median %.1f ms, max %.1f ms of 50",
                counties,
                bytes,
                measured[measured.length / 2],
                measured[measured.length - 1]));
    }

    private void load(String url, int clients, List<County> counties, LocalDate end) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + settings.seconds() * 1_000_000_000L;
        List<Future<Map<Kind, List<Double>>>> results = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long seed = i;
            results.add(pool.submit(() -> client(url, seed, deadline, counties, end)));
        }
        Map<Kind, List<Double>> all = new EnumMap<>(Kind.class);
        for (Future<Map<Kind, List<Double>>> f : results) {
            f.get()
                    .forEach((k, v) ->
                            all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        pool.shutdown();
        long total = all.values().stream().mapToLong(List::size).sum();
        for (Kind k : Kind.values()) {
            List<Double> v = all.getOrDefault(k, List.of());
            double[] sorted =
                    v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.accept(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.0f%% | %.1f | %s | %s |",
                    clients,
                    k.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    100.0 * v.size() / Math.max(1, total),
                    v.size() / (double) settings.seconds(),
                    sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", sorted[sorted.length / 2]),
                    sorted.length == 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%.1f", sorted[(int) Math.floor(0.99 * (sorted.length - 1))])));
        }
    }

    /** One keep-alive client: a request at a time, a fifth of them the national list. */
    private static Map<Kind, List<Double>> client(
            String url, long seed, long deadline, List<County> counties, LocalDate end) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom random = new SplittableRandom(seed);
        Map<Kind, List<Double>> latencies = new EnumMap<>(Kind.class);
        Kind[] kinds = Kind.values();
        while (System.nanoTime() < deadline) {
            Kind kind = kinds[random.nextInt(kinds.length)];
            String path = switch (kind) {
                case NATIONAL_LIST -> "/api/counties?windowDays=7";
                case HEALTH -> "/health";
                case ALERTS -> "/api/alerts";
                case SERIES ->
                    "/api/counties/"
                            + counties.get(random.nextInt(counties.size())).getCode()
                            + "/series?windowDays=7&from=" + end.minusDays(27) + "&to=" + end;
                case SINCE_POLL -> "/api/counties?windowDays=7&since=" + System.currentTimeMillis();
            };
            long t = System.nanoTime();
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            double ms = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add(ms);
        }
        return latencies;
    }
}
