package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine cli = Main.commandLine();
        assertThat(cli.getSubcommands().keySet()).contains("run", "topics", "ingest", "replay", "evaluate", "tail");
        for (var entry : cli.getSubcommands().entrySet()) {
            String command = entry.getKey();
            if (command.equals("help")
                    || entry.getValue().getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out())
                    .as(command)
                    .contains("Usage: drugwatch " + command)
                    .contains("Examples:");
        }
    }

    @Test
    void theDemoCommandsSayWhereTheyAre() {
        assertThat(CliRun.of("--help").out())
                .doesNotContain("  demo ")
                .contains("they are in the demo build, java -jar demo/target/drugwatch-demo.jar demo");
        for (String command : Main.DEMO_COMMANDS) {
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.code()).as(command).isEqualTo(1);
            assertThat(r.err().strip())
                    .as(command)
                    .isEqualTo("error: '" + command + "' is not in this jar, which runs the pipeline without the"
                            + " in-process broker; it is in the demo build: java -jar demo/target/drugwatch-demo.jar "
                            + command);
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        CliRun r = CliRun.of("replay", "--input");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }

    @Test
    void aConfigErrorIsOneLine() {
        CliRun r = CliRun.of(
                "replay",
                "--input",
                dir.toString(),
                "--output",
                dir.resolve("out").toString(),
                "-D",
                "drugwatch.gracee=PT1H");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("error: unknown setting 'drugwatch.gracee' (did you mean 'drugwatch.grace'?)");
    }

    @Test
    void ingestListsEveryBadLineAndWritesNothing() throws IOException {
        Path file = dir.resolve("seizures.jsonl");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "{\"eventId\":\"ok\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                                + "\"drugType\":\"HEROIN\",\"quantityGrams\":5,\"source\":\"PATROL\"}",
                        "{\"eventId\":\"neg\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                                + "\"drugType\":\"HEROIN\",\"quantityGrams\":-1,\"source\":\"PATROL\"}",
                        "not json",
                        "{\"eventId\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                                + "\"drugType\":\"CAFFEINE\",\"quantityGrams\":1,\"source\":\"PATROL\"}"),
                StandardCharsets.UTF_8);
        // nothing listens on this port: reaching Kafka would fail differently
        CliRun r = CliRun.of("ingest", "--topic", "seizures", file.toString(), "--bootstrap-server", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("seizures.jsonl:2: quantityGrams -1.0 is outside [0, 1e9]")
                .contains("seizures.jsonl:3: not valid JSON")
                .contains("seizures.jsonl:4: field 'drugType' must be one of")
                .contains("error: 3 bad line(s) in " + file + "; nothing was written")
                .doesNotContain("seizures.jsonl:1:");
    }

    @Test
    void ingestJudgesCountiesLikeTheTopologyDoes() throws IOException {
        Path file = dir.resolve("counties.jsonl");
        String county = "{\"code\":\"%s\",\"name\":\"鲁甸县\",\"prefectureCode\":\"530600\","
                + "\"prefectureName\":\"昭通市\",\"provinceCode\":\"530000\",\"provinceName\":\"云南省\","
                + "\"population\":%d}";
        Files.writeString(
                file,
                String.join(
                        "\n",
                        county.formatted("530621", 398_447),
                        county.formatted("532530", 0),
                        county.formatted("530602", -5),
                        county.formatted("5306'; DROP TABLE counties; --", 1)));

        CliRun r = CliRun.of("ingest", "--topic", "counties", file.toString(), "--bootstrap-server", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("counties.jsonl:2: population 0 is outside (0, inf)")
                .contains("counties.jsonl:3: population -5 is outside (0, inf)")
                .contains("counties.jsonl:4: code '5306'; DROP TABLE counties; --' does not match")
                .contains("error: 3 bad line(s) in " + file + "; nothing was written")
                .doesNotContain("counties.jsonl:1:");
    }

    @Test
    void replayCommandWritesTheOutputsAndASummary() throws Exception {
        Path input = Path.of(MainTest.class.getResource("/replay/input").toURI());
        CliRun r = CliRun.of("replay", "--input", input.toString(), "--output", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("read arrests.jsonl")
                .contains("final windows")
                .contains("LATE=1")
                .contains("LARGE_SEIZURE OPEN");
        assertThat(dir.resolve("county-indicators.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("dead-letters.jsonl")).isNotEmptyFile();
    }

    @Test
    void replayOfAMissingDirectoryIsAClearError() {
        CliRun r = CliRun.of("replay", "--input", dir.resolve("nope").toString(), "--output", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: input directory not found: " + dir.resolve("nope"));
    }
}
