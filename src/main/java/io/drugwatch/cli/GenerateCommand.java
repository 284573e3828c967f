package io.drugwatch.cli;

import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.County;
import io.drugwatch.reference.CountyReference;
import io.drugwatch.runtime.SimFeed;
import io.drugwatch.runtime.SimPublisher;
import io.drugwatch.sim.EventGenerator;
import io.drugwatch.sim.GeneratorOptions;
import io.drugwatch.sim.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Send synthetic but realistic events to the input topics: history as fast as Kafka takes it "
                + "(--days), then optionally live events as they happen (--live).",
                "Base rates follow the seed reports: border counties such as 金平 see far more seizures and "
                        + "checkpoint traffic than inland districts. Scenarios plant anomalies and bad records: "
                        + "large-seizure, arrest-spike, wastewater-rise, checkpoint-surge, bad-records."},
        footer = {"", "Examples:",
                "  drugwatch generate --days 35 --scenario large-seizure --scenario bad-records",
                "  drugwatch generate --days 90 --volume 5 --seed 7          a heavier 90-day history",
                "  drugwatch generate --live --rate 20                       about 20 events a second, until Ctrl-C",
                "  drugwatch generate --county 532530 --county 530621 --days 28 --scenario wastewater-rise"})
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--days", paramLabel = "N", description = "History: events over the N days before now (default 0).")
    int days;

    @Option(names = "--live", description = "After the history, keep generating events as they happen until Ctrl-C.")
    boolean live;

    @Option(names = "--rate", paramLabel = "EVENTS/S", description = "Live event rate (default ${DEFAULT-VALUE}).")
    double rate = 20;

    @Option(names = "--volume", paramLabel = "X",
            description = "History volume; 1 is about 36,000 events a day over all counties (default ${DEFAULT-VALUE}).")
    double volume = 1;

    @Option(names = "--seed", description = "Same seed, same events (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Plant an anomaly or bad records; repeatable.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--county", paramLabel = "CODE", description = "Only these counties (repeatable).")
    List<String> counties = new ArrayList<>();

    @Option(names = "--counties-file", paramLabel = "FILE",
            description = "Counties as CSV or JSONL instead of the bundled reference data.")
    Path countiesFile;

    @Override
    public Integer call() throws Exception {
        if (days <= 0 && !live) {
            throw new IllegalArgumentException("nothing to do: give --days N for history and/or --live");
        }
        DrugwatchConfig config = options.load();
        List<County> chosen = chooseCounties(countiesFile, counties);
        Set<Scenario> planted = new LinkedHashSet<>();
        for (String s : scenarios) {
            planted.add(Scenario.parse(s));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                main.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        RunCommand.requireTopics(config);
        try (SimPublisher publisher = new SimPublisher(KafkaSupport.producerProperties(config), config,
                KafkaSupport.topics(config))) {
            if (days > 0) {
                Instant to = Instant.now();
                EventGenerator generator = new EventGenerator(chosen, seed, to.minus(Duration.ofDays(days)), to,
                        planted, GeneratorOptions.defaults().withVolume(volume).withZone(config.timeZone()));
                System.out.println(generator.describe());
                long n = SimFeed.backfill(generator, publisher, stop::get, System.err::println);
                System.out.printf("sent %,d events over %d days for %d counties%n", n, days, chosen.size());
            }
            if (live && !stop.get()) {
                System.out.printf("live: about %.0f events/s; Ctrl-C stops%n", rate);
                Set<Scenario> liveScenarios = planted.contains(Scenario.BAD_RECORDS) ? Set.of(Scenario.BAD_RECORDS)
                        : Set.of();
                SimFeed.live(chosen, seed, rate, liveScenarios, publisher, Clock.systemUTC(), stop::get,
                        System.err::println);
                System.out.printf("sent %,d events%n", publisher.sent());
            }
        }
        return 0;
    }

    static List<County> chooseCounties(Path file, List<String> codes) {
        List<County> all = file == null ? CountyReference.bundled() : CountyReference.load(file);
        if (codes.isEmpty()) {
            return all;
        }
        List<County> chosen = all.stream().filter(c -> codes.contains(c.getCode())).toList();
        if (chosen.size() != new LinkedHashSet<>(codes).size()) {
            List<String> known = chosen.stream().map(County::getCode).toList();
            throw new IllegalArgumentException("unknown county code(s): "
                    + codes.stream().filter(c -> !known.contains(c)).toList());
        }
        return chosen;
    }

}
