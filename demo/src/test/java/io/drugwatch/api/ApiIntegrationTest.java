package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.runtime.LiveFeed;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.testing.RepoFiles;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API over a running pipeline on the in-process broker, with the schema registry over HTTP. */
class ApiIntegrationTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static Topics topics;
    private static PipelineRunner runner;
    private static DrugwatchApi api;
    private static LiveFeed feed;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = cluster.settings(dir.resolve("state"));
        settings.put(DrugwatchConfig.HTTP_PORT, "0");
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        topics = cluster.topics(config);
        cluster.createTopics(config);
        runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
        api = DrugwatchApi.start(config, runner.streams());
        feed = new LiveFeed(
                ClientProperties.consumer(config),
                Map.of("alert", topics.alerts(), "indicator", topics.countyIndicators()),
                api::publish);
        runner.start();
        assertThat(runner.awaitRunning(Duration.ofSeconds(60))).isTrue();
        // 鲁甸 (530621, the county of the docs' examples) gets a closed day before any other test sends
        // events: an arrest six days ago, and one three days ago that moves stream time past its close
        // (the day five days ago, used below, stays open). The rules then judge it: /coverage answers.
        for (int daysAgo : new int[] {6, 3}) {
            produce(
                    topics.input(EventType.ARREST),
                    "530621",
                    Arrest.newBuilder()
                            .setEventId("api-cov-" + daysAgo)
                            .setOccurredAt(LocalDate.now(ZONE)
                                    .minusDays(daysAgo)
                                    .atTime(9, 0)
                                    .atZone(ZONE)
                                    .toInstant())
                            .setCountyCode("530621")
                            .setOffense(Offense.USE)
                            .setSuspects(1)
                            .build());
        }
    }

    @AfterAll
    static void stop() {
        // each step guarded: a class that failed half-way closes what it has (the extension stops the broker)
        if (feed != null) {
            feed.close();
        }
        if (api != null) {
            api.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    /** Sends the record and waits until the broker has it. */
    private static <V extends SpecificRecord> void produce(Topic<String, V> topic, String key, V value) {
        cluster.send(topic, List.of(new ProducerRecord<>(topic.name(), key, value)));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(api.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a JSON array endpoint until it answers 200 with an element, or fails after 30 s. */
    private static JsonNode awaitNonEmpty(String path) throws Exception {
        return await(
                path,
                r -> r.statusCode() == 200
                        && JSON.readTree(r.body()).isArray()
                        && !JSON.readTree(r.body()).isEmpty());
    }

    /** Polls a JSON endpoint until it answers 200, or fails after 30 s. */
    private static JsonNode awaitOk(String path) throws Exception {
        return await(path, r -> r.statusCode() == 200);
    }

    private interface Answer {
        boolean done(HttpResponse<String> response) throws Exception;
    }

    /** Polls the endpoint every 200 ms until its answer is done, or fails after 30 s naming the last answer. */
    private static JsonNode await(String path, Answer done) throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Awaitility.await("waiting for " + path)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .pollInSameThread()
                .untilAsserted(() -> {
                    HttpResponse<String> r = get(path);
                    last.set(r);
                    assertThat(done.done(r))
                            .as("%s answered %s %s", path, r.statusCode(), r.body())
                            .isTrue();
                });
        return JSON.readTree(last.get().body());
    }

    /** docs/api.md is for people; every curl example in it must work. */
    @Test
    void everyExampleInTheApiReferenceAnswers() throws Exception {
        String docs = java.nio.file.Files.readString(RepoFiles.path("docs/api.md"), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "curl -sN? '?http://127\\.0\\.0\\.1:8080([^'\\s]+)'?")
                .matcher(docs);
        int examples = 0;
        while (m.find()) {
            String path = m.group(1);
            examples++;
            if (path.startsWith("/api/stream")) {
                HttpResponse<InputStream> sse = HTTP.send(
                        HttpRequest.newBuilder(URI.create(api.url() + path)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(sse.statusCode()).as(path).isEqualTo(200);
                assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                sse.body().close();
                continue;
            }
            if (path.endsWith("/coverage")) { // an object, once the county's first day has closed (start())
                JsonNode coverage = awaitOk(path);
                assertThat(coverage.get("countyCode").asText()).as(path).isEqualTo(path.split("/")[3]);
                assertThat(LocalDate.parse(coverage.get("day").asText()))
                        .as(path)
                        .isBefore(LocalDate.now(ZONE));
                assertThat(coverage.get("rules")).as(path).isNotEmpty().allSatisfy(rule -> {
                    assertThat(rule.get("rule").asText()).isNotEmpty();
                    assertThat(rule.get("subject").asText()).isNotEmpty();
                    assertThat(rule.get("status").asText()).isIn("JUDGED", "INSUFFICIENT_DATA");
                    assertThat(rule.hasNonNull("reason"))
                            .isEqualTo(rule.get("status").asText().equals("INSUFFICIENT_DATA"));
                });
                continue;
            }
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            if (path.startsWith("/api/")) {
                assertThat(JSON.readTree(r.body()).isArray()).as(path).isTrue();
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(10);
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("state").asText()).isEqualTo("RUNNING");
        assertThat(JSON.readTree(ready.body()).get("details").get("maxStoreLag").asLong())
                .isLessThanOrEqualTo(DrugwatchApi.READY_MAX_STORE_LAG);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE")
                .contains("kafka_stream_thread_process_rate")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void aLargeSeizureIsStreamedLiveAndListedAsOpen() throws Exception {
        String county = "532530";
        CompletableFuture<String> alertEvent = new CompletableFuture<>();
        HttpRequest stream = HttpRequest.newBuilder(URI.create(api.url() + "/api/stream?events=alert"))
                .build();
        HttpResponse<InputStream> sse = HTTP.send(stream, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        alertEvent.complete(line.substring(6));
                        return;
                    }
                }
            } catch (Exception e) {
                alertEvent.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        // no wait for the stream: send() returned with the response headers, and the server adds the
        // client to the broadcast before it answers

        Instant t = LocalDate.now(ZONE).minusDays(1).atTime(14, 30).atZone(ZONE).toInstant();
        produce(
                topics.input(EventType.SEIZURE),
                county,
                Seizure.newBuilder()
                        .setEventId("api-big")
                        .setOccurredAt(t)
                        .setCountyCode(county)
                        .setDrugType(DrugType.METHAMPHETAMINE)
                        .setQuantityGrams(12_500)
                        .setSource(SeizureSource.CHECKPOINT)
                        .build());

        JsonNode live = JSON.readTree(alertEvent.get(30, TimeUnit.SECONDS));
        assertThat(live.get("rule").asText()).isEqualTo("LARGE_SEIZURE");
        assertThat(live.get("severity").asText()).isEqualTo("CRITICAL");

        JsonNode open = awaitNonEmpty("/api/alerts?severity=CRITICAL");
        assertThat(open.get(0).get("alertId").asText())
                .isEqualTo(live.get("alertId").asText());
        assertThat(get("/api/alerts/" + live.get("alertId").asText()).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/alerts/nope").statusCode()).isEqualTo(404);
        JsonNode history = JSON.readTree(
                get("/api/alerts/" + live.get("alertId").asText() + "/history").body());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("status").asText()).isEqualTo("OPEN");
    }

    /** One closed day is no baseline: every rule that has something to judge says INSUFFICIENT_DATA, and why. */
    @Test
    void coverageSaysWhatNoRuleCouldJudgeYet() throws Exception {
        JsonNode coverage = awaitOk("/api/counties/530621/coverage");
        assertThat(coverage.get("countyCode").asText()).isEqualTo("530621");
        List<String> rules = new ArrayList<>();
        coverage.get("rules")
                .forEach(r -> rules.add(r.get("rule").asText() + " "
                        + r.get("subject").asText() + " " + r.get("status").asText() + ": "
                        + r.path("reason").asText()));
        assertThat(rules)
                .contains(
                        "COUNT_SPIKE ARREST_EVENTS INSUFFICIENT_DATA: baseline not observed yet",
                        "COUNT_SPIKE SEIZURE_EVENTS INSUFFICIENT_DATA: baseline not observed yet")
                .allSatisfy(r -> assertThat(r).contains(" INSUFFICIENT_DATA: "));

        HttpResponse<String> unknown = get("/api/counties/999999/coverage");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText())
                .isEqualTo("no alert rule has judged county 999999 yet");
    }

    @Test
    void countyIndicatorsAndRegionsAreQueryable() throws Exception {
        String county = "530621";
        produce(
                topics.counties(),
                county,
                County.newBuilder()
                        .setCode(county)
                        .setName("鲁甸县")
                        .setPrefectureCode("530600")
                        .setPrefectureName("昭通市")
                        .setProvinceCode("530000")
                        .setProvinceName("云南省")
                        .setPopulation(398_447L)
                        .setBorder(false)
                        .build());
        KafkaClusterExtension.awaitCounties(runner.streams(), List.of(county));
        LocalDate day = LocalDate.now(ZONE).minusDays(5);
        produce(
                topics.input(EventType.ARREST),
                county,
                Arrest.newBuilder()
                        .setEventId("api-a1")
                        .setOccurredAt(day.atTime(10, 0).atZone(ZONE).toInstant())
                        .setCountyCode(county)
                        .setOffense(Offense.USE)
                        .setSuspects(4)
                        .build());

        JsonNode series = awaitNonEmpty("/api/counties/" + county + "/series?windowDays=1&from=" + day + "&to=" + day);
        assertThat(series.get(0).get("suspects").asLong()).isEqualTo(4);
        JsonNode current = awaitNonEmpty("/api/counties?windowDays=28&prefecture=530600");
        assertThat(current.get(0).get("countyCode").asText()).isEqualTo(county);
        JsonNode regions = awaitNonEmpty("/api/regions?level=PREFECTURE&windowDays=1&region=530600&endDate=" + day);
        assertThat(regions.get(0).get("suspects").asLong()).isEqualTo(4);
        assertThat(regions.get(0).get("regionName").asText()).isEqualTo("昭通市");

        HttpResponse<String> bad = get("/api/counties?windowDays=5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("windowDays must be 1, 7 or 28");
        assertThat(List.of(get("/api/regions?level=COUNTRY").statusCode())).containsExactly(400);
    }
}
