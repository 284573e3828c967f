package io.drugwatch.sim.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.AlertRule;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthFileTest {

    @TempDir
    Path dir;

    private static Truth sample() {
        TruthLine.Generator g = new TruthLine.Generator(
                TruthLine.VERSION,
                42,
                Instant.parse("2023-12-31T16:00:00Z"),
                Instant.parse("2024-01-03T16:00:00Z"),
                LocalDate.parse("2024-01-01"),
                LocalDate.parse("2024-01-03"),
                "Asia/Shanghai",
                1.0,
                2,
                List.of("ANOMALIES", "BAD_RECORDS"));
        TruthLine.Campaign campaign =
                new TruthLine.Campaign("冬春肃毒", LocalDate.parse("2023-12-01"), LocalDate.parse("2024-01-02"), 1.42);
        TruthLine.County a = new TruthLine.County(
                "530621",
                false,
                0.4123,
                2.5,
                0,
                List.of(
                        new TruthLine.Plant("530621-WWTP1", 1, 120_000, 0.31),
                        new TruthLine.Plant("530621-WWTP2", 28, 40_000, 0.27)),
                0.05,
                -0.012,
                0,
                0);
        TruthLine.County b = new TruthLine.County("532530", true, 2.5, 1.3, 2, List.of(), 0.7, 0.03, 0.0021, 7.3);
        List<TruthLine.Series> series = List.of(
                new TruthLine.Series(
                        "530621", TruthLine.ARREST_EVENTS, 2.5, LocalDate.parse("2024-01-01"), new double[] {
                            0.5123, 0.0001234, 1234.0
                        }),
                new TruthLine.Series(
                        "530621", TruthLine.SEIZURE_EVENTS, 2.5, LocalDate.parse("2024-01-01"), new double[] {
                            0.05, 0.05, 0.04
                        }));
        List<TruthLine.Anomaly> anomalies = List.of(
                new TruthLine.Anomaly(
                        "COUNT_RISE-530621-ARREST_EVENTS-20240102",
                        AnomalyKind.COUNT_RISE,
                        AlertRule.COUNT_SPIKE,
                        "530621",
                        TruthLine.ARREST_EVENTS,
                        LocalDate.parse("2024-01-02"),
                        LocalDate.parse("2024-01-03"),
                        2,
                        Shape.RAMP,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        1.25,
                        "ANOMALIES"),
                new TruthLine.Anomaly(
                        "WASTEWATER_RAMP-530621-20240101",
                        AnomalyKind.WASTEWATER_RAMP,
                        AlertRule.WASTEWATER_RISE,
                        "530621",
                        "METHAMPHETAMINE",
                        LocalDate.parse("2024-01-01"),
                        LocalDate.parse("2024-01-03"),
                        2.4,
                        Shape.RAMP,
                        LocalDate.parse("2024-01-02"),
                        false,
                        "CONSUMPTION_RISE-530621-20240101",
                        null,
                        null,
                        null,
                        null,
                        "ANOMALIES"),
                new TruthLine.Anomaly(
                        "LARGE_SEIZURE-532530-20240103",
                        AnomalyKind.LARGE_SEIZURE,
                        AlertRule.LARGE_SEIZURE,
                        "532530",
                        "sim-42-977",
                        LocalDate.parse("2024-01-03"),
                        LocalDate.parse("2024-01-03"),
                        1,
                        Shape.STEP,
                        null,
                        null,
                        null,
                        17_500.0,
                        "METH_TABLETS",
                        Instant.parse("2024-01-03T06:30:00Z"),
                        null,
                        "LARGE_SEIZURE"));
        return new Truth(g, List.of(campaign), List.of(a, b), series, anomalies);
    }

    @Test
    void aTruthFileReadsBackEqual() throws IOException {
        Truth truth = sample();
        Path file = dir.resolve("sub/truth.jsonl");
        TruthWriter.write(file, truth);
        Truth back = TruthReader.read(file);
        assertThat(back).isEqualTo(truth);
        assertThat(back.series("530621", TruthLine.ARREST_EVENTS).orElseThrow().meanOn(LocalDate.parse("2024-01-03")))
                .isEqualTo(1234.0);
        assertThat(back.series("530621", TruthLine.ARREST_EVENTS).orElseThrow().last())
                .isEqualTo(LocalDate.parse("2024-01-03"));
        assertThat(back.anomalies(AnomalyKind.LARGE_SEIZURE)).hasSize(1);
        assertThat(back.county("532530").orElseThrow().border()).isTrue();

        List<TruthLine> streamed = new ArrayList<>();
        TruthReader.forEach(file, streamed::add);
        assertThat(streamed).isEqualTo(truth.lines());
    }

    @Test
    void linesLookAsDocumented() {
        List<String> lines = sample().lines().stream().map(TruthWriter::format).toList();
        assertThat(lines.get(0))
                .startsWith(
                        "{\"type\":\"generator\",\"version\":1,\"seed\":42,"
                                + "\"from\":\"2023-12-31T16:00:00Z\",\"to\":\"2024-01-03T16:00:00Z\",\"firstDay\":\"2024-01-01\",");
        assertThat(lines.get(1))
                .isEqualTo("{\"type\":\"campaign\",\"name\":\"冬春肃毒\",\"first\":\"2023-12-01\","
                        + "\"last\":\"2024-01-02\",\"uplift\":1.42}");
        assertThat(lines.get(2))
                .contains("\"plants\":[{\"plant\":\"530621-WWTP1\",\"cadenceDays\":1,"
                        + "\"populationServed\":120000,\"noiseSigma\":0.31}");
        assertThat(lines.get(4))
                .isEqualTo("{\"type\":\"series\",\"code\":\"530621\",\"subject\":\"ARREST_EVENTS\","
                        + "\"size\":2.5,\"first\":\"2024-01-01\",\"mean\":[0.5123,1.234E-4,1234.0]}");
        // kind-specific fields that do not apply are left out
        assertThat(lines.get(6))
                .isEqualTo("{\"type\":\"anomaly\",\"id\":\"COUNT_RISE-530621-ARREST_EVENTS-20240102\","
                        + "\"kind\":\"COUNT_RISE\",\"rule\":\"COUNT_SPIKE\",\"code\":\"530621\",\"subject\":\"ARREST_EVENTS\","
                        + "\"first\":\"2024-01-02\",\"last\":\"2024-01-03\",\"factor\":2.0,\"shape\":\"RAMP\","
                        + "\"expectedExtra\":1.25,\"scenario\":\"ANOMALIES\"}");
        assertThat(lines.get(7)).contains("\"rampLast\":\"2024-01-02\",\"enforcementResponse\":false,");
        assertThat(lines.get(8))
                .contains("\"grams\":17500.0,\"drug\":\"METH_TABLETS\"," + "\"occurredAt\":\"2024-01-03T06:30:00Z\"");
    }

    @Test
    void aReaderIgnoresUnknownFieldsAndNamesTheLineOfAnError() throws IOException {
        String generator = TruthWriter.format(sample().generator());
        Truth t = TruthReader.read(
                new StringReader(
                        generator.replace("{\"type\":\"generator\",", "{\"type\":\"generator\",\"newField\":[1,2],")
                                + "\n\n"),
                "t.jsonl");
        assertThat(t.generator()).isEqualTo(sample().generator());

        assertThatThrownBy(() -> TruthReader.read(new StringReader(generator + "\n{\"type\":\"nope\"}\n"), "t.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.jsonl:2: ");
        assertThatThrownBy(() -> TruthReader.read(
                        new StringReader(TruthWriter.format(sample().counties().get(0))), "t.jsonl"))
                .hasMessage("t.jsonl:1: a truth file starts with its generator line");
        String series = TruthWriter.format(sample().series().get(0));
        String county = TruthWriter.format(sample().counties().get(0));
        assertThatThrownBy(
                        () -> TruthReader.read(new StringReader(generator + "\n" + series + "\n" + county), "t.jsonl"))
                .hasMessage("t.jsonl:3: 'county' line out of order");
        assertThatThrownBy(() -> TruthReader.read(
                        new StringReader(
                                generator.replace("\"firstDay\":\"2024-01-01\"", "\"firstDay\":\"01/01/2024\"")),
                        "t.jsonl"))
                .hasMessageContaining("t.jsonl:1: ")
                .hasMessageContaining("01/01/2024");
        assertThatThrownBy(() -> TruthReader.read(new StringReader(""), "t.jsonl"))
                .hasMessage("t.jsonl: empty truth file");
    }

    @Test
    void aWriterRefusesLinesOutOfOrder() throws IOException {
        Truth t = sample();
        try (TruthWriter w = new TruthWriter(new StringWriter())) {
            assertThatThrownBy(() -> w.write(t.campaigns().get(0))).isInstanceOf(IllegalStateException.class);
            w.write(t.generator());
            w.write(t.series().get(0));
            assertThatThrownBy(() -> w.write(t.counties().get(0))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> w.write(t.generator())).isInstanceOf(IllegalStateException.class);
            w.write(t.anomalies().get(0));
            assertThat(w.lines()).isEqualTo(3);
        }
    }

    @Test
    void everyKindNamesItsRule() {
        assertThat(AnomalyKind.COUNT_RISE.rule()).isEqualTo(AlertRule.COUNT_SPIKE);
        assertThat(AnomalyKind.WASTEWATER_RAMP.rule()).isEqualTo(AlertRule.WASTEWATER_RISE);
        assertThat(AnomalyKind.CONSUMPTION_RISE.rule()).isEqualTo(AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);
        assertThat(AnomalyKind.HIT_RATE_SURGE.rule()).isEqualTo(AlertRule.CHECKPOINT_HIT_RATE);
        assertThat(AnomalyKind.LARGE_SEIZURE.rule()).isEqualTo(AlertRule.LARGE_SEIZURE);
    }
}
