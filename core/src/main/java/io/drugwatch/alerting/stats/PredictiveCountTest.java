package io.drugwatch.alerting.stats;

import org.apache.commons.numbers.gamma.RegularizedBeta;

/**
 * How surprising a count is, given the counts of a baseline: the posterior predictive of a
 * Poisson-gamma model, as in the Bayes system of R's {@code surveillance} package ({@code algo.bayes},
 * Riebler 2004), generalised in two ways.
 *
 * <ul>
 *   <li><b>Exposure.</b> The judged period and the baseline have exposures (days, weighted by how busy
 *       each day is expected to be: a campaign day counts {@code uplift} times; for checkpoint hits, the
 *       vehicles inspected). The rate per unit exposure has the posterior Gamma(c + ½, E_b) from c
 *       events in exposure E_b (Jeffreys prior); the count in exposure E_r is then negative binomial
 *       with size c + ½ and probability E_b / (E_b + E_r). With one-day periods and exposure 1 per day
 *       this is exactly {@code algo.bayes}: its upper bound is the (1 − α) quantile of that distribution.</li>
 *   <li><b>Overdispersion.</b> Real counts vary more than Poisson. As in Farrington's quasi-Poisson
 *       model, the counts are divided by a dispersion φ ≥ 1 before the Poisson-gamma step, so a busy
 *       county whose days vary twice as much as Poisson needs a twice larger excess to be as surprising.</li>
 * </ul>
 *
 * The uncertainty of a baseline estimated from few events is part of the predictive distribution, so
 * sparse counties need larger excesses, without a separate correction.
 */
public final class PredictiveCountTest {

    /** The Jeffreys prior's shape: what a baseline without events still allows. */
    static final double PRIOR_SHAPE = 0.5;

    private PredictiveCountTest() {}

    /**
     * @param pValue P(count ≥ observed) under the baseline
     * @param expected the predictive mean of the count
     */
    public record Result(double pValue, double expected) {

        /** Observed over expected; infinite when nothing was expected. */
        public double ratio(double observed) {
            return expected > 0 ? observed / expected : observed > 0 ? Double.POSITIVE_INFINITY : 1;
        }
    }

    /**
     * @param observed the count in the judged period
     * @param baselineCount the count in the baseline
     * @param baselineExposure exposure of the baseline, &gt; 0
     * @param recentExposure exposure of the judged period, &gt; 0
     * @param dispersion φ ≥ 1 (1 for Poisson counts)
     */
    public static Result test(
            double observed, double baselineCount, double baselineExposure, double recentExposure, double dispersion) {
        if (!(baselineExposure > 0) || !(recentExposure > 0)) {
            throw new IllegalArgumentException("exposures must be > 0: " + baselineExposure + ", " + recentExposure);
        }
        if (!(dispersion >= 1)) {
            throw new IllegalArgumentException("dispersion must be >= 1: " + dispersion);
        }
        double size = baselineCount / dispersion + PRIOR_SHAPE;
        double prob = baselineExposure / (baselineExposure + recentExposure);
        double expected = dispersion * size * (1 - prob) / prob;
        return new Result(upperTail(observed / dispersion, size, prob), expected);
    }

    /**
     * P(X ≥ x) for a negative binomial X (failures before the {@code size}-th success, success probability
     * {@code prob}), continued to real x through the regularized incomplete beta function:
     * P(X ≥ x) = I<sub>1−prob</sub>(x, size). Computed directly, not as 1 − P(X &lt; x), so tiny tails keep
     * their precision.
     */
    public static double upperTail(double x, double size, double prob) {
        if (x <= 0) {
            return 1;
        }
        return RegularizedBeta.value(1 - prob, x, size);
    }

    /**
     * The (1 − α) quantile of the predictive count for one period (the upper bound that
     * {@code algo.bayes} reports): the smallest integer count q with P(X ≤ q) ≥ 1 − α, i.e. P(X ≥ q + 1) ≤ α.
     */
    public static long upperBound(
            double baselineCount, double baselineExposure, double recentExposure, double dispersion, double alpha) {
        double size = baselineCount / dispersion + PRIOR_SHAPE;
        double prob = baselineExposure / (baselineExposure + recentExposure);
        long q = 0;
        while (upperTail((q + 1) / dispersion, size, prob) > alpha) {
            q++;
        }
        return q;
    }

    /**
     * Farrington's quasi-Poisson dispersion of daily counts around rate × exposure, from Pearson's
     * statistic: φ̂ = Σ (y − m·e)² / (m·e) / (n − 1), with m = Σy / Σe. Few events say little about φ,
     * so the estimate is shrunk towards the dispersion of a negative binomial day of size
     * {@code priorSize} at that rate, with weight Σy / (Σy + {@code priorEvents}). Never below 1.
     *
     * @param counts daily counts
     * @param exposures their exposures, &gt; 0
     */
    public static double dispersion(double[] counts, double[] exposures, double priorSize, double priorEvents) {
        if (counts.length != exposures.length || counts.length < 2) {
            throw new IllegalArgumentException("need two or more days with exposures");
        }
        double total = 0;
        double exposure = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            exposure += exposures[i];
        }
        if (total == 0) {
            return 1;
        }
        double rate = total / exposure;
        double pearson = 0;
        for (int i = 0; i < counts.length; i++) {
            double mean = rate * exposures[i];
            pearson += (counts[i] - mean) * (counts[i] - mean) / mean;
        }
        double estimate = Math.max(1, pearson / (counts.length - 1));
        double prior = 1 + rate * (exposure / counts.length) / priorSize;
        double weight = total / (total + priorEvents);
        return Math.max(1, weight * estimate + (1 - weight) * prior);
    }
}
