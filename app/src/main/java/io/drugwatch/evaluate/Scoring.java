package io.drugwatch.evaluate;

import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.AnomalyKind;
import io.drugwatch.sim.truth.Truth;
import io.drugwatch.sim.truth.TruthLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the OPENs of one rule family against what the generator planted (docs/evaluation.md): false
 * OPENs per 1,000 county-days at risk, which planted anomalies were found and how soon, and the
 * detection a family's own false alarms would have reached by luck.
 */
public final class Scoring {

    /** An anomaly's window runs this many days past its last day. */
    public static final int GRACE_DAYS = 7;
    /** Days from the first day of data before any rule judges: the minimum baseline plus the longest window. */
    public static final int WARM_UP_DAYS = 42;

    /** The statistical rule families, in report order. */
    public static final List<AlertRule> FAMILIES = List.of(
            AlertRule.COUNT_SPIKE,
            AlertRule.WASTEWATER_RISE,
            AlertRule.CHECKPOINT_HIT_RATE,
            AlertRule.CONSUMPTION_WITHOUT_ENFORCEMENT);

    private final Truth truth;
    private final LocalDate from;
    private final LocalDate to;
    private final Set<LocalDate> campaignDays = new HashSet<>();

    public Scoring(Truth truth) {
        this(truth, null);
    }

    /** @param from the first day judged; null for {@value #WARM_UP_DAYS} days after the data began */
    public Scoring(Truth truth, LocalDate from) {
        this.truth = truth;
        this.from = from != null ? from : truth.generator().firstDay().plusDays(WARM_UP_DAYS);
        this.to = truth.generator().lastDay();
        for (TruthLine.Campaign c : truth.campaigns()) {
            for (LocalDate d = c.first(); !d.isAfter(c.last()); d = d.plusDays(1)) {
                campaignDays.add(d);
            }
        }
    }

    /** First day judged. */
    public LocalDate from() {
        return from;
    }

    /** Last day judged. */
    public LocalDate to() {
        return to;
    }

    public Truth truth() {
        return truth;
    }

    public boolean isCampaignDay(LocalDate day) {
        return campaignDays.contains(day);
    }

    /** The counties a family can judge: all for counts, those with plants or checkpoints for the others. */
    public List<TruthLine.County> atRisk(AlertRule family) {
        return truth.counties().stream()
                .filter(c -> switch (family) {
                    case WASTEWATER_RISE, CONSUMPTION_WITHOUT_ENFORCEMENT ->
                        !c.plants().isEmpty();
                    case CHECKPOINT_HIT_RATE -> c.checkpoints() > 0;
                    default -> true;
                })
                .toList();
    }

    /** The planted anomalies the family should see (scores count those that begin on a judged day). */
    public List<TruthLine.Anomaly> anomalies(AlertRule family) {
        return truth.anomalies().stream().filter(a -> a.kind().rule() == family).toList();
    }

    /**
     * @param anomaly what was planted
     * @param foundOn the day the first OPEN of the family in the anomaly's window fell on, or null
     * @param luck the probability that the family's own false alarms hit the window by chance
     */
    public record AnomalyResult(TruthLine.Anomaly anomaly, LocalDate foundOn, double luck) {

        public boolean found() {
            return foundOn != null;
        }

        /** Days from the anomaly's first day to the OPEN. */
        public Integer delay() {
            return foundOn == null
                    ? null
                    : (int) (foundOn.toEpochDay() - anomaly.first().toEpochDay());
        }
    }

    /**
     * @param countyDays county-days at risk outside every anomaly window of the family
     * @param campaignCountyDays of those, the days of a nationwide campaign
     * @param falseOpens OPENs on those days
     * @param falseOpensCampaign of those, on campaign days
     * @param opens every OPEN of the family in the judged period
     */
    public record FamilyScore(
            AlertRule family,
            long countyDays,
            long campaignCountyDays,
            long falseOpens,
            long falseOpensCampaign,
            long opens,
            List<AnomalyResult> anomalies) {

        public double falsePer1000() {
            return countyDays == 0 ? 0 : 1000.0 * falseOpens / countyDays;
        }

        public double falsePer1000Campaign() {
            return campaignCountyDays == 0 ? 0 : 1000.0 * falseOpensCampaign / campaignCountyDays;
        }

        public double falsePer1000Other() {
            long days = countyDays - campaignCountyDays;
            return days == 0 ? 0 : 1000.0 * (falseOpens - falseOpensCampaign) / days;
        }

        /** Share of the anomalies found. */
        public double detection() {
            return anomalies.isEmpty()
                    ? 0
                    : anomalies.stream().filter(AnomalyResult::found).count() / (double) anomalies.size();
        }

        /** Detection minus the share the family's false alarms would have hit by luck. */
        public double chanceCorrected() {
            if (anomalies.isEmpty()) {
                return 0;
            }
            double luck = anomalies.stream()
                    .mapToDouble(AnomalyResult::luck)
                    .average()
                    .orElse(0);
            return detection() - luck;
        }
    }

    /** Scores {@code opens} (any families; those of {@code family} count) as {@code family}. */
    public FamilyScore score(AlertRule family, List<Open> opens) {
        // every anomaly's days are excused, but only those beginning on a judged day count for detection
        List<TruthLine.Anomaly> planted = anomalies(family).stream()
                .filter(a -> !a.first().isBefore(from))
                .toList();
        Map<String, List<TruthLine.Anomaly>> byCounty = new HashMap<>();
        anomalies(family)
                .forEach(a -> byCounty.computeIfAbsent(a.code(), c -> new ArrayList<>())
                        .add(a));
        Set<String> counties = new HashSet<>();
        long countyDays = 0;
        long campaignCountyDays = 0;
        for (TruthLine.County c : atRisk(family)) {
            counties.add(c.code());
            List<TruthLine.Anomaly> mine = byCounty.getOrDefault(c.code(), List.of());
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                if (!inWindow(mine, d)) {
                    countyDays++;
                    if (isCampaignDay(d)) {
                        campaignCountyDays++;
                    }
                }
            }
        }
        List<Open> judged = opens.stream()
                .filter(o -> o.family() == family
                        && counties.contains(o.county())
                        && !o.day().isBefore(from)
                        && !o.day().isAfter(to))
                .toList();
        long falseOpens = 0;
        long falseCampaign = 0;
        Map<String, List<LocalDate>> openDays = new HashMap<>();
        for (Open o : judged) {
            openDays.computeIfAbsent(o.county(), c -> new ArrayList<>()).add(o.day());
            if (!inWindow(byCounty.getOrDefault(o.county(), List.of()), o.day())) {
                falseOpens++;
                if (isCampaignDay(o.day())) {
                    falseCampaign++;
                }
            }
        }
        double rate = countyDays == 0 ? 0 : (double) falseOpens / countyDays;
        List<AnomalyResult> results = new ArrayList<>();
        for (TruthLine.Anomaly a : planted) {
            LocalDate end = a.last().plusDays(GRACE_DAYS);
            LocalDate found = openDays.getOrDefault(a.code(), List.of()).stream()
                    .filter(d -> !d.isBefore(a.first()) && !d.isAfter(end))
                    .min(LocalDate::compareTo)
                    .orElse(null);
            int windowDays = (int) (end.toEpochDay() - a.first().toEpochDay() + 1);
            results.add(new AnomalyResult(a, found, 1 - Math.pow(1 - rate, windowDays)));
        }
        return new FamilyScore(
                family, countyDays, campaignCountyDays, falseOpens, falseCampaign, judged.size(), List.copyOf(results));
    }

    private static boolean inWindow(List<TruthLine.Anomaly> anomalies, LocalDate day) {
        for (TruthLine.Anomaly a : anomalies) {
            if (!day.isBefore(a.first()) && !day.isAfter(a.last().plusDays(GRACE_DAYS))) {
                return true;
            }
        }
        return false;
    }

    /** The kinds the families see, for the reports. */
    static AnomalyKind kindOf(AlertRule family) {
        for (AnomalyKind k : AnomalyKind.values()) {
            if (k.rule() == family) {
                return k;
            }
        }
        throw new IllegalArgumentException(family.toString());
    }
}
