package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.Offense;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.EmbeddedKafka;
import io.drugwatch.runtime.PipelineRunner;
import io.drugwatch.runtime.TopicAdmin;
import io.drugwatch.serde.SchemaRegistryClient;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.TopicSpecs;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances share the partitions; either answers for all of them. */
class MultiInstanceApiIntegrationTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static Instance a;
    private static Instance b;
    private static List<County> counties;

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

    private static Instance start(String name, int port, SchemaRegistryClient registry, String registryUrl) {
        DrugwatchConfig config = DrugwatchConfig.of(Map.of(
                DrugwatchConfig.APPLICATION_ID, "drugwatch-multi",
                DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DrugwatchConfig.REGISTRY_URL, registryUrl,
                DrugwatchConfig.IDLE_ADVANCE_AFTER, "PT0S",
                DrugwatchConfig.HTTP_PORT, Integer.toString(port),
                StreamsConfig.STATE_DIR_CONFIG, dir.resolve(name).toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"));
        Topics topics = Topics.create(config, registry);
        PipelineRunner runner = new PipelineRunner(config, IndicatorsTopology.build(config, topics));
        DrugwatchApi api = DrugwatchApi.start(config, runner.streams());
        runner.start();
        return new Instance(runner, api);
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().withPort(0));
        String registryUrl = "mock://" + UUID.randomUUID();
        SchemaRegistryClient registry = new SchemaRegistryClients().forUrl(registryUrl);
        DrugwatchConfig base = DrugwatchConfig.of(Map.of(DrugwatchConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                DrugwatchConfig.REGISTRY_URL, registryUrl));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            new TopicAdmin(admin).apply(TopicSpecs.of(base), false);
        }
        a = start("a", freePort(), registry, registryUrl);
        b = start("b", freePort(), registry, registryUrl);

        Topics topics = Topics.create(base, registry);
        counties = CountyReference.bundled().stream().filter(c -> c.getCode().startsWith("5306")).limit(8).toList();
        LocalDate day = LocalDate.now(ZONE).minusDays(6);
        try (KafkaProducer<String, County> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                topics.counties().keySerde().serializer(), topics.counties().valueSerde().serializer())) {
            counties.forEach(c -> p.send(new ProducerRecord<>(topics.counties().name(), c.getCode(), c)));
        }
        awaitBalanced();
        try (KafkaProducer<String, Arrest> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                topics.arrests().keySerde().serializer(), topics.arrests().valueSerde().serializer())) {
            int n = 0;
            for (County c : counties) {
                Instant t = day.atTime(10, 0).atZone(ZONE).toInstant();
                p.send(new ProducerRecord<>(topics.arrests().name(), c.getCode(), Arrest.newBuilder()
                        .setEventId("m" + n++).setOccurredAt(t).setCountyCode(c.getCode()).setOffense(Offense.USE)
                        .setSuspects(1).build()));
                // every task's stream time moves past the day, whichever partitions it owns
                Instant later = day.plusDays(4).atTime(10, 0).atZone(ZONE).toInstant();
                p.send(new ProducerRecord<>(topics.arrests().name(), c.getCode(), Arrest.newBuilder()
                        .setEventId("m" + n++).setOccurredAt(later).setCountyCode(c.getCode()).setOffense(Offense.USE)
                        .setSuspects(1).build()));
            }
        }
    }

    /** Both instances running with partitions of their own. */
    private static void awaitBalanced() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(running(a) && running(b) && owns(a) && owns(b))) {
            assertThat(System.nanoTime()).as("both instances running with tasks").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static boolean running(Instance i) {
        return i.runner().streams().state() == KafkaStreams.State.RUNNING;
    }

    private static boolean owns(Instance i) {
        return i.runner().streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        kafka.close();
    }

    private static Set<String> counties(Instance i, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(i.api().url() + "/api/counties?windowDays=1"
                + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        Set<String> codes = new HashSet<>();
        StreamSupport.stream(body.spliterator(), false).forEach(n -> codes.add(n.get("countyCode").asText()));
        return codes;
    }

    @Test
    void eitherInstanceAnswersForEveryPartition() throws Exception {
        Set<String> all = new HashSet<>(counties.stream().map(County::getCode).toList());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!counties(a, "").equals(all) || !counties(b, "").equals(all)) {
            assertThat(System.nanoTime()).as("both instances answer for all counties").isLessThan(deadline);
            Thread.sleep(300);
        }
        Set<String> onA = counties(a, "&local=true");
        Set<String> onB = counties(b, "&local=true");
        assertThat(onA).as("each instance holds only part of the state").isNotEmpty().isNotEqualTo(all);
        assertThat(onB).isNotEmpty().isNotEqualTo(all);
        Set<String> union = new HashSet<>(onA);
        union.addAll(onB);
        assertThat(union).isEqualTo(all);
    }
}
