package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.Offense;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.testing.KafkaClusterExtension;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two instances share the partitions; either answers for all of them. */
class MultiInstanceApiIntegrationTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static Instance a;
    private static Instance b;
    private static List<County> counties;
    private static final List<Integer> inputPartitions = new ArrayList<>();
    /** The partition the producer's default partitioner gave each county's arrests. */
    private static Map<String, Integer> arrestPartition;

    private static String indicatorsTopic;

    private record Instance(PipelineRunner runner, DrugwatchApi api) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            runner.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The settings of an instance, or without a port the test's own (to create the topics and send). */
    private static DrugwatchConfig config(String name, Integer port) {
        Map<String, String> settings = cluster.settings(dir.resolve(name));
        settings.put(DrugwatchConfig.APPLICATION_ID, "drugwatch-multi");
        // the default partition count: enough tasks for both instances
        settings.remove(DrugwatchConfig.PARTITIONS);
        if (port != null) {
            settings.put(DrugwatchConfig.HTTP_PORT, Integer.toString(port));
        }
        return DrugwatchConfig.of(settings);
    }

    /** An instance with a registry client of its own, as a separate process has. */
    private static Instance start(String name, int port) {
        DrugwatchConfig config = config(name, port);
        Topics topics = cluster.topics(config);
        PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
        DrugwatchApi api = DrugwatchApi.start(config, runner.streams());
        runner.start();
        return new Instance(runner, api);
    }

    @BeforeAll
    static void start() throws Exception {
        DrugwatchConfig base = config("producer", null);
        cluster.createTopics(base);
        a = start("a", freePort());
        b = start("b", freePort());

        Topics topics = cluster.topics(base);
        counties = CountyReference.bundled().stream()
                .filter(c -> c.getCode().startsWith("5306"))
                .limit(8)
                .toList();
        LocalDate day = LocalDate.now(ZONE).minusDays(6);
        cluster.send(
                topics.counties(),
                counties.stream()
                        .map(c -> new ProducerRecord<>(topics.counties().name(), c.getCode(), c))
                        .toList());
        awaitBalanced();
        List<ProducerRecord<String, Arrest>> arrests = new ArrayList<>();
        int n = 0;
        for (County c : counties) {
            Instant t = day.atTime(10, 0).atZone(ZONE).toInstant();
            arrests.add(new ProducerRecord<>(
                    topics.input(EventType.ARREST).name(),
                    c.getCode(),
                    Arrest.newBuilder()
                            .setEventId("m" + n++)
                            .setOccurredAt(t)
                            .setCountyCode(c.getCode())
                            .setOffense(Offense.USE)
                            .setSuspects(1)
                            .build()));
            // every task's stream time moves past the day, whichever partitions it owns
            Instant later = day.plusDays(4).atTime(10, 0).atZone(ZONE).toInstant();
            arrests.add(new ProducerRecord<>(
                    topics.input(EventType.ARREST).name(),
                    c.getCode(),
                    Arrest.newBuilder()
                            .setEventId("m" + n++)
                            .setOccurredAt(later)
                            .setCountyCode(c.getCode())
                            .setOffense(Offense.USE)
                            .setSuspects(1)
                            .build()));
        }
        for (RecordMetadata sent : cluster.send(topics.input(EventType.ARREST), arrests)) {
            inputPartitions.add(sent.partition());
        }
        arrestPartition = new java.util.HashMap<>();
        for (int i = 0; i < arrests.size(); i++) {
            arrestPartition.put(arrests.get(i).key(), inputPartitions.get(i));
        }
        indicatorsTopic = base.topic("county-indicators");
    }

    /** Both instances running with partitions of their own. */
    private static void awaitBalanced() {
        Awaitility.await("both instances running with tasks")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> running(a) && running(b) && owns(a) && owns(b));
    }

    private static boolean running(Instance i) {
        return i.runner().streams().state() == KafkaStreams.State.RUNNING;
    }

    private static boolean owns(Instance i) {
        return i.runner().streams().metadataForLocalThreads().stream()
                .anyMatch(t -> !t.activeTasks().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static Set<String> counties(Instance i, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(i.api().url() + "/api/counties?windowDays=1" + query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        Set<String> codes = new HashSet<>();
        StreamSupport.stream(body.spliterator(), false)
                .forEach(n -> codes.add(n.get("countyCode").asText()));
        return codes;
    }

    private static List<JsonNode> series(Instance i, String code, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(i.api().url() + "/api/counties/" + code + "/series?windowDays=7" + query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    private static List<JsonNode> uncheckedSeries(Instance i, String code) {
        try {
            return series(i, code, "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCountysWindowsSitInItsInputsPartitionOnOneInstanceThatAnswersForIt() throws Exception {
        Awaitility.await("every county's 7-day windows")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .pollInSameThread()
                .ignoreExceptions()
                .until(() -> counties.stream()
                        .allMatch(c -> !uncheckedSeries(a, c.getCode()).isEmpty()));
        // 1-, 7- and 28-day windows of several end dates: the window key's own hash would spread them
        for (ConsumerRecord<String, byte[]> r : cluster.readAll(indicatorsTopic, (t, b) -> b, true)) {
            String county = r.key().substring(0, r.key().indexOf('|'));
            assertThat(r.partition())
                    .as("partition of %s, the partition of its arrests", r.key())
                    .isEqualTo(arrestPartition.get(county));
        }
        for (County c : counties) {
            List<JsonNode> onA = series(a, c.getCode(), "&local=true");
            List<JsonNode> onB = series(b, c.getCode(), "&local=true");
            assertThat(onA.isEmpty() ^ onB.isEmpty())
                    .as("%s's windows on exactly one instance: a %s, b %s", c.getCode(), onA.size(), onB.size())
                    .isTrue();
            List<JsonNode> owner = onA.isEmpty() ? onB : onA;
            assertThat(series(a, c.getCode(), ""))
                    .as("a's answer for %s", c.getCode())
                    .isEqualTo(owner);
            assertThat(series(b, c.getCode(), ""))
                    .as("b's answer for %s", c.getCode())
                    .isEqualTo(owner);
        }
    }

    @Test
    void eitherInstanceAnswersForEveryPartition() throws Exception {
        Set<String> all = new HashSet<>(counties.stream().map(County::getCode).toList());
        Awaitility.await("both instances answer for all counties")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .pollInSameThread()
                .until(() -> counties(a, "").equals(all) && counties(b, "").equals(all));
        Set<String> onA = counties(a, "&local=true");
        Set<String> onB = counties(b, "&local=true");
        assertThat(onA)
                .as("each instance holds only part of the state")
                .isNotEmpty()
                .isNotEqualTo(all);
        assertThat(onB).isNotEmpty().isNotEqualTo(all);
        Set<String> union = new HashSet<>(onA);
        union.addAll(onB);
        assertThat(union).isEqualTo(all);
    }
}
