package io.drugwatch.cli;

import io.drugwatch.config.ClientProperties;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.SimFeed;
import io.drugwatch.runtime.SimFiles;
import io.drugwatch.runtime.SimPublisher;
import io.drugwatch.sim.CountySample;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.Scenario;
import io.drugwatch.sim.truth.TruthWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Synthetic but realistic events: a history (--days) sent to the input topics as fast as Kafka "
                    + "takes it, or written as JSONL files for 'drugwatch replay' (--output); then optionally live events "
                    + "as they happen (--live).",
            "Daily counts are overdispersed (negative binomial per county and day) around each county's own mean, "
                    + "with weekends, seasons, the Spring Festival, slow drift and nationwide campaigns (6·26, "
                    + "百日行动, 冬春肃毒, 集中收戒); border counties such as 金平 see far more seizures and "
                    + "checkpoint traffic. Scenarios plant anomalies and bad records: large-seizure, arrest-spike, "
                    + "wastewater-rise, checkpoint-surge, anomalies (random anomalies of every kind across the "
                    + "counties), bad-records. --truth writes what the generator knows (true daily means, "
                    + "campaigns, every planted anomaly) for 'drugwatch evaluate' (docs/evaluation.md)."
        },
        footer = {
            "",
            "Examples:",
            "  drugwatch generate --output data --truth data/truth.jsonl --days 1095 --end 2026-01-01 \\",
            "      --counties-sample 300 --scenario anomalies       3 years of 300 counties for a back-test",
            "  drugwatch generate --days 35 --scenario large-seizure --scenario bad-records",
            "  drugwatch generate --days 90 --volume 5 --seed 7          a heavier 90-day history",
            "  drugwatch generate --days 7 --live --rate 2               a week, then live at about 2 events/s",
            "  drugwatch generate --county 532530 --county 530621 --days 28 --scenario wastewater-rise",
            "",
            "Live events continue the history at the same volume and model. Volume 1 is the realistic rate: about "
                    + "40,000 events a day over all counties (0.45 a second), most of them checkpoint batches.",
            "Without --end the history ends now when sent to Kafka (so --live continues it), and at today's "
                    + "local midnight when written to files (whole days)."
        })
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "History: events over the N days before the end (default 0).")
    int days;

    @Option(
            names = "--end",
            paramLabel = "yyyy-MM-dd",
            description = "The history ends at the start of this local date, so its last day is the day before "
                    + "(default: now, or today's midnight with --output). Fixes the span, so runs are reproducible.")
    LocalDate end;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description =
                    "Write JSONL input files for 'drugwatch replay --input DIR' (arrests.jsonl, seizures.jsonl, "
                            + "checkpoint-inspections.jsonl, wastewater-samples.jsonl, counties.jsonl) instead of sending to Kafka.")
    Path output;

    @Option(
            names = "--truth",
            paramLabel = "FILE",
            description = "Also write the truth of the history: true daily means, campaigns and planted anomalies "
                    + "(JSON Lines, docs/evaluation.md).")
    Path truth;

    @Option(names = "--live", description = "After the history, keep sending events as they happen until Ctrl-C.")
    boolean live;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS/S",
            description = "Instead of --volume: the volume at which all counties give about this many events a second; "
                    + "history and live alike.")
    Double rate;

    @Option(
            names = "--volume",
            paramLabel = "X",
            description = "Multiplier on every count rate; 1 is realistic, about 40,000 events a day over all counties "
                    + "(default 1).")
    Double volume;

    @Option(names = "--seed", description = "Same seed, same events (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Plant anomalies or bad records; repeatable.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--county", paramLabel = "CODE", description = "Only these counties (repeatable).")
    List<String> counties = new ArrayList<>();

    @Option(
            names = "--counties-sample",
            paramLabel = "N",
            description = "N counties picked deterministically, spread over the provinces, always including the "
                    + "scenarios' target counties (532530, 420103, 530621).")
    Integer countiesSample;

    @Option(
            names = "--counties-file",
            paramLabel = "FILE",
            description = "Counties as CSV or JSONL instead of the bundled reference data.")
    Path countiesFile;

    @Override
    public Integer call() throws Exception {
        if (days <= 0 && !live) {
            throw new IllegalArgumentException("nothing to do: give --days N for history and/or --live");
        }
        if (output != null && live) {
            throw new IllegalArgumentException("--live sends to Kafka; it cannot be combined with --output");
        }
        if (rate != null && volume != null) {
            throw new IllegalArgumentException("give --volume or --rate, not both");
        }
        if (truth != null && days <= 0) {
            throw new IllegalArgumentException("--truth describes a history: give --days N");
        }
        DrugwatchConfig config = options.load();
        ZoneId zone = config.timeZone();
        List<County> chosen = chooseCounties(countiesFile, counties);
        if (countiesSample != null) {
            chosen = CountySample.pick(chosen, countiesSample);
        }
        Set<Scenario> planted = new LinkedHashSet<>();
        for (String s : scenarios) {
            planted.add(Scenario.parse(s));
        }
        GeneratorOptions generatorOptions = GeneratorOptions.defaults().withZone(zone);
        double v = rate != null
                ? SimFeed.volumeForRate(chosen, seed, rate, generatorOptions)
                : volume != null ? volume : 1;
        generatorOptions = generatorOptions.withVolume(v);
        Instant to = end != null
                ? end.atStartOfDay(zone).toInstant()
                : output != null ? LocalDate.now(zone).atStartOfDay(zone).toInstant() : Instant.now();
        Instant from = end != null || output != null
                ? LocalDate.ofInstant(to, zone)
                        .minusDays(days)
                        .atStartOfDay(zone)
                        .toInstant()
                : to.minus(Duration.ofDays(days));

        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                main.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(config, chosen, planted, generatorOptions, from, to, stop);
        } finally {
            // on a normal end the hook must go: Main exits from this thread, which the hook would wait for
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running
            }
        }
    }

    private int run(
            DrugwatchConfig config,
            List<County> chosen,
            Set<Scenario> planted,
            GeneratorOptions generatorOptions,
            Instant from,
            Instant to,
            AtomicBoolean stop)
            throws Exception {
        EventGenerator history =
                days > 0 ? new EventGenerator(chosen, seed, from, to, planted, generatorOptions) : null;
        if (output != null) {
            System.out.println(history.describe());
            SimFiles.Summary summary = SimFiles.write(history, output, stop::get, System.err::println);
            System.out.printf(
                    "wrote %,d events over %d days for %d counties to %s%n",
                    summary.events(), days, chosen.size(), output);
            writeTruth(history, stop.get());
            return 0;
        }
        RunCommand.requireTopics(config);
        try (SimPublisher publisher =
                new SimPublisher(ClientProperties.producer(config), KafkaSupport.topics(config))) {
            Instant liveFrom = Instant.now();
            if (history != null) {
                System.out.println(history.describe());
                long n = SimFeed.backfill(history, publisher, stop::get, System.err::println);
                System.out.printf("sent %,d events over %d days for %d counties%n", n, days, chosen.size());
                writeTruth(history, stop.get());
                liveFrom = history.to();
            }
            if (live && !stop.get()) {
                Set<Scenario> liveScenarios =
                        planted.contains(Scenario.BAD_RECORDS) ? Set.of(Scenario.BAD_RECORDS) : Set.of();
                EventGenerator model = history != null
                        ? history
                        : new EventGenerator(
                                chosen,
                                seed,
                                liveFrom,
                                liveFrom.plus(Duration.ofDays(1)),
                                liveScenarios,
                                generatorOptions);
                System.out.printf(
                        "live: about %.2f events/s (volume %.3g); Ctrl-C stops%n",
                        SimFeed.eventsPerSecond(model), model.volume());
                SimFeed.live(
                        chosen,
                        seed,
                        generatorOptions.withVolume(model.volume()),
                        liveScenarios,
                        liveFrom,
                        publisher,
                        Clock.systemUTC(),
                        stop::get,
                        System.err::println);
                System.out.printf("sent %,d events%n", publisher.sent());
            }
        }
        return 0;
    }

    private void writeTruth(EventGenerator history, boolean stopped) throws IOException {
        if (truth == null) {
            return;
        }
        if (stopped) {
            System.out.println("stopped early: no truth written");
            return;
        }
        try (TruthWriter w = TruthWriter.open(truth)) {
            history.writeTruth(w);
            System.out.printf("truth: %,d lines to %s%n", w.lines(), truth);
        }
    }

    static List<County> chooseCounties(Path file, List<String> codes) {
        List<County> all = file == null ? CountyReference.bundled() : CountyReference.load(file);
        if (codes.isEmpty()) {
            return all;
        }
        List<County> chosen =
                all.stream().filter(c -> codes.contains(c.getCode())).toList();
        if (chosen.size() != new LinkedHashSet<>(codes).size()) {
            List<String> known = chosen.stream().map(County::getCode).toList();
            throw new IllegalArgumentException("unknown county code(s): "
                    + codes.stream().filter(c -> !known.contains(c)).toList());
        }
        return chosen;
    }
}
