package io.drugwatch.evaluate;

import io.drugwatch.alerting.stats.PredictiveCountTest;
import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.TruthLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.gamma.RegularizedGamma;

/**
 * The detector no rule can beat: it knows each county's true daily mean and dispersion from the truth
 * file and tests the 7- and 14-day sums ending on each day against their negative binomial
 * distribution under the truth. Its p-value threshold is set so that its false OPENs spend a given
 * budget, and its alarms go through the same lifecycle as the rules' (hold while p ≤ the hold level,
 * resolve after two clear days), so the two are compared at equal false alarms.
 *
 * <p>For COUNT_SPIKE it knows the truth's series of each count subject. For CHECKPOINT_HIT_RATE it
 * knows each county's true hit rate and the day-to-day spread of its hits, and takes the vehicles as
 * observed: it tests the hits against what that many vehicles bring at the true rate.
 */
public final class IdealDetector {

    static final int[] WINDOWS = {7, 14};
    /** The observed subject of vehicles inspected, next to the count subjects. */
    static final String VEHICLES = "VEHICLES";

    static final String HITS = "INSPECTION_HITS";

    private final AlertRule family;
    private final Scoring scoring;
    private final double holdP;
    private final int resolveAfter;
    /** Per (county, subject): the smallest p of the windows ending on each day from scoring.from(). */
    private final List<Series> series = new ArrayList<>();

    private record Series(String county, String subject, double[] p) {}

    /**
     * What the ideal knows of one county's subject, each array indexed by day from the observed first day.
     *
     * @param variance of each day's count under the truth
     */
    record Known(String county, String subject, int[] counts, double[] mean, double[] variance) {}

    IdealDetector(
            AlertRule family, Scoring scoring, LocalDate first, List<Known> known, double holdP, int resolveAfter) {
        this.family = family;
        this.scoring = scoring;
        this.holdP = holdP;
        this.resolveAfter = resolveAfter;
        int days = (int) (scoring.to().toEpochDay() - scoring.from().toEpochDay() + 1);
        int offset = (int) (scoring.from().toEpochDay() - first.toEpochDay());
        for (Known k : known) {
            double[] p = new double[days];
            for (int i = 0; i < days; i++) {
                p[i] = pValue(k, offset + i);
            }
            series.add(new Series(k.county(), k.subject(), p));
        }
    }

    /**
     * COUNT_SPIKE's ideal.
     *
     * @param subjects the count subjects judged (those of {@code alert.count-spike.metrics} the truth has)
     * @param holdP the hold level of the lifecycle
     */
    public static IdealDetector counts(
            Scoring scoring, ObservedCounts observed, List<String> subjects, double holdP, int resolveAfter) {
        List<Known> known = new ArrayList<>();
        for (TruthLine.County county : scoring.atRisk(AlertRule.COUNT_SPIKE)) {
            for (String subject : subjects) {
                TruthLine.Series truth =
                        scoring.truth().series(county.code(), subject).orElse(null);
                if (truth == null) {
                    continue;
                }
                double[] mean = new double[observed.days()];
                double[] variance = new double[observed.days()];
                for (int i = 0; i < mean.length; i++) {
                    double mu = truth.meanOn(observed.first().plusDays(i));
                    mean[i] = Double.isNaN(mu) ? 0 : mu;
                    variance[i] = mean[i] + mean[i] * mean[i] / truth.size();
                }
                known.add(new Known(county.code(), subject, observed.of(county.code(), subject), mean, variance));
            }
        }
        return new IdealDetector(AlertRule.COUNT_SPIKE, scoring, observed.first(), known, holdP, resolveAfter);
    }

    /**
     * CHECKPOINT_HIT_RATE's ideal: a day's hits given V vehicles have mean V·hitRate and variance
     * mean + mean²/hitSize under the truth.
     *
     * @param observed holds {@value #HITS} and {@value #VEHICLES}
     */
    public static IdealDetector checkpoints(Scoring scoring, ObservedCounts observed, double holdP, int resolveAfter) {
        List<Known> known = new ArrayList<>();
        for (TruthLine.County county : scoring.atRisk(AlertRule.CHECKPOINT_HIT_RATE)) {
            if (county.hitRate() <= 0 || county.hitSize() <= 0) {
                continue;
            }
            int[] vehicles = observed.of(county.code(), VEHICLES);
            double[] mean = new double[observed.days()];
            double[] variance = new double[observed.days()];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = vehicles[i] * county.hitRate();
                variance[i] = mean[i] + mean[i] * mean[i] / county.hitSize();
            }
            known.add(
                    new Known(county.code(), TruthLine.CHECKPOINTS, observed.of(county.code(), HITS), mean, variance));
        }
        return new IdealDetector(AlertRule.CHECKPOINT_HIT_RATE, scoring, observed.first(), known, holdP, resolveAfter);
    }

    /** The smallest p of the windows ending on day {@code end} (an index into the known arrays). */
    static double pValue(Known k, int end) {
        double best = 1;
        for (int w : WINDOWS) {
            double mean = 0;
            double variance = 0;
            long observed = 0;
            for (int i = Math.max(0, end - w + 1); i <= end && i < k.counts().length; i++) {
                mean += k.mean()[i];
                variance += k.variance()[i];
                observed += k.counts()[i];
            }
            best = Math.min(best, upperTail(observed, mean, variance));
        }
        return best;
    }

    /** P(S ≥ s) for a negative binomial of that mean and variance (Poisson when there is no overdispersion). */
    static double upperTail(long s, double mean, double variance) {
        if (s <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        if (variance <= mean * (1 + 1e-9)) {
            return RegularizedGamma.P.value(s, mean);
        }
        double size = mean * mean / (variance - mean);
        return PredictiveCountTest.upperTail(s, size, size / (size + mean));
    }

    /** The OPENs at p-value threshold {@code alpha}. */
    public List<Open> opens(double alpha) {
        List<Open> out = new ArrayList<>();
        for (Series s : series) {
            AlarmLifecycle.Verdict[] verdicts = new AlarmLifecycle.Verdict[s.p().length];
            for (int i = 0; i < verdicts.length; i++) {
                double p = s.p()[i];
                verdicts[i] = p <= alpha
                        ? AlarmLifecycle.Verdict.ALARM
                        : p <= holdP ? AlarmLifecycle.Verdict.HOLD : AlarmLifecycle.Verdict.CLEAR;
            }
            for (LocalDate day : AlarmLifecycle.openDays(scoring.from(), verdicts, resolveAfter)) {
                out.add(new Open(family, s.county(), s.subject(), day));
            }
        }
        return out;
    }

    /**
     * The largest threshold whose false OPENs stay within {@code budgetPer1000} per 1,000 county-days,
     * by bisection on its logarithm.
     */
    public double calibrate(double budgetPer1000) {
        double lo = -14;
        double hi = -1;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            double rate = scoring.score(family, opens(Math.pow(10, mid))).falsePer1000();
            if (rate <= budgetPer1000) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.pow(10, lo);
    }

    /** This detector's score at its threshold for {@code budgetPer1000}. */
    public Report.Ideal calibrated(double budgetPer1000) {
        double alpha = calibrate(budgetPer1000);
        return new Report.Ideal(alpha, scoring.score(family, opens(alpha)));
    }
}
