package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drugwatch.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user types them, against a real in-process broker and the HTTP registry. */
class CommandsIntegrationTest {

    @RegisterExtension
    static final KafkaClusterExtension cluster = KafkaClusterExtension.withRestRegistry();

    @TempDir
    static Path dir;

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("demo")) {
            all.addAll(List.of(
                    "--bootstrap-server", cluster.bootstrapServers(), "--schema-registry", cluster.registryUrl()));
        }
        return CliRun.in(DemoMain::commandLine, all.toArray(String[]::new));
    }

    @Test
    void topicsIngestGenerateAndTailWorkTogether() throws Exception {
        CliRun check = run("topics", "--check");
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains("arrests").contains("does not exist");

        CliRun create = run("topics");
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.out())
                .contains("created")
                .contains("county-indicators")
                .contains("compact,delete");
        CliRun recheck = run("topics", "--check");
        assertThat(recheck.code()).isZero();
        assertThat(recheck.out()).doesNotContain("DIFFERS").contains("ok");

        Path seizures = dir.resolve("seizures.jsonl");
        Files.writeString(
                seizures,
                "{\"eventId\":\"jp-1\",\"occurredAt\":\"2026-11-01T10:00:00+08:00\","
                        + "\"countyCode\":\"532530\",\"drugType\":\"METHAMPHETAMINE\",\"quantityGrams\":17500,"
                        + "\"source\":\"CHECKPOINT\"}\n",
                StandardCharsets.UTF_8);
        CliRun ingest = run("ingest", "--topic", "seizures", seizures.toString());
        assertThat(ingest.code()).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("wrote 1 records to seizures");

        CliRun tail = run("tail", "seizures", "--from-beginning", "--max", "1");
        assertThat(tail.code()).as(tail.err()).isZero();
        assertThat(tail.out()).contains("\"eventId\":\"jp-1\"").contains("\"quantityGrams\":17500.0");

        CliRun generate = run(
                "generate",
                "--days",
                "2",
                "--county",
                "532530",
                "--county",
                "530621",
                "--scenario",
                "bad-records",
                "--seed",
                "5");
        assertThat(generate.code()).as(generate.err()).isZero();
        Matcher sent = Pattern.compile("sent ([\\d,]+) events over 2 days for 2 counties")
                .matcher(generate.out());
        assertThat(sent.find()).as(generate.out()).isTrue();
        assertThat(Long.parseLong(sent.group(1).replace(",", ""))).isPositive();

        CliRun arrests = run("tail", "checkpoint-inspections", "--from-beginning", "--max", "3");
        assertThat(arrests.out().lines().count()).isEqualTo(3);
    }

    @Test
    void unknownCountyAndMissingWorkAreClearErrors() {
        CliRun r = run("generate", "--days", "1", "--county", "999999");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).endsWith("error: unknown county code(s): [999999]");
        CliRun nothing = run("generate");
        assertThat(nothing.err().strip()).isEqualTo("error: nothing to do: give --days N for history and/or --live");
        CliRun both = run("generate", "--days", "1", "--volume", "2", "--rate", "3");
        assertThat(both.err().strip()).isEqualTo("error: give --volume or --rate, not both");
    }

    @Test
    void demoOnATakenPortNamesTheFlag() {
        int port = cluster.kafka().port();
        CliRun r = run(
                "demo",
                "--broker-port",
                Integer.toString(port),
                "--registry-port",
                "0",
                "--http-port",
                "0",
                "--data-dir",
                dir.resolve("taken").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("error: port " + port + " on 127.0.0.1 is already in use;"
                        + " choose another with --broker-port");
    }

    @Test
    void demoRunsAndASecondDemoOnTheSameDataDirectoryResumes() {
        Path data = dir.resolve("demo");
        CliRun first = run(
                "demo",
                "--data-dir",
                data.toString(),
                "--broker-port",
                "0",
                "--registry-port",
                "0",
                "--http-port",
                "0",
                "--backfill-days",
                "9",
                "--volume",
                "0.05",
                "--duration",
                "PT25S",
                "--truth",
                data.resolve("demo-truth.jsonl").toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("drugwatch demo started")
                .contains("Kafka bootstrap   127.0.0.1:")
                .contains("Schema registry   http://127.0.0.1:")
                .contains("LARGE_SEIZURE 532530")
                .contains("Dashboard         http://127.0.0.1:")
                .contains("HTTP API          http://127.0.0.1:")
                .contains("first indicators after")
                .contains("now live")
                .contains("stopped cleanly");
        // the whole history is on the broker before the pipeline starts reading it, so no input runs ahead of another
        assertThat(first.out().indexOf("events sent; the pipeline starts on it"))
                .isPositive()
                .isLessThan(first.out().indexOf("drugwatch demo started"));
        assertThat(data.resolve("demo-truth.jsonl"))
                .content()
                .startsWith("{\"type\":\"generator\"")
                .contains("\"scenario\":\"LARGE_SEIZURE\"");
        // the planted 12.5 kg seizure opens an alert that says so, and the tally at the end counts it found;
        // 9 days are no baseline for COUNT_SPIKE, and the tally says why the planted arrest spike was missed
        assertThat(first.out())
                .contains("alert, finds planted LARGE_SEIZURE: CRITICAL: 12,500 g of METHAMPHETAMINE")
                .contains("planted and found (an alert finds a planted anomaly in the same county and rule family")
                .containsPattern("\n  LARGE_SEIZURE +1 +1  \\d")
                .containsPattern("\n  COUNT_SPIKE +1 +0  [\\d,]+\n")
                .containsPattern("not found so far: COUNT_SPIKE for ARREST_SPIKE in \\d{6} .+; on \\d{4}-\\d\\d-\\d\\d,"
                        + " its latest closed day, COUNT_SPIKE: ARREST_EVENTS insufficient data \\(");
        assertThat(first.out().indexOf("planted and found"))
                .isGreaterThan(first.out().indexOf("stopping"));

        CliRun second = run(
                "demo",
                "--data-dir",
                data.toString(),
                "--broker-port",
                "0",
                "--registry-port",
                "0",
                "--http-port",
                "0",
                "--rate",
                "5",
                "--duration",
                "PT15S");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out())
                .contains("drugwatch demo resumed")
                .containsPattern("\\(\\d+ schemas restored\\)")
                .doesNotContain("history:")
                .contains("alerts opened in this run (its history")
                .contains("stopped cleanly");
    }
}
