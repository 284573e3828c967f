package io.drugwatch.cli;

import io.drugwatch.api.HttpLimits;
import io.drugwatch.bench.HttpBench;
import io.drugwatch.config.ConfigLoader;
import io.drugwatch.config.DrugwatchConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "http-bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure what slow, silent and garbage connections and many event streams do to the HTTP server: "
                    + "the API server alone (no broker) with the configured drugwatch.http.* limits, a county list "
                    + "of 2,848 counties on the heavy pool and /api/stream, all from one loopback address.",
            "Phase 1 opens --slow connections that send a request line and one header, half of them then a "
                    + "header line every 4 s, and times /health and /api/counties on fresh connections while they "
                    + "are open, then waits for the header timeout to close them; then 50 TLS hellos and random "
                    + "bytes. Phase 2 opens --streams event streams, counts the threads they add, times /health, "
                    + "asks for one stream more and times one event reaching them all. The last line is "
                    + "machine-readable (BENCH-HTTP ...). About 30 s with the defaults. See docs/performance.md."
        })
final class HttpBenchCommand implements Callable<Integer> {

    @Option(names = "--slow", paramLabel = "N", description = "Slow and silent connections (default 500).")
    int slow = 500;

    @Option(names = "--streams", paramLabel = "N", description = "Event streams to open (default 1,000).")
    int streams = 1_000;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Properties file with drugwatch.http.* limits.")
    Path config;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description = "A setting, e.g. -D drugwatch.http.header.timeout=PT5S.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        DrugwatchConfig loaded = config == null
                ? DrugwatchConfig.defaults().with(settings)
                : ConfigLoader.load(config, Map.of(), settings);
        new HttpBench(HttpLimits.of(loaded), slow, streams, System.out).run();
        return 0;
    }
}
