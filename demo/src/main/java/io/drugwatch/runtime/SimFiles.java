package io.drugwatch.runtime;

import io.drugwatch.domain.EventType;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.County;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.SimEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Writes generated events as the JSONL input files that {@code drugwatch replay --input DIR} reads:
 * arrests.jsonl, seizures.jsonl, checkpoint-inspections.jsonl, wastewater-samples.jsonl (one record
 * a line, {@link AvroJson} format, in generation order) and counties.jsonl with the counties used.
 * Bad records stay bad: duplicates are written again, late and invalid records as they are, and a
 * poison pill becomes a line that is not a record (its JSON text, or {@code not json: <base64>}).
 */
public final class SimFiles {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final int BUFFER = 1 << 20;

    private SimFiles() {}

    /** What was written: events, and lines per file. */
    public record Summary(long events, Map<String, Long> lines) {}

    public static Summary write(EventGenerator generator, Path dir, BooleanSupplier stop, Consumer<String> progress)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Long> lines = new LinkedHashMap<>();
        try (Writer w = open(dir.resolve("counties.jsonl"))) {
            for (County c : generator.counties()) {
                w.write(AvroJson.format(c));
                w.write('\n');
            }
        }
        lines.put("counties.jsonl", (long) generator.counties().size());
        Map<EventType<?>, Writer> out = new LinkedHashMap<>();
        long n = 0;
        try {
            for (EventType<?> input : EventType.ALL) {
                out.put(input, open(dir.resolve(input.input() + ".jsonl")));
                lines.put(input.input() + ".jsonl", 0L);
            }
            long start = System.nanoTime();
            long lastReport = start;
            java.time.Instant upTo = null;
            for (SimEvent e : generator) {
                if (stop.getAsBoolean()) {
                    break;
                }
                Writer w = out.get(e.input());
                w.write(e.isPoisonPill() ? poisonPillLine(e.payload()) : AvroJson.format(e.record()));
                w.write('\n');
                lines.merge(e.inputName() + ".jsonl", 1L, Long::sum);
                n++;
                if (e.occurredAt() != null) {
                    upTo = e.occurredAt();
                }
                if ((n & 0xFFF) == 0) {
                    long now = System.nanoTime();
                    if (now - lastReport > PROGRESS_EVERY.toNanos()) {
                        lastReport = now;
                        progress.accept(String.format(
                                "generate: %,d events written, up to %s (%,.0f/s)",
                                n, upTo, n / ((now - start) / 1e9)));
                    }
                }
            }
        } finally {
            IOException failure = null;
            for (Writer w : out.values()) {
                try {
                    w.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return new Summary(n, lines);
    }

    /** A poison pill's bytes as one line that no JSON reader takes for a record. */
    static String poisonPillLine(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        boolean printable =
                payload.length > 0 && payload[0] == '{' && text.chars().noneMatch(ch -> ch < 0x20);
        return printable ? text : "not json: " + Base64.getEncoder().encodeToString(payload);
    }

    private static Writer open(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), BUFFER);
    }
}
