package io.drugwatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.model.County;
import io.drugwatch.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CountyReferenceProcessorTest {

    private static final County DALI = County.newBuilder()
            .setCode("532901")
            .setName("大理市")
            .setPrefectureCode("5329")
            .setPrefectureName("大理白族自治州")
            .setProvinceCode("53")
            .setProvinceName("云南省")
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
        CountyReferenceProcessor processor = new CountyReferenceProcessor("counties", flaky, 1);
        processor.init(context);

        processor.process(new Record<>("532901", new byte[] {0, 0, 0, 0, 1}, 1_000L));

        assertThat(attempts).hasValue(3);
        assertThat(store.get("532901")).isEqualTo(DALI);
    }
}
