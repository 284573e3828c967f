package io.drugwatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.Scenario;
import io.drugwatch.sim.SimEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay gives exactly what the production topology gives when Kafka's TopologyTestDriver is fed
 * the same records one by one, committing after each ({@link TopologyTestDriverReplay}, the replay as it
 * was before it was made to scale): on generated history with planted anomalies, duplicates, late and
 * invalid records, and whether the input is read in order or has to be sorted on disk first.
 */
class ReplayEquivalenceTest {

    private static final List<String> OUTPUTS =
            List.of("county-indicators.jsonl", "region-indicators.jsonl", "dead-letters.jsonl", "alerts.jsonl");

    @TempDir
    Path dir;

    @Test
    void sameOutputAsTheTestDriverRecordByRecord() throws Exception {
        Path input = generate(dir.resolve("in"), false);
        new TopologyTestDriverReplay(DrugwatchConfig.defaults(), line -> {}).run(input, dir.resolve("expected"));
        Replay.Summary summary = new Replay(DrugwatchConfig.defaults(), line -> {}).run(input, dir.resolve("out"));

        assertSameFiles(dir.resolve("expected"), dir.resolve("out"));
        assertThat(summary.indicators()).isGreaterThan(1_000);
        assertThat(summary.regions()).isGreaterThan(100);
        assertThat(summary.alerts()).isNotEmpty();
        assertThat(summary.deadLetters()).containsKeys("INVALID_JSON", "LATE");
        assertThat(summary.timing().records()).isGreaterThan(5_000);
    }

    @Test
    void inputOutOfOrderIsSortedOnDiskToTheSameOutput() throws Exception {
        Path input = generate(dir.resolve("in"), true);
        new TopologyTestDriverReplay(DrugwatchConfig.defaults(), line -> {}).run(input, dir.resolve("expected"));
        List<String> progress = new ArrayList<>();
        new Replay(DrugwatchConfig.defaults(), progress::add, 64).run(input, dir.resolve("out"));

        assertThat(progress).anyMatch(line -> line.startsWith("the input is out of order"));
        assertSameFiles(dir.resolve("expected"), dir.resolve("out"));
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        for (String file : OUTPUTS) {
            assertThat(Files.readAllLines(actual.resolve(file), StandardCharsets.UTF_8))
                    .as(file)
                    .containsExactlyElementsOf(Files.readAllLines(expected.resolve(file), StandardCharsets.UTF_8));
            assertThat(Files.readAllBytes(actual.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(expected.resolve(file)));
        }
    }

    /**
     * Seven weeks of 16 counties with every planted anomaly and bad record, as JSONL: in event order as
     * the generator writes it, or shuffled. Poison pills become lines that are not JSON, and some lines
     * are blank.
     */
    private static Path generate(Path dir, boolean shuffle) throws IOException {
        Files.createDirectories(dir);
        List<County> all = CountyReference.bundled();
        List<County> counties = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            counties.add(all.get(i * all.size() / 16));
        }
        Instant to = Instant.parse("2026-03-01T00:00:00Z");
        EventGenerator generator = new EventGenerator(
                counties,
                11,
                to.minus(Duration.ofDays(49)),
                to,
                List.of(Scenario.values()),
                GeneratorOptions.defaults().withBadRecordRate(0.02));
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (SimEvent e : generator) {
            List<String> file = lines.computeIfAbsent(e.inputName(), k -> new ArrayList<>());
            file.add(e.record() == null ? "{\"poison\": " : AvroJson.format(e.record()));
            if (file.size() % 997 == 0) {
                file.add("");
            }
        }
        Random random = new Random(5);
        for (Map.Entry<String, List<String>> e : lines.entrySet()) {
            if (shuffle) {
                Collections.shuffle(e.getValue(), random);
            }
            Files.write(dir.resolve(e.getKey() + ".jsonl"), e.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }
}
