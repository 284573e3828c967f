package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(cliOut, true));
            cli.setErr(new PrintWriter(cliErr, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8) + cliOut,
                    err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine cli = Main.commandLine();
        assertThat(cli.getSubcommands().keySet()).contains("run", "topics", "ingest", "replay", "tail");
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            Run r = run(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: drugwatch " + command).contains("Examples:");
        }
    }

    @Test
    void badUsageExitsWithTwo() {
        Run r = run("replay", "--input");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }

    @Test
    void aConfigErrorIsOneLine() {
        Run r = run("replay", "--input", dir.toString(), "--output", dir.resolve("out").toString(),
                "-D", "drugwatch.gracee=PT1H");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: unknown setting 'drugwatch.gracee' (did you mean 'drugwatch.grace'?)");
    }

    @Test
    void ingestListsEveryBadLineAndWritesNothing() throws IOException {
        Path file = dir.resolve("seizures.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"eventId\":\"ok\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                        + "\"drugType\":\"HEROIN\",\"quantityGrams\":5,\"source\":\"PATROL\"}",
                "{\"eventId\":\"neg\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                        + "\"drugType\":\"HEROIN\",\"quantityGrams\":-1,\"source\":\"PATROL\"}",
                "not json",
                "{\"eventId\":\"x\",\"occurredAt\":\"2026-11-20T10:00:00+08:00\",\"countyCode\":\"532530\","
                        + "\"drugType\":\"CAFFEINE\",\"quantityGrams\":1,\"source\":\"PATROL\"}"), StandardCharsets.UTF_8);
        // nothing listens on this port: reaching Kafka would fail differently
        Run r = run("ingest", "--topic", "seizures", file.toString(), "--bootstrap-server", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("seizures.jsonl:2: quantityGrams -1.0 is outside [0, 1e9]")
                .contains("seizures.jsonl:3: not valid JSON")
                .contains("seizures.jsonl:4: field 'drugType' must be one of")
                .contains("error: 3 bad line(s) in " + file + "; nothing was written")
                .doesNotContain("seizures.jsonl:1:");
    }

    @Test
    void replayCommandWritesTheOutputsAndASummary() throws Exception {
        Path input = Path.of(MainTest.class.getResource("/replay/input").toURI());
        Run r = run("replay", "--input", input.toString(), "--output", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("read arrests.jsonl").contains("final windows")
                .contains("LATE=1");
        assertThat(dir.resolve("county-indicators.jsonl")).isNotEmptyFile();
        assertThat(dir.resolve("dead-letters.jsonl")).isNotEmptyFile();
    }

    @Test
    void replayOfAMissingDirectoryIsAClearError() {
        Run r = run("replay", "--input", dir.resolve("nope").toString(), "--output", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: input directory not found: " + dir.resolve("nope"));
    }
}
