package io.drugwatch.evaluate;

import io.drugwatch.alerting.stats.PredictiveCountTest;
import io.drugwatch.model.AlertRule;
import io.drugwatch.sim.truth.TruthLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.gamma.RegularizedGamma;

/**
 * The detector no rule can beat: it knows each county's true daily mean and dispersion (the truth file's
 * series) and tests the 7- and 14-day sums ending on each day against their negative binomial
 * distribution under the truth. Its p-value threshold is set so that its false OPENs spend a given
 * budget, and its alarms go through the same lifecycle as the rules' (hold while p ≤ the hold level,
 * resolve after two clear days), so the two are compared at equal false alarms.
 */
public final class IdealDetector {

    static final int[] WINDOWS = {7, 14};

    private final Scoring scoring;
    private final List<String> subjects;
    private final double holdP;
    private final int resolveAfter;
    /** Per (county, subject): the smallest p of the windows ending on each day from scoring.from(). */
    private final List<Series> series = new ArrayList<>();

    private record Series(String county, String subject, double[] p) {}

    /**
     * @param subjects the count subjects judged (those of {@code alert.count-spike.metrics} the truth has)
     * @param holdP the hold level of the lifecycle
     */
    public IdealDetector(
            Scoring scoring, ObservedCounts observed, List<String> subjects, double holdP, int resolveAfter) {
        this.scoring = scoring;
        this.subjects = List.copyOf(subjects);
        this.holdP = holdP;
        this.resolveAfter = resolveAfter;
        int days = (int) (scoring.to().toEpochDay() - scoring.from().toEpochDay() + 1);
        for (TruthLine.County county : scoring.atRisk(AlertRule.COUNT_SPIKE)) {
            for (String subject : this.subjects) {
                TruthLine.Series truth =
                        scoring.truth().series(county.code(), subject).orElse(null);
                if (truth == null) {
                    continue;
                }
                int[] counts = observed.of(county.code(), subject);
                double[] p = new double[days];
                for (int i = 0; i < days; i++) {
                    LocalDate day = scoring.from().plusDays(i);
                    p[i] = pValue(truth, counts, observed.first(), day);
                }
                series.add(new Series(county.code(), subject, p));
            }
        }
    }

    /** The smallest p of the windows ending on {@code day}. */
    static double pValue(TruthLine.Series truth, int[] counts, LocalDate countsFrom, LocalDate day) {
        double best = 1;
        for (int w : WINDOWS) {
            double mean = 0;
            double variance = 0;
            long observed = 0;
            for (int k = 0; k < w; k++) {
                LocalDate d = day.minusDays(k);
                double mu = truth.meanOn(d);
                if (Double.isNaN(mu)) {
                    mu = 0;
                }
                mean += mu;
                variance += mu + mu * mu / truth.size();
                long i = d.toEpochDay() - countsFrom.toEpochDay();
                observed += i >= 0 && i < counts.length ? counts[(int) i] : 0;
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
                out.add(new Open(AlertRule.COUNT_SPIKE, s.county(), s.subject(), day));
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
            double rate = scoring.score(AlertRule.COUNT_SPIKE, opens(Math.pow(10, mid)))
                    .falsePer1000();
            if (rate <= budgetPer1000) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.pow(10, lo);
    }
}
