package io.drugwatch.bench;

import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.SimEvent;
import io.drugwatch.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The events every phase of one bench run shares, serialized once in the production wire format so
 * that the phases differ only in what they do with the bytes.
 *
 * @param topics the input topic name of each record
 * @param keys message keys (county codes, UTF-8)
 * @param values Confluent-Avro values
 * @param occurredAt event time of each record, epoch millis
 */
public record BenchData(List<County> counties, String[] topics, byte[][] keys, byte[][] values, long[] occurredAt) {

    public int size() {
        return values.length;
    }

    public long valueBytes() {
        long sum = 0;
        for (byte[] v : values) {
            sum += v.length;
        }
        return sum;
    }

    /**
     * {@code n} counties: the bundled ones first, then copies of them with new codes, so that the
     * generator's rates (border, population) keep their real mix at any scale.
     */
    public static List<County> counties(int n) {
        List<County> bundled = CountyReference.bundled();
        List<County> out = new ArrayList<>(n);
        for (int i = 0; i < n && i < bundled.size(); i++) {
            out.add(bundled.get(i));
        }
        // Synthetic codes live in provinces 71..79, which the 2023 division codes leave unused
        // (71 Taiwan has no county-level data), so they never collide with a real county.
        for (int i = out.size(), synthetic = 0; i < n; i++, synthetic++) {
            County model = bundled.get(synthetic % bundled.size());
            String province = Integer.toString(71 + synthetic / 9_900);
            String prefecture = province + String.format("%02d", 1 + (synthetic % 9_900) / 99);
            String code = prefecture + String.format("%02d", 1 + synthetic % 99);
            out.add(County.newBuilder(model)
                    .setCode(code)
                    .setName("bench-" + code)
                    .setPrefectureCode(prefecture)
                    .setPrefectureName("bench-" + prefecture)
                    .setProvinceCode(province)
                    .setProvinceName("bench-" + province)
                    .build());
        }
        return out;
    }

    /**
     * The first {@code count} events of a generator spread over {@code span} of event time that ends
     * at {@code end}, with normal traffic only (no planted anomalies or bad records).
     */
    public static BenchData generate(
            Topics topics, List<County> counties, int count, Duration span, Instant end, long seed) {
        double spanDays = span.toMillis() / (double) Duration.ofDays(1).toMillis();
        // Event counts are random (and wastewater samples follow plant schedules), so small requests
        // can fall short of the target: ask for more until the generator yields enough.
        for (double margin = 1.05; ; margin *= 1.5) {
            EventGenerator generator = new EventGenerator(
                    counties,
                    seed,
                    end.minus(span),
                    end,
                    List.of(),
                    GeneratorOptions.defaults().withTargetEventsPerDay(count * margin / spanDays));
            BenchData data = take(generator, topics, counties, count);
            if (data != null) {
                return data;
            }
            if (margin > 10) {
                throw new IllegalStateException("the generator cannot make " + count + " events over " + span);
            }
        }
    }

    /** The first {@code count} events, or null if the generator has fewer. */
    private static BenchData take(EventGenerator generator, Topics topics, List<County> counties, int count) {
        List<String> names = new ArrayList<>(count);
        List<byte[]> keys = new ArrayList<>(count);
        List<byte[]> values = new ArrayList<>(count);
        long[] times = new long[count];
        Iterator<SimEvent> events = generator.iterator();
        while (names.size() < count && events.hasNext()) {
            SimEvent e = events.next();
            times[names.size()] = e.occurredAt().toEpochMilli();
            names.add(topics.input(e.input()).name());
            keys.add(e.key().getBytes(StandardCharsets.UTF_8));
            values.add(topics.serialize(e.input(), e.record()));
        }
        if (names.size() < count) {
            return null;
        }
        return new BenchData(
                counties,
                names.toArray(String[]::new),
                keys.toArray(byte[][]::new),
                values.toArray(byte[][]::new),
                times);
    }
}
