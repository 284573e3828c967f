package io.drugwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench at toy volumes: every phase runs end to end and reports a figure. No figure is judged
 * here (timed assertions belong in the bench, not in tests); the point is that it works.
 */
class BenchCommandIntegrationTest {

    private static final Pattern BENCH = Pattern.compile("^BENCH passthrough_eps=(\\d+) pipeline_eps=(\\d+) "
            + "ratio=(\\d+\\.\\d\\d) topology_eps_per_core=(\\d+) alert_p50_ms=(\\d+) alert_p99_ms=(\\d+)$");

    @Test
    void everyPhaseReportsAndTheLastLineIsTheSummary() {
        CliRun run = CliRun.in(
                DemoMain::commandLine,
                "bench",
                "--events",
                "3000",
                "--counties",
                "200",
                "--latency-seconds",
                "2",
                "--rate",
                "500",
                "--footprint-counties",
                "100,1000");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Arrays.stream(run.out().split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        Matcher bench = BENCH.matcher(lines.get(lines.size() - 1));
        assertThat(bench.matches()).as(lines.get(lines.size() - 1)).isTrue();
        for (int group = 1; group <= 4; group++) {
            assertThat(Double.parseDouble(bench.group(group)))
                    .as("figure %d", group)
                    .isPositive();
        }
        assertThat(run.out())
                .contains("(2) full pipeline, exactly_once_v2 | ")
                .contains("3,000 accepted")
                .contains("0 missing")
                .contains("(5) 100 counties")
                .contains("(5) 1,000 counties");
    }

    @Test
    void theReplayBenchGeneratesHistoryReplaysItAndReportsOnOneLine() {
        CliRun run = CliRun.in(DemoMain::commandLine, "bench", "--replay", "--counties", "5", "--days", "20");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Arrays.stream(run.out().split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        Matcher replay = Pattern.compile("^REPLAY events=(\\d+) seconds=[0-9.]+ events_per_s=(\\d+) .*"
                        + "heap_after_gc_mib=\\d+ heap_max_mib=\\d+ rss_peak_mib=.*$")
                .matcher(lines.get(lines.size() - 1));
        assertThat(replay.matches()).as(lines.get(lines.size() - 1)).isTrue();
        assertThat(Long.parseLong(replay.group(1))).isPositive();
        assertThat(run.out()).contains("bench: generated").contains("for 5 counties over 20 days");
    }

    @Test
    void theSoakRunsThePipelineOnABrokerOfItsOwnAndReportsSlopesOnOneLine() {
        CliRun run = CliRun.in(
                DemoMain::commandLine,
                "bench",
                "--soak",
                "PT3S",
                "--sample-every",
                "PT1S",
                "--warm-up",
                "PT0S",
                "--days",
                "1");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Arrays.stream(run.out().split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        Matcher soak = Pattern.compile("^SOAK minutes=[0-9.]+ rate=0\\.\\d\\d warmup_minutes=0 rss_mib=(\\d+) "
                        + "rss_mib_per_h=\\S+ heap_after_gc_mib=[0-9.]+ .* rocksdb_cache_mib=([0-9.]+) .*"
                        + "threads=\\d+ .* fds=\\d+ .* state_mib=[0-9.]+ .* lag=\\d+ lag_per_h=\\S+$")
                .matcher(lines.get(lines.size() - 1));
        assertThat(soak.matches()).as(lines.get(lines.size() - 1)).isTrue();
        assertThat(Long.parseLong(soak.group(1))).isPositive();
        // the pipeline's stores took their memory from the shared RocksDB budget
        assertThat(Double.parseDouble(soak.group(2))).isPositive();
        assertThat(run.out()).contains("soak: history processed").contains("| rss | ");
    }
}
