package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.jsonl.AvroJson;
import io.drugwatch.model.Arrest;
import io.drugwatch.model.CheckpointInspection;
import io.drugwatch.model.County;
import io.drugwatch.model.Seizure;
import io.drugwatch.model.WastewaterSample;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --output}: JSONL input files for replay, a truth file, reproducible with --end; no Kafka needed. */
class GenerateFilesTest {

    @TempDir
    Path dir;

    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            "arrests.jsonl",
            Arrest.class,
            "seizures.jsonl",
            Seizure.class,
            "checkpoint-inspections.jsonl",
            CheckpointInspection.class,
            "wastewater-samples.jsonl",
            WastewaterSample.class);

    private CliRun generate(Path out) {
        return CliRun.in(
                DemoMain::commandLine,
                "generate",
                "--output",
                out.toString(),
                "--truth",
                out.resolve("truth.jsonl").toString(),
                "--days",
                "400",
                "--end",
                "2025-06-01",
                "--counties-sample",
                "10",
                "--seed",
                "3",
                "--scenario",
                "anomalies",
                "--scenario",
                "bad-records",
                "--scenario",
                "large-seizure");
    }

    @Test
    void writesReplayableFilesAndTheTruthReproducibly() throws IOException {
        Path out = dir.resolve("a");
        CliRun r = generate(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("wrote [\\d,]+ events over 400 days for 10 counties to ")
                .contains("LARGE_SEIZURE 532530")
                .contains("ANOMALIES all counties");

        List<County> counties = CountyReference.load(out.resolve("counties.jsonl"));
        assertThat(counties).hasSize(10).extracting(County::getCode).contains("532530", "420103", "530621");
        assertThat(counties.stream().map(c -> c.getProvinceCode()).distinct().count())
                .isGreaterThanOrEqualTo(5);

        long records = 0;
        long notRecords = 0;
        Instant from = LocalDate.parse("2024-04-27")
                .atStartOfDay(GeneratorOptions.CHINA)
                .toInstant();
        Instant to = LocalDate.parse("2025-06-01")
                .atStartOfDay(GeneratorOptions.CHINA)
                .toInstant();
        for (Map.Entry<String, Class<? extends SpecificRecord>> file : TYPES.entrySet()) {
            for (String line : Files.readAllLines(out.resolve(file.getKey()), StandardCharsets.UTF_8)) {
                SpecificRecord record;
                try {
                    record = AvroJson.parse(line, file.getValue());
                } catch (IllegalArgumentException poisonPill) {
                    notRecords++;
                    continue;
                }
                Instant t = (Instant)
                        record.get(record.getSchema().getField("occurredAt").pos());
                assertThat(t).isBetween(from, to.minusMillis(1));
                records++;
            }
        }
        assertThat(records).isGreaterThan(10_000);
        assertThat(notRecords).isPositive(); // poison pills stay unreadable

        Truth truth = TruthReader.read(out.resolve("truth.jsonl"));
        assertThat(truth.generator().seed()).isEqualTo(3);
        assertThat(truth.generator().from()).isEqualTo(from);
        assertThat(truth.generator().to()).isEqualTo(to);
        assertThat(truth.generator().lastDay()).isEqualTo(LocalDate.parse("2025-05-31"));
        assertThat(truth.generator().scenarios()).contains("ANOMALIES", "BAD_RECORDS", "LARGE_SEIZURE");
        assertThat(truth.counties()).hasSize(10);
        assertThat(truth.series()).hasSize(20).allMatch(s -> s.mean().length == 400);
        assertThat(truth.anomalies(AnomalyKind.LARGE_SEIZURE)).isNotEmpty().allMatch(a -> a.subject() != null);
        assertThat(truth.anomalies().stream().filter(a -> a.scenario().equals("ANOMALIES")))
                .isNotEmpty();

        // the same command gives the same bytes
        Path again = dir.resolve("b");
        assertThat(generate(again).code()).isZero();
        for (String file : List.of(
                "arrests.jsonl",
                "seizures.jsonl",
                "checkpoint-inspections.jsonl",
                "wastewater-samples.jsonl",
                "counties.jsonl",
                "truth.jsonl")) {
            assertThat(Files.mismatch(out.resolve(file), again.resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void liveCannotGoToFiles() {
        CliRun r = CliRun.in(DemoMain::commandLine, "generate", "--output", dir.toString(), "--days", "1", "--live");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: --live sends to Kafka; it cannot be combined with --output");
    }
}
