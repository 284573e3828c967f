package io.drugwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.domain.EventRules;
import io.drugwatch.model.County;
import io.drugwatch.serde.RegistryUnavailableException;
import io.drugwatch.serde.SchemaRegistryClients;
import io.drugwatch.topics.Topic;
import io.drugwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CountyReferenceProcessorTest {

    private static final EventRules RULES = new EventRules(
            Pattern.compile("^[1-9][0-9]{5}$"),
            LocalDate.of(2000, 1, 1),
            ZoneId.of("Asia/Shanghai"),
            Duration.ofHours(24));
    private static final byte[] KEY = "532901".getBytes(StandardCharsets.UTF_8);

    private static final County DALI = County.newBuilder()
            .setCode("532901")
            .setName("大理市")
            .setPrefectureCode("5329")
            .setPrefectureName("大理白族自治州")
            .setProvinceCode("53")
            .setProvinceName("云南省")
            .setPopulation(650_000L)
            .build();

    @Test
    void waitsOutAnUnreachableRegistryInsteadOfSkippingTheCounty() {
        AtomicInteger attempts = new AtomicInteger();
        Deserializer<County> flaky = (topic, bytes) -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new RegistryUnavailableException("connection refused", OptionalInt.empty());
            }
            return DALI;
        };
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, County> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.COUNTIES),
                        Serdes.String(),
                        Serdes.serdeFrom((t, c) -> c.getCode().getBytes(StandardCharsets.UTF_8), (t, b) -> DALI))
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        CountyReferenceProcessor processor =
                new CountyReferenceProcessor("counties", flaky, RULES, "dead-letters", 65_536, 1);
        processor.init(context);

        processor.process(new Record<>(KEY, new byte[] {0, 0, 0, 0, 1}, 1_000L));

        assertThat(attempts).hasValue(3);
        assertThat(store.get("532901")).isEqualTo(DALI);
    }

    private final DrugwatchConfig config =
            DrugwatchConfig.defaults().with(Map.of(DrugwatchConfig.REGISTRY_URL, "mock://" + UUID.randomUUID()));
    private final Topic<String, County> counties = Topics.create(
                    config, new SchemaRegistryClients().forUrl(config.registryUrl()))
            .counties();
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

    /** The processor over a store with the production serdes, its dead letters in {@link #sent}. */
    private KeyValueStore<String, County> start(CountyReferenceProcessor processor) {
        Properties config = new Properties();
        config.put(GlobalDeadLetters.CONFIG, (GlobalDeadLetters) sent::add);
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>(config);
        context.setRecordMetadata("counties", 0, 7);
        KeyValueStore<String, County> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.COUNTIES), counties.keySerde(), counties.valueSerde())
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
        return store;
    }

    private CountyReferenceProcessor processor() {
        return new CountyReferenceProcessor(
                "counties", counties.valueSerde().deserializer(), RULES, "dead-letters", 65_536);
    }

    private byte[] bytes(County county) {
        return counties.valueSerde().serializer().serialize("counties", county);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void anInvalidCountyIsDeadLetteredWithItsSourceAndTheGoodOneStays() {
        CountyReferenceProcessor processor = processor();
        KeyValueStore<String, County> store = start(processor);
        processor.process(new Record<>(KEY, bytes(DALI), 1_000L));
        byte[] bad = bytes(County.newBuilder(DALI).setPopulation(-5L).build());

        processor.process(new Record<>(KEY, bad, 2_000L));

        assertThat(store.get("532901")).isEqualTo(DALI);
        assertThat(sent).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("dead-letters");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(bad);
            assertThat(dead.timestamp()).isEqualTo(2_000L);
            assertThat(header(dead, "dlq.reason")).isEqualTo("VALUE_OUT_OF_RANGE");
            assertThat(header(dead, "dlq.source.topic")).isEqualTo("counties");
            assertThat(header(dead, "dlq.source.partition")).isEqualTo("0");
            assertThat(header(dead, "dlq.source.offset")).isEqualTo("7");
        });
    }

    @Test
    void aTombstoneRemovesTheCountyAndIsNoDeadLetter() {
        CountyReferenceProcessor processor = processor();
        KeyValueStore<String, County> store = start(processor);
        processor.process(new Record<>(KEY, bytes(DALI), 1_000L));

        processor.process(new Record<>(KEY, null, 2_000L));

        assertThat(store.get("532901")).isNull();
        assertThat(sent).isEmpty();
    }

    @Test
    void aTombstoneWithoutKeyIsAKeyMismatch() {
        CountyReferenceProcessor processor = processor();
        start(processor);

        processor.process(new Record<>(null, null, 2_000L));

        assertThat(sent)
                .singleElement()
                .satisfies(dead -> assertThat(header(dead, "dlq.reason")).isEqualTo("KEY_MISMATCH"));
    }
}
