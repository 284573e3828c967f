package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.evaluate.Evaluation;
import io.drugwatch.evaluate.Scoring;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the alert rules on generated history: replay it through the production topology "
                    + "and score the alerts against the generator's truth file.",
            "Per rule family: false OPENs per 1,000 county-days (campaign and other days), the planted "
                    + "anomalies found by magnitude, county rate, shape and cadence, delays, the detection the "
                    + "family's own false alarms would reach by luck, and for counts an ideal detector that "
                    + "knows every county's true mean, at 1 false OPEN per 1,000 county-days. The last line is "
                    + "machine-readable (EVALUATE key=value ...). Without alert.campaigns the truth's campaigns "
                    + "are configured, as an office configures the campaigns announced in its period.",
            "--score-alarms scores the alarm days of other methods (R's surveillance package, see "
                    + "scripts/r/reference-methods.R) the same way, without a replay. See docs/evaluation.md."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch generate --output hist/ --truth hist/truth.jsonl --days 1095 --counties-sample 300 "
                    + "--scenario anomalies",
            "  drugwatch evaluate --input hist/ --truth hist/truth.jsonl",
            "  drugwatch evaluate --input hist/ --truth hist/truth.jsonl -D alert.count-spike.alarm-days=2",
            "  drugwatch evaluate --input hist/ --truth hist/truth.jsonl --export-series r/   then run the R script",
            "  Rscript scripts/r/reference-methods.R r/series.csv r/alarms.csv     prints the day it judges from",
            "  drugwatch evaluate --truth hist/truth.jsonl --score-alarms r/alarms.csv --from 2024-01-31"
        })
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--input", paramLabel = "DIR", description = "Directory with the input files (as for replay).")
    Path input;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "The generator's truth file.")
    Path truth;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Keep the replay's output files here (default: a temporary directory).")
    Path output;

    @Option(
            names = "--export-series",
            paramLabel = "DIR",
            description = "Also write DIR/series.csv, the observed daily counts, for R's reference methods.")
    Path seriesDir;

    @Option(
            names = "--score-alarms",
            paramLabel = "FILE",
            description = "Score the alarm days in FILE (method,county,subject,date) as COUNT_SPIKE; no replay.")
    Path alarms;

    @Option(
            names = "--from",
            paramLabel = "yyyy-MM-dd",
            description = "Judge from this day on (default: 42 days after the first, when the rules have a baseline);"
                    + " to compare with R's methods, the day reference-methods.R prints.")
    java.time.LocalDate from;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(truth)) {
            throw new IllegalArgumentException("truth file not found: " + truth);
        }
        DrugwatchConfig config = options.load();
        System.err.println("reading " + truth);
        Truth t = TruthReader.read(truth);
        if (alarms != null) {
            Map<String, Scoring.FamilyScore> scores =
                    Evaluation.scoreAlarms(t, alarms, config.alertSettings().resolveAfter(), from);
            System.out.printf("%-24s %10s %12s %9s %16s%n", "method", "false/1000", "planted", "found", "chance-corr.");
            scores.forEach((method, s) -> System.out.printf(
                    Locale.ROOT,
                    "%-24s %10.2f %12d %8.1f%% %15.1f%%%n",
                    method,
                    s.falsePer1000(),
                    s.anomalies().size(),
                    100 * s.detection(),
                    100 * s.chanceCorrected()));
            return 0;
        }
        if (input == null) {
            throw new IllegalArgumentException("give --input DIR (the history to replay), or --score-alarms FILE");
        }
        new Evaluation(config, System.err::println).run(input, t, output, seriesDir, from, System.out);
        return 0;
    }
}
