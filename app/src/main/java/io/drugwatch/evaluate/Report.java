package io.drugwatch.evaluate;

import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.TruthLine;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Prints the scores of an evaluation as tables, and its last line for machines. */
public final class Report {

    private final Scoring scoring;
    private final PrintStream out;

    public Report(Scoring scoring, PrintStream out) {
        this.scoring = scoring;
        this.out = out;
    }

    /** The ideal detector's score at its calibrated threshold. */
    public record Ideal(double alpha, Scoring.FamilyScore score) {}

    /**
     * @param sparse per count subject, the counties judged too sparse
     */
    public void family(Scoring.FamilyScore s, Ideal ideal, Map<String, List<String>> sparse) {
        AlertRule family = s.family();
        List<TruthLine.County> atRisk = scoring.atRisk(family);
        out.printf(
                Locale.ROOT,
                "%n%s (%d counties, %,d county-days at risk, %.0f%% on campaign days)%n",
                family,
                atRisk.size(),
                s.countyDays(),
                s.countyDays() == 0 ? 0 : 100.0 * s.campaignCountyDays() / s.countyDays());
        out.printf(
                Locale.ROOT,
                "  false OPENs        %,6d   %.2f per 1,000 county-days (campaign days %.2f, other days %.2f)%n",
                s.falseOpens(),
                s.falsePer1000(),
                s.falsePer1000Campaign(),
                s.falsePer1000Other());
        out.printf(
                Locale.ROOT,
                "  planted            %,6d   found %s, by luck %s, chance-corrected %s%n",
                s.anomalies().size(),
                pct(s.detection()),
                pct(s.detection() - s.chanceCorrected()),
                pct(s.chanceCorrected()));
        if (ideal != null) {
            double ratio = ideal.score().chanceCorrected() <= 0
                    ? Double.NaN
                    : s.chanceCorrected() / ideal.score().chanceCorrected();
            out.printf(
                    Locale.ROOT,
                    "  ideal detector     p ≤ %.2e gives %.2f false per 1,000: found %s, chance-corrected %s;"
                            + " rules reach %s of it%n",
                    ideal.alpha(),
                    ideal.score().falsePer1000(),
                    pct(ideal.score().detection()),
                    pct(ideal.score().chanceCorrected()),
                    pct(ratio));
        }
        delays("  delay (found)     ", s.anomalies());
        if (ideal != null) {
            delays("  ideal's delay     ", ideal.score().anomalies());
        }
        switch (family) {
            case COUNT_SPIKE -> {
                breakdown("by magnitude", s, ideal, a -> "×" + trim(a.factor()));
                breakdown("by county rate", s, ideal, a -> rateClass(a.code()));
                breakdown("by shape", s, ideal, a -> String.valueOf(a.shape()));
                breakdown(
                        "by duration",
                        s,
                        ideal,
                        a -> a.days() <= 7 ? "3-7 days" : a.days() <= 14 ? "8-14 days" : "15-21 days");
                breakdown("by subject", s, ideal, TruthLine.Anomaly::subject);
                sparse.forEach((subject, counties) -> out.printf(
                        Locale.ROOT,
                        "  too sparse to judge %s: %d counties (under 1 event expected in 14 days)%s%n",
                        subject,
                        counties.size(),
                        counties.isEmpty()
                                ? ""
                                : ", e.g. " + String.join(" ", counties.subList(0, Math.min(8, counties.size())))));
            }
            case WASTEWATER_RISE -> {
                breakdown("by magnitude", s, null, a -> magnitudeBand(a.factor()));
                breakdown("by cadence", s, null, a -> cadenceClass(a.code()));
                out.println("  found within 3 samples after the ramp completes:");
                for (String band : List.of("×1.5", "×2", "×3")) {
                    for (String cadence : List.of("daily", "weekly", "monthly")) {
                        within(
                                s,
                                null,
                                band + " " + cadence,
                                a -> magnitudeBand(a.factor()).equals(band)
                                        && cadenceClass(a.code()).equals(cadence),
                                a -> a.rampLast() == null
                                        ? a.last()
                                        : a.rampLast().plusDays(3L * cadenceDays(a.code())));
                    }
                }
            }
            case CHECKPOINT_HIT_RATE -> {
                breakdown("by magnitude", s, ideal, a -> surgeBand(a.factor()));
                breakdown("by traffic", s, ideal, Report::trafficClass);
                out.println("  found within 7 days:");
                for (String band : List.of("×2", "×3", "×4")) {
                    within(s, ideal, band, a -> surgeBand(a.factor()).equals(band), Report::aWeekIn);
                }
                for (String traffic : List.of("10+ hits/week", "3-10 hits/week", "<3 hits/week")) {
                    for (String band : List.of("×2", "×3", "×4")) {
                        within(
                                s,
                                ideal,
                                band + " " + traffic,
                                a -> surgeBand(a.factor()).equals(band)
                                        && trafficClass(a).equals(traffic),
                                Report::aWeekIn);
                    }
                }
            }
            default -> breakdown("by magnitude", s, null, a -> magnitudeBand(a.factor()));
        }
    }

    private void within(
            Scoring.FamilyScore s,
            Ideal ideal,
            String label,
            Predicate<TruthLine.Anomaly> which,
            Function<TruthLine.Anomaly, LocalDate> by) {
        int[] ours = foundBy(s, which, by);
        if (ours[1] == 0) {
            return;
        }
        String best = "";
        if (ideal != null) {
            int[] b = foundBy(ideal.score(), which, by);
            best = String.format(Locale.ROOT, "   ideal %3d/%-3d %6s", b[0], b[1], pct((double) b[0] / b[1]));
        }
        out.printf(
                Locale.ROOT,
                "    %-24s %3d/%-3d %6s%s%n",
                label,
                ours[0],
                ours[1],
                pct((double) ours[0] / ours[1]),
                best);
    }

    /** {found by the day, planted} of the anomalies {@code which} selects. */
    private static int[] foundBy(
            Scoring.FamilyScore s, Predicate<TruthLine.Anomaly> which, Function<TruthLine.Anomaly, LocalDate> by) {
        List<Scoring.AnomalyResult> rs =
                s.anomalies().stream().filter(r -> which.test(r.anomaly())).toList();
        int found = (int) rs.stream()
                .filter(r -> r.found() && !r.foundOn().isAfter(by.apply(r.anomaly())))
                .count();
        return new int[] {found, rs.size()};
    }

    private static LocalDate aWeekIn(TruthLine.Anomaly a) {
        return a.first().plusDays(7);
    }

    /** The share of the surges of that band (e.g. ×3) found within 7 days of their start; NaN for none. */
    static double surgesWithinAWeek(Scoring.FamilyScore s, String band) {
        int[] f = foundBy(s, a -> surgeBand(a.factor()).equals(band), Report::aWeekIn);
        return f[1] == 0 ? Double.NaN : (double) f[0] / f[1];
    }

    private void breakdown(String title, Scoring.FamilyScore s, Ideal ideal, Function<TruthLine.Anomaly, String> key) {
        Map<String, int[]> ours = new LinkedHashMap<>();
        Map<String, int[]> best = new LinkedHashMap<>();
        List<Scoring.AnomalyResult> sorted = new ArrayList<>(s.anomalies());
        sorted.sort(Comparator.comparing(r -> key.apply(r.anomaly())));
        for (Scoring.AnomalyResult r : sorted) {
            int[] c = ours.computeIfAbsent(key.apply(r.anomaly()), k -> new int[2]);
            c[0] += r.found() ? 1 : 0;
            c[1]++;
        }
        if (ideal != null) {
            for (Scoring.AnomalyResult r : ideal.score().anomalies()) {
                int[] c = best.computeIfAbsent(key.apply(r.anomaly()), k -> new int[2]);
                c[0] += r.found() ? 1 : 0;
                c[1]++;
            }
        }
        out.printf("  %s:%n", title);
        ours.forEach((k, c) -> {
            int[] b = best.get(k);
            out.printf(
                    Locale.ROOT,
                    "    %-18s %3d/%-3d %6s%s%n",
                    k,
                    c[0],
                    c[1],
                    pct((double) c[0] / c[1]),
                    b == null
                            ? ""
                            : String.format(
                                    Locale.ROOT, "   ideal %3d/%-3d %6s", b[0], b[1], pct((double) b[0] / b[1])));
        });
    }

    private void delays(String label, List<Scoring.AnomalyResult> results) {
        List<Integer> d = results.stream()
                .filter(Scoring.AnomalyResult::found)
                .map(Scoring.AnomalyResult::delay)
                .sorted()
                .toList();
        if (d.isEmpty()) {
            out.println(label + " none found");
            return;
        }
        out.printf(
                Locale.ROOT, "%s median %d days, 90th percentile %d days%n", label, quantile(d, 0.5), quantile(d, 0.9));
    }

    /** LARGE_SEIZURE: how many planted 万克 seizures opened an alert. */
    public void largeSeizures(Scoring.FamilyScore s) {
        long found = s.anomalies().stream().filter(Scoring.AnomalyResult::found).count();
        out.printf(
                Locale.ROOT,
                "%nLARGE_SEIZURE: %d of %d planted seizures of 10 kg or more opened an alert (%s);"
                        + " %d alerts opened in all, every one on a seizure at or above its threshold%n",
                found,
                s.anomalies().size(),
                pct(s.anomalies().isEmpty() ? 1 : (double) found / s.anomalies().size()),
                s.opens());
    }

    /** All statistical families together. */
    public static double allFalsePer1000(List<Scoring.FamilyScore> scores, long countyDays) {
        long falseOpens =
                scores.stream().mapToLong(Scoring.FamilyScore::falseOpens).sum();
        return countyDays == 0 ? 0 : 1000.0 * falseOpens / countyDays;
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static String trim(double v) {
        return v == Math.rint(v)
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    static int quantile(List<Integer> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static String surgeBand(double factor) {
        return factor < 2.5 ? "×2" : factor < 3.5 ? "×3" : "×4";
    }

    /** A surge's checkpoint traffic: the hits a week its county had before it, from the truth's expected extra. */
    static String trafficClass(TruthLine.Anomaly a) {
        if (a.expectedExtra() == null || a.factor() <= 1) {
            return "unknown";
        }
        double perWeek = 7 * a.expectedExtra() / ((a.factor() - 1) * a.days());
        return perWeek < 3 ? "<3 hits/week" : perWeek < 10 ? "3-10 hits/week" : "10+ hits/week";
    }

    static String magnitudeBand(double factor) {
        return factor < 1.75 ? "×1.5" : factor < 2.5 ? "×2" : "×3";
    }

    private String rateClass(String code) {
        double rate = scoring.truth()
                .county(code)
                .map(TruthLine.County::arrestsPerDay)
                .orElse(0.0);
        return rate < 0.3
                ? "a <0.3/day"
                : rate < 1 ? "b 0.3-1/day" : rate < 2 ? "c 1-2/day" : rate < 4 ? "d 2-4/day" : "e 4+/day";
    }

    private int cadenceDays(String code) {
        return scoring.truth()
                .county(code)
                .map(c -> c.plants().stream()
                        .mapToInt(TruthLine.Plant::cadenceDays)
                        .min()
                        .orElse(7))
                .orElse(7);
    }

    private String cadenceClass(String code) {
        int d = cadenceDays(code);
        return d <= 2 ? "daily" : d <= 10 ? "weekly" : "monthly";
    }
}
