package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.replay.Replay;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Run the pipeline over JSONL files, without Kafka, and write every output as JSONL.",
            "Inputs (any may be missing): counties.jsonl (the bundled reference data otherwise), "
                    + "arrests.jsonl, seizures.jsonl, checkpoint-inspections.jsonl, wastewater-samples.jsonl. "
                    + "Records enter in order of reportedAt, then occurredAt, then file and line; at the end "
                    + "every window closes.",
            "Outputs: county-indicators.jsonl (final windows), region-indicators.jsonl (prefecture and "
                    + "province totals), alerts.jsonl (every alert state change) and "
                    + "dead-letters.jsonl (reason, topic, file, line and the original line). The same input always "
                    + "gives byte-identical output. The per-rule alert counts printed at the end are for tuning "
                    + "thresholds (alert.* settings) on history before turning a rule on."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch replay --input history/ --output out/",
            "  drugwatch replay --input history/ --output out/ -D drugwatch.grace=PT24H",
            "  drugwatch replay --input history/ --output out/ -D alert.count-spike.threshold=4"
        })
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with the input files.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the outputs.")
    Path output;

    @Override
    public Integer call() throws Exception {
        DrugwatchConfig config = options.load();
        Replay.Summary s = new Replay(config, line -> System.err.println(line)).run(input, output);
        s.read().forEach((file, n) -> System.out.printf("read %-30s %,d lines%n", file, n));
        System.out.printf("wrote county-indicators.jsonl         %,d final windows%n", s.indicators());
        System.out.printf("wrote region-indicators.jsonl         %,d prefecture and province windows%n", s.regions());
        long dead = s.deadLetters().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "wrote dead-letters.jsonl              %,d records%s%n", dead, dead == 0 ? "" : " " + s.deadLetters());
        if (s.alerts().isEmpty()) {
            System.out.println("wrote alerts.jsonl                    no alerts");
        } else {
            System.out.println("wrote alerts.jsonl                    by rule and status:");
            s.alerts().forEach((ruleStatus, n) -> System.out.printf("  %-45s %,d%n", ruleStatus, n));
        }
        return 0;
    }
}
