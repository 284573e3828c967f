package io.drugwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/**
 * The hashed stores answer every operation as Kafka's in-memory stores do: both kinds run side by side in
 * one topology, take the same random operations and must give the same answers.
 */
class HashedStoresTest {

    private static final long WINDOW = 100;
    private static final long RETENTION = 1_000;

    @Test
    void answerLikeKafkasInMemoryStores() {
        List<String> mismatches = new ArrayList<>();
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "ops");
        topology.addProcessor("ops", () -> new Ops(mismatches), "in");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("kv-kafka"), Serdes.Bytes(), Serdes.ByteArray()),
                "ops");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        HashedKeyValueStore.supplier("kv-hashed"), Serdes.Bytes(), Serdes.ByteArray()),
                "ops");
        topology.addStateStore(
                Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore(
                                "w-kafka",
                                java.time.Duration.ofMillis(RETENTION),
                                java.time.Duration.ofMillis(WINDOW),
                                false),
                        Serdes.Bytes(),
                        Serdes.ByteArray()),
                "ops");
        topology.addStateStore(
                Stores.windowStoreBuilder(
                        HashedWindowStore.supplier("w-hashed", RETENTION, WINDOW), Serdes.Bytes(), Serdes.ByteArray()),
                "ops");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hashed-stores-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic("ops", new StringSerializer(), new StringSerializer());
            for (int i = 0; i < 3_000; i++) {
                in.pipeInput(Integer.toString(i), Integer.toString(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static final class Ops implements Processor<String, String, Void, Void> {
        private final List<String> mismatches;
        private final Random random = new Random(7);
        private KeyValueStore<Bytes, byte[]> kvKafka;
        private KeyValueStore<Bytes, byte[]> kvHashed;
        private WindowStore<Bytes, byte[]> wKafka;
        private WindowStore<Bytes, byte[]> wHashed;
        private long time;

        Ops(List<String> mismatches) {
            this.mismatches = mismatches;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            kvKafka = context.getStateStore("kv-kafka");
            kvHashed = context.getStateStore("kv-hashed");
            wKafka = context.getStateStore("w-kafka");
            wHashed = context.getStateStore("w-hashed");
        }

        private Bytes key() {
            return Bytes.wrap(("k" + random.nextInt(40)).getBytes(StandardCharsets.UTF_8));
        }

        private byte[] value() {
            return random.nextInt(10) == 0 ? null : ("v" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
        }

        private void same(String op, Object kafka, Object hashed) {
            if (!String.valueOf(kafka).equals(String.valueOf(hashed))) {
                mismatches.add(op + ": kafka " + kafka + ", hashed " + hashed);
            }
        }

        private static String str(byte[] b) {
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        private static <K> List<String> drain(KeyValueIterator<K, byte[]> it) {
            List<String> out = new ArrayList<>();
            try (it) {
                while (it.hasNext()) {
                    KeyValue<K, byte[]> kv = it.next();
                    Object k = kv.key instanceof Windowed<?> w
                            ? w.key() + "@" + w.window().start() + "-"
                                    + w.window().end()
                            : kv.key;
                    out.add(k + "=" + str(kv.value));
                }
            }
            return out;
        }

        @Override
        public void process(Record<String, String> record) {
            for (int i = 0; i < 5; i++) {
                Bytes k = key();
                Bytes k2 = key();
                Bytes from = k.compareTo(k2) <= 0 ? k : k2;
                Bytes to = k.compareTo(k2) <= 0 ? k2 : k;
                byte[] v = value();
                switch (random.nextInt(9)) {
                    case 0 -> {
                        kvKafka.put(k, v);
                        kvHashed.put(k, v);
                    }
                    case 1 -> same("putIfAbsent", str(kvKafka.putIfAbsent(k, v)), str(kvHashed.putIfAbsent(k, v)));
                    case 2 -> same("delete", str(kvKafka.delete(k)), str(kvHashed.delete(k)));
                    case 3 -> same("range", drain(kvKafka.range(from, to)), drain(kvHashed.range(from, to)));
                    case 4 ->
                        same(
                                "reverseRange",
                                drain(kvKafka.reverseRange(from, to)),
                                drain(kvHashed.reverseRange(from, to)));
                    case 5 -> same("all", drain(kvKafka.all()), drain(kvHashed.all()));
                    case 6 -> {
                        // a range that changes while it is read: deleted keys are skipped, values are current
                        try (KeyValueIterator<Bytes, byte[]> a = kvKafka.range(from, to);
                                KeyValueIterator<Bytes, byte[]> b = kvHashed.range(from, to)) {
                            same("hasNext", a.hasNext(), b.hasNext());
                            Bytes peeked = a.hasNext() ? a.peekNextKey() : k;
                            same("peekNextKey", peeked, b.hasNext() ? b.peekNextKey() : k);
                            kvKafka.delete(peeked);
                            kvHashed.delete(peeked);
                            kvKafka.put(k2, v);
                            kvHashed.put(k2, v);
                            same("range while changing", drain(a), drain(b));
                        }
                    }
                    case 7 -> {
                        time += random.nextInt(3) == 0 ? WINDOW : 0;
                        long start = Math.max(0, time - random.nextInt(12) * WINDOW);
                        wKafka.put(k, v, start);
                        wHashed.put(k, v, start);
                    }
                    default -> {
                        long a = Math.max(0, time - random.nextInt(14) * WINDOW);
                        long b = a + random.nextInt(6) * WINDOW;
                        same("fetch", str(wKafka.fetch(k, a)), str(wHashed.fetch(k, a)));
                        same("fetch key range of times", drain(wKafka.fetch(k, a, b)), drain(wHashed.fetch(k, a, b)));
                        same(
                                "backwardFetch",
                                drain(wKafka.backwardFetch(k, a, b)),
                                drain(wHashed.backwardFetch(k, a, b)));
                        same("fetch keys", drain(wKafka.fetch(from, to, a, b)), drain(wHashed.fetch(from, to, a, b)));
                        same("fetchAll", drain(wKafka.fetchAll(a, b)), drain(wHashed.fetchAll(a, b)));
                        same("window all", drain(wKafka.all()), drain(wHashed.all()));
                        same("window backwardAll", drain(wKafka.backwardAll()), drain(wHashed.backwardAll()));
                    }
                }
            }
            same("size", kvKafka.approximateNumEntries(), kvHashed.approximateNumEntries());
        }
    }
}
