package io.drugwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.api.DrugwatchApi;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.DrugType;
import io.drugwatch.model.Offense;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.SeizureSource;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.testing.RepoFiles;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard (deploy/grafana/dashboards/drugwatch.json) queries is on
 * {@code /metrics} of a running pipeline that has accepted, deduplicated, dead-lettered and alerted,
 * served as {@code run} serves it (the pipeline's metrics, behind the bearer token).
 */
class GrafanaDashboardIntegrationTest {

    private static final Path DASHBOARD = RepoFiles.path("deploy/grafana/dashboards/drugwatch.json");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String TOKEN = "dashboard-test-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static Topics topics;
    private static PipelineRunner runner;
    private static DrugwatchApi api;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = cluster.settings(dir.resolve("state"));
        settings.put(DrugwatchConfig.HTTP_PORT, "0");
        settings.put(DrugwatchConfig.HTTP_TOKEN, TOKEN);
        DrugwatchConfig config = DrugwatchConfig.of(settings);
        topics = cluster.topics(config);
        cluster.createTopics(config);
        runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
        api = DrugwatchApi.start(config, runner.streams(), runner::metrics);
        runner.start();
        assertThat(runner.awaitRunning(KafkaClusterExtension.WAIT)).isTrue();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    /** The metric names of every query of every panel, rows' panels included. */
    static Set<String> dashboardMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        new ObjectMapper()
                .readTree(DASHBOARD.toFile())
                .findValues("targets")
                .forEach(targets -> targets.forEach(target ->
                        names.addAll(PromQl.metricNames(target.path("expr").asText()))));
        return names;
    }

    private static <V extends SpecificRecord> void send(Topic<String, V> topic, String key, V value) {
        cluster.send(
                topic,
                List.of(new ProducerRecord<>(topic.name(), null, Instant.now().toEpochMilli(), key, value)));
    }

    private static Arrest arrest(String eventId, int daysAgo) {
        return Arrest.newBuilder()
                .setEventId(eventId)
                .setCountyCode("530621")
                .setOffense(Offense.USE)
                .setSuspects(1)
                .setOccurredAt(LocalDate.now(ZONE)
                        .minusDays(daysAgo)
                        .atTime(9, 0)
                        .atZone(ZONE)
                        .toInstant())
                .build();
    }

    private static HttpResponse<String> metrics(String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(api.url() + "/metrics")).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the samples in a text-format scrape: a histogram's {@code _sum}, {@code _count} and all. */
    private static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    @Test
    void everyMetricTheDashboardQueriesIsScraped() throws Exception {
        Set<String> wanted = dashboardMetrics();
        assertThat(wanted)
                .contains(
                        "drugwatch_accepted_total",
                        "drugwatch_duplicates_total",
                        "drugwatch_late_total",
                        "drugwatch_dead_letters_total",
                        "drugwatch_alerts_total",
                        "drugwatch_end_to_end_lag_max_ms",
                        "kafka_stream_thread_process_rate",
                        "kafka_stream_thread_commit_latency_avg",
                        "jvm_memory_used_bytes",
                        "jvm_gc_pause_seconds_sum");
        assertThat(metrics().statusCode()).as("/metrics without the token").isEqualTo(401);

        // accepted, the same event again (a duplicate), a day long closed (late, a dead letter), and a
        // seizure large enough to open an alert; one county, so one task and one stream time
        send(topics.input(EventType.ARREST), "530621", arrest("dash-1", 1));
        send(topics.input(EventType.ARREST), "530621", arrest("dash-1", 1));
        send(topics.input(EventType.ARREST), "530621", arrest("dash-late", 10));
        send(
                topics.input(EventType.SEIZURE),
                "530621",
                Seizure.newBuilder()
                        .setEventId("dash-big")
                        .setCountyCode("530621")
                        .setDrugType(DrugType.METHAMPHETAMINE)
                        .setQuantityGrams(12_500)
                        .setSource(SeizureSource.CHECKPOINT)
                        .setOccurredAt(LocalDate.now(ZONE)
                                .minusDays(1)
                                .atTime(14, 30)
                                .atZone(ZONE)
                                .toInstant())
                        .build());
        // GC pauses are timed from the first collection after start-up: ask for one rather than wait
        System.gc();

        Awaitility.await("every metric of the dashboard on /metrics")
                .atMost(KafkaClusterExtension.WAIT)
                .pollInterval(Duration.ofMillis(500))
                .pollInSameThread()
                .untilAsserted(() -> {
                    HttpResponse<String> scrape = metrics("Authorization", "Bearer " + TOKEN);
                    assertThat(scrape.statusCode()).isEqualTo(200);
                    assertThat(sampleNames(scrape.body()))
                            .as("metrics on /metrics")
                            .containsAll(wanted);
                    assertThat(scrape.body())
                            .contains(
                                    "# TYPE drugwatch_accepted_total counter\n",
                                    "# TYPE drugwatch_dead_letters_total counter\n",
                                    "# TYPE drugwatch_end_to_end_lag_max_ms gauge\n");
                });
    }
}
