package io.drugwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventType;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.County;
import io.drugwatch.model.CountyIndicators;
import io.drugwatch.model.Offense;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import io.drugwatch.topology.IndicatorsTopology;
import io.drugwatch.topology.StoreNames;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The county list reads one store entry per county, whether the pipeline keeps 40 or 400 days of windows,
 * and {@code since} leaves out what has not changed. Counts store reads (entries iterated and gets), not time.
 */
class CountyListCostTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final List<String> COUNTIES = List.of("530621", "530602", "532530", "110101", "440305");
    private static final LocalDate FIRST = LocalDate.parse("2025-01-01");
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-20T00:00:00Z");

    private final DrugwatchConfig config = DrugwatchConfig.defaults()
            .with(Map.of(
                    DrugwatchConfig.REGISTRY_URL,
                    "mock://" + UUID.randomUUID(),
                    DrugwatchConfig.IDLE_ADVANCE_AFTER,
                    "PT0S"));
    private final Topics topics = Topics.create(config, new SchemaRegistryClients().forUrl(config.registryUrl()));
    private final TopologyTestDriver driver = driver();
    private final TestInputTopic<String, Arrest> arrests = input(topics.input(EventType.ARREST));
    private final AtomicLong reads = new AtomicLong();
    private final IndicatorQueries queries = new IndicatorQueries(new IndicatorQueries.Stores() {
        @Override
        public <V> ReadOnlyKeyValueStore<String, V> keyValue(String name) {
            return counting(driver.<String, V>getKeyValueStore(name));
        }
    });

    private TopologyTestDriver driver() {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        try {
            props.put(
                    StreamsConfig.STATE_DIR_CONFIG,
                    Files.createTempDirectory("drugwatch-cost").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TopologyTestDriver(IndicatorsTopology.build(config, topics), props, WALL_CLOCK);
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void feedDays(int from, int to) {
        for (int d = from; d < to; d++) {
            for (String county : COUNTIES) {
                Instant at = FIRST.plusDays(d).atTime(10, 0).atZone(SHANGHAI).toInstant();
                arrests.pipeInput(
                        county,
                        Arrest.newBuilder()
                                .setEventId(county + "-" + d)
                                .setOccurredAt(at)
                                .setCountyCode(county)
                                .setOffense(Offense.USE)
                                .setSuspects(1)
                                .build(),
                        at);
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private List<CountyIndicators> list(OptionalLong since) {
        reads.set(0);
        return queries.current(7, Optional.empty(), Optional.empty(), since);
    }

    private long windowsKept() {
        long n = 0;
        try (KeyValueIterator<String, Object> it = driver.<String, Object>getKeyValueStore(StoreNames.COUNTY_WINDOWS)
                .all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void theListReadsOneEntryPerCountyAt40And400DaysOfHistory() throws Exception {
        for (County c : COUNTIES.stream().map(CountyListCostTest::county).toList()) {
            input(topics.counties()).pipeInput(c.getCode(), c, Instant.EPOCH);
        }
        feedDays(0, 40);
        List<CountyIndicators> at40 = list(OptionalLong.empty());
        long readsAt40 = reads.get();
        long windowsAt40 = windowsKept();

        feedDays(40, 400);
        List<CountyIndicators> at400 = list(OptionalLong.empty());
        long readsAt400 = reads.get();

        assertThat(windowsKept()).as("the table keeps ten times the windows").isGreaterThan(9 * windowsAt40);
        assertThat(readsAt400).isEqualTo(readsAt40).isEqualTo(COUNTIES.size());
        assertThat(at40).hasSize(COUNTIES.size());
        assertThat(at400)
                .hasSize(COUNTIES.size())
                .extracting(CountyIndicators::getEndDate)
                .containsOnly(FIRST.plusDays(399).toString());
        // the bytes the API sends are the records' JSON as the server's mapper writes a list of them
        reads.set(0);
        byte[] sent = queries.currentJson(7, Optional.empty(), Optional.empty(), OptionalLong.empty());
        assertThat(reads.get()).isEqualTo(COUNTIES.size());
        List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = at400.stream()
                .sorted(java.util.Comparator.comparing(CountyIndicators::getCountyCode))
                .map(io.drugwatch.jsonl.AvroJson::toJson)
                .toList();
        assertThat(new String(sent, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(nodes));
    }

    @Test
    void sinceListsOnlyTheCountiesWhoseWindowChangedAfterIt() {
        feedDays(0, 10);
        long since = WALL_CLOCK.toEpochMilli() + Duration.ofSeconds(1).toMillis();
        assertThat(list(OptionalLong.of(since))).isEmpty();
        assertThat(reads.get()).isEqualTo(COUNTIES.size());

        Instant at = FIRST.plusDays(9).atTime(15, 0).atZone(SHANGHAI).toInstant();
        arrests.pipeInput(
                "530621",
                Arrest.newBuilder()
                        .setEventId("late-afternoon")
                        .setOccurredAt(at)
                        .setCountyCode("530621")
                        .setOffense(Offense.TRAFFICKING)
                        .setSuspects(2)
                        .build(),
                at);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(list(OptionalLong.of(since))).singleElement().satisfies(w -> {
            assertThat(w.getCountyCode()).isEqualTo("530621");
            assertThat(w.getSuspects()).isEqualTo(9);
        });
        assertThat(list(OptionalLong.empty())).hasSize(COUNTIES.size());
    }

    private static County county(String code) {
        return County.newBuilder()
                .setCode(code)
                .setName("county " + code)
                .setPrefectureCode(code.substring(0, 4) + "00")
                .setPrefectureName("prefecture " + code.substring(0, 4))
                .setProvinceCode(code.substring(0, 2) + "0000")
                .setProvinceName("province " + code.substring(0, 2))
                .setPopulation(400_000L)
                .setBorder(false)
                .build();
    }

    /** A read-only view of {@code store} that counts every entry it hands out. */
    private <V> ReadOnlyKeyValueStore<String, V> counting(ReadOnlyKeyValueStore<String, V> store) {
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public V get(String key) {
                reads.incrementAndGet();
                return store.get(key);
            }

            @Override
            public KeyValueIterator<String, V> range(String from, String to) {
                return counted(store.range(from, to));
            }

            @Override
            public KeyValueIterator<String, V> all() {
                return counted(store.all());
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }
        };
    }

    private <V> KeyValueIterator<String, V> counted(KeyValueIterator<String, V> it) {
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, V> next() {
                reads.incrementAndGet();
                return it.next();
            }

            @Override
            public String peekNextKey() {
                return it.peekNextKey();
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
