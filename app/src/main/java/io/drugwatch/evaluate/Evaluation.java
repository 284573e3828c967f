package io.drugwatch.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.alerting.AlertSettings;
import io.drugwatch.alerting.Campaign;
import io.drugwatch.alerting.CountMetric;
import io.drugwatch.config.DrugwatchConfig;
import io.drugwatch.model.AlertRule;
import io.drugwatch.replay.Replay;
import io.drugwatch.runtime.Directories;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code drugwatch evaluate}: replays generated history through the production topology and scores its
 * alerts against the generator's truth file, next to an ideal detector that knows the truth
 * (docs/evaluation.md).
 */
public final class Evaluation {

    /** The false OPENs per 1,000 county-days the ideal detector is allowed, the target's budget. */
    public static final double IDEAL_BUDGET_PER_1000 = 1.0;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> COUNT_FIELDS = Map.of(
            "ARREST_EVENTS",
            "arrestEvents",
            "SUSPECTS",
            "suspects",
            "SEIZURE_EVENTS",
            "seizureEvents",
            IdealDetector.HITS,
            "inspectionHits",
            IdealDetector.VEHICLES,
            "vehiclesInspected");

    private final DrugwatchConfig config;
    private final Consumer<String> progress;

    /**
     * @param config the pipeline's settings; without {@code alert.campaigns}, the truth's campaigns are used,
     *     as an office would configure the campaigns announced in that period
     */
    public Evaluation(DrugwatchConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** What an evaluation measured, with the machine-readable summary line. */
    public record Result(
            List<Scoring.FamilyScore> families,
            Scoring.FamilyScore largeSeizures,
            Report.Ideal ideal,
            double allFalsePer1000,
            String machineLine) {}

    /** The configuration the replay runs with: the truth's campaigns unless campaigns are configured. */
    public DrugwatchConfig configFor(Truth truth) {
        if (!config.alertSettings().campaigns().isEmpty() || truth.campaigns().isEmpty()) {
            return config;
        }
        String campaigns = truth.campaigns().stream()
                .map(c -> new Campaign(c.name().replaceAll("[,:/]", " "), c.first(), c.last(), null, null).format())
                .collect(Collectors.joining(","));
        return config.with(Map.of(AlertSettings.CAMPAIGNS, campaigns));
    }

    /**
     * @param output where the replay writes its files; null for a temporary directory, deleted afterwards
     * @param seriesDir where to write series.csv for R's reference methods; null for none
     */
    public Result run(Path input, Truth truth, Path output, Path seriesDir, LocalDate from, PrintStream out)
            throws IOException {
        DrugwatchConfig effective = configFor(truth);
        if (effective != config) {
            out.println("alert.campaigns from the truth file: "
                    + effective.alertSettings().campaigns().stream()
                            .map(Campaign::format)
                            .collect(Collectors.joining(",")));
        }
        Path dir = output != null ? output : Files.createTempDirectory("drugwatch-evaluate");
        try {
            Replay.Summary summary = new Replay(effective, progress).run(input, dir);
            out.printf(
                    Locale.ROOT,
                    "replayed %,d records: %,d final county windows, %,d dead letters%n",
                    summary.read().values().stream().mapToLong(Long::longValue).sum(),
                    summary.indicators(),
                    summary.deadLetters().values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
            Scoring scoring = new Scoring(truth, from);
            ZoneId zone = ZoneId.of(truth.generator().zone());
            List<String> subjects = effective.alertSettings().forCounty("").countSpikeMetrics().stream()
                    .map(CountMetric::name)
                    .filter(s ->
                            truth.series().stream().anyMatch(t -> t.subject().equals(s)))
                    .toList();
            List<String> observedSubjects = new ArrayList<>(subjects);
            for (String checkpoint : List.of(IdealDetector.HITS, IdealDetector.VEHICLES)) {
                if (!observedSubjects.contains(checkpoint)) {
                    observedSubjects.add(checkpoint);
                }
            }
            ObservedCounts observed = observed(dir.resolve("county-indicators.jsonl"), truth, observedSubjects);
            if (seriesDir != null) {
                writeSeries(seriesDir, scoring, observed, subjects);
            }
            List<Open> opens = opens(dir.resolve("alerts.jsonl"), zone);
            return score(scoring, observed, opens, subjects, effective, out);
        } finally {
            if (output == null) {
                Directories.deleteQuietly(dir);
            }
        }
    }

    private Result score(
            Scoring scoring,
            ObservedCounts observed,
            List<Open> opens,
            List<String> subjects,
            DrugwatchConfig effective,
            PrintStream out) {
        Report report = new Report(scoring, out);
        AlertSettings.Effective settings = effective.alertSettings().forCounty("");
        progress.accept("calibrating the ideal detectors");
        int resolveAfter = effective.alertSettings().resolveAfter();
        Report.Ideal ideal = IdealDetector.counts(scoring, observed, subjects, settings.countSpikeHoldP(), resolveAfter)
                .calibrated(IDEAL_BUDGET_PER_1000);
        Report.Ideal checkpointIdeal = IdealDetector.checkpoints(
                        scoring, observed, settings.checkpointHoldP(), resolveAfter)
                .calibrated(IDEAL_BUDGET_PER_1000);
        Map<AlertRule, Report.Ideal> ideals =
                Map.of(AlertRule.COUNT_SPIKE, ideal, AlertRule.CHECKPOINT_HIT_RATE, checkpointIdeal);
        Map<String, List<String>> sparse = sparse(scoring, observed, subjects, settings.countSpikeMinExpected());
        List<Scoring.FamilyScore> scores = new ArrayList<>();
        for (AlertRule family : Scoring.FAMILIES) {
            Scoring.FamilyScore s = scoring.score(family, opens);
            scores.add(s);
            report.family(s, ideals.get(family), sparse);
        }
        Scoring.FamilyScore seizures = largeSeizures(scoring, opens);
        report.largeSeizures(seizures);
        long allCountyDays = scoring.score(AlertRule.COUNT_SPIKE, List.of()).countyDays();
        double all = Report.allFalsePer1000(scores, allCountyDays);
        out.printf(Locale.ROOT, "%nall statistical rules: %.2f false OPENs per 1,000 county-days%n", all);
        Scoring.FamilyScore counts = scores.get(0);
        String line = String.format(
                Locale.ROOT,
                "EVALUATE counties=%d days=%d count_false=%.3f count_cc=%.3f"
                        + " count_ideal_cc=%.3f count_of_ideal=%.3f wastewater_false=%.3f wastewater_found=%.3f"
                        + " checkpoint_false=%.3f checkpoint_found=%.3f checkpoint_x3_7d=%.3f"
                        + " checkpoint_ideal_found=%.3f checkpoint_ideal_x3_7d=%.3f"
                        + " consumption_false=%.3f consumption_found=%.3f"
                        + " all_false=%.3f large_seizure_found=%.3f",
                scoring.truth().counties().size(),
                scoring.to().toEpochDay() - scoring.from().toEpochDay() + 1,
                counts.falsePer1000(),
                counts.chanceCorrected(),
                ideal.score().chanceCorrected(),
                ideal.score().chanceCorrected() <= 0
                        ? 0
                        : counts.chanceCorrected() / ideal.score().chanceCorrected(),
                scores.get(1).falsePer1000(),
                scores.get(1).detection(),
                scores.get(2).falsePer1000(),
                scores.get(2).detection(),
                Report.surgesWithinAWeek(scores.get(2), "×3"),
                checkpointIdeal.score().detection(),
                Report.surgesWithinAWeek(checkpointIdeal.score(), "×3"),
                scores.get(3).falsePer1000(),
                scores.get(3).detection(),
                all,
                seizures.anomalies().isEmpty() ? 1 : seizures.detection());
        out.println(line);
        return new Result(scores, seizures, ideal, all, line);
    }

    /** LARGE_SEIZURE is not statistical: every alert is a seizure over its threshold; count the planted ones found. */
    private static Scoring.FamilyScore largeSeizures(Scoring scoring, List<Open> opens) {
        List<Open> seizureOpens = opens.stream()
                .filter(o -> o.family() == AlertRule.LARGE_SEIZURE)
                .toList();
        List<Scoring.AnomalyResult> results = new ArrayList<>();
        for (TruthLine.Anomaly a : scoring.anomalies(AlertRule.LARGE_SEIZURE)) {
            LocalDate found = seizureOpens.stream()
                    .filter(o -> o.county().equals(a.code())
                            && (a.subject() == null || o.subject().equals(a.subject()))
                            && !o.day().isBefore(a.first())
                            && !o.day().isAfter(a.last()))
                    .map(Open::day)
                    .findFirst()
                    .orElse(null);
            results.add(new Scoring.AnomalyResult(a, found, 0));
        }
        return new Scoring.FamilyScore(AlertRule.LARGE_SEIZURE, 0, 0, 0, 0, seizureOpens.size(), results);
    }

    /** Counties whose whole-period rate expects fewer than {@code minExpected} events in 14 days. */
    private static Map<String, List<String>> sparse(
            Scoring scoring, ObservedCounts observed, List<String> subjects, double minExpected) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String subject : subjects) {
            List<String> counties = new ArrayList<>();
            for (TruthLine.County c : scoring.atRisk(AlertRule.COUNT_SPIKE)) {
                double perDay = Arrays.stream(observed.of(c.code(), subject)).sum() / (double) observed.days();
                if (perDay * 14 < minExpected) {
                    counties.add(c.code());
                }
            }
            out.put(subject, counties);
        }
        return out;
    }

    /** The daily counts the pipeline published, from its final 1-day windows. */
    static ObservedCounts observed(Path countyIndicators, Truth truth, List<String> subjects) throws IOException {
        ObservedCounts observed = new ObservedCounts(
                truth.generator().firstDay(), truth.generator().lastDay());
        try (BufferedReader r = Files.newBufferedReader(countyIndicators, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = JSON.readTree(line);
                if (n.get("windowDays").asInt() != 1) {
                    continue;
                }
                LocalDate day = LocalDate.parse(n.get("endDate").asText());
                for (String subject : subjects) {
                    observed.add(
                            n.get("countyCode").asText(),
                            subject,
                            day,
                            n.get(COUNT_FIELDS.get(subject)).asInt());
                }
            }
        }
        return observed;
    }

    /** The OPENs of alerts.jsonl, each on the local day it judged. */
    static List<Open> opens(Path alerts, ZoneId zone) throws IOException {
        List<Open> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(alerts, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = JSON.readTree(line);
                if (!n.get("status").asText().equals("OPEN")) {
                    continue;
                }
                // daily rules judge at the end of the day (the next midnight); a seizure at its own time
                Instant at = Instant.parse(n.get("updatedAt").asText()).minusMillis(1);
                out.add(new Open(
                        AlertRule.valueOf(n.get("rule").asText()),
                        n.get("countyCode").asText(),
                        n.get("subject").asText(),
                        LocalDate.ofInstant(at, zone)));
            }
        }
        return out;
    }

    /** series.csv: every at-risk county's observed daily counts, for R's reference methods. */
    private static void writeSeries(Path dir, Scoring scoring, ObservedCounts observed, List<String> subjects)
            throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("series.csv"), StandardCharsets.UTF_8)) {
            w.write("county,subject,date,count\n");
            for (TruthLine.County c : scoring.atRisk(AlertRule.COUNT_SPIKE)) {
                for (String subject : subjects) {
                    int[] counts = observed.of(c.code(), subject);
                    for (int i = 0; i < counts.length; i++) {
                        w.write(c.code() + "," + subject + ","
                                + observed.first().plusDays(i) + "," + counts[i] + "\n");
                    }
                }
            }
        }
    }

    /**
     * Scores the alarm days of reference methods ({@code method,county,subject,date}) as COUNT_SPIKE, each
     * method through the lifecycle of the rules (a new OPEN after two clear days).
     */
    public static Map<String, Scoring.FamilyScore> scoreAlarms(
            Truth truth, Path alarms, int resolveAfter, LocalDate from) throws IOException {
        Scoring scoring = new Scoring(truth, from);
        Map<String, Map<String, List<LocalDate>>> byMethod = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(alarms, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.trim().equals("method,county,subject,date")) {
                throw new IllegalArgumentException(alarms + ": the first line must be method,county,subject,date");
            }
            int number = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 4) {
                    throw new IllegalArgumentException(alarms + ":" + number + ": expected 4 fields, got " + f.length);
                }
                byMethod.computeIfAbsent(f[0].trim(), m -> new HashMap<>())
                        .computeIfAbsent(f[1].trim() + "|" + f[2].trim(), k -> new ArrayList<>())
                        .add(LocalDate.parse(f[3].trim()));
            }
        }
        Map<String, Scoring.FamilyScore> out = new LinkedHashMap<>();
        int days = (int) (scoring.to().toEpochDay() - scoring.from().toEpochDay() + 1);
        byMethod.forEach((method, series) -> {
            List<Open> opens = new ArrayList<>();
            series.forEach((key, alarmDays) -> {
                AlarmLifecycle.Verdict[] verdicts = new AlarmLifecycle.Verdict[days];
                Arrays.fill(verdicts, AlarmLifecycle.Verdict.CLEAR);
                for (LocalDate d : alarmDays) {
                    long i = d.toEpochDay() - scoring.from().toEpochDay();
                    if (i >= 0 && i < days) {
                        verdicts[(int) i] = AlarmLifecycle.Verdict.ALARM;
                    }
                }
                String[] k = key.split("\\|");
                for (LocalDate day : AlarmLifecycle.openDays(scoring.from(), verdicts, resolveAfter)) {
                    opens.add(new Open(AlertRule.COUNT_SPIKE, k[0], k[1], day));
                }
            });
            out.put(method, scoring.score(AlertRule.COUNT_SPIKE, opens));
        });
        return out;
    }
}
