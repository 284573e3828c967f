package io.drugwatch.alerting.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Has a series' level risen? A one-sided two-sample t-test of the mean of the latest values against the
 * level of earlier ones, with the spread estimated from the earlier values only, so that a rise does not
 * widen its own yardstick. Used on log wastewater loads, where noise is multiplicative (lognormal), so a
 * difference of levels is the log of a ratio of geometric means.
 *
 * <p>The earlier values may hold a past rise of their own. {@link #robust} takes their median and median
 * absolute deviation instead of mean and standard deviation, so a past outbreak neither raises the
 * baseline nor widens the yardstick (Farrington's down-weighting of past outbreaks does the same in a
 * regression).
 */
public final class LevelShiftTest {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private LevelShiftTest() {}

    /**
     * @param difference mean of the recent values minus the mean of the earlier ones
     * @param standardError of that difference
     * @param degreesOfFreedom of the t distribution: earlier values − 1
     * @param pValue P(T ≥ t) for t = difference / standardError
     */
    public record Result(double difference, double standardError, int degreesOfFreedom, double pValue) {}

    /**
     * @param recent the latest values, at least one
     * @param earlier the values before them, at least two
     * @param sdFloor the smallest standard deviation assumed, so that a series that happened to be flat does
     *     not turn a small step into a certainty
     */
    public static Result test(double[] recent, double[] earlier, double sdFloor) {
        if (recent.length < 1 || earlier.length < 2) {
            throw new IllegalArgumentException("need at least 1 recent and 2 earlier values");
        }
        double recentMean = mean(recent);
        double earlierMean = mean(earlier);
        double squares = 0;
        for (double v : earlier) {
            squares += (v - earlierMean) * (v - earlierMean);
        }
        double sd = Math.max(sdFloor, Math.sqrt(squares / (earlier.length - 1)));
        double se = sd * Math.sqrt(1.0 / recent.length + 1.0 / earlier.length);
        int df = earlier.length - 1;
        double difference = recentMean - earlierMean;
        double p = TDistribution.of(df).survivalProbability(difference / se);
        return new Result(difference, se, df, p);
    }

    /**
     * Stouffer's weighted z: one-sided p-values of independent tests combined into one, each z weighted
     * (Z = Σ w·z / √Σ w²). With one test it returns that test's p-value.
     */
    public static double combine(double[] pValues, double[] weights) {
        if (pValues.length != weights.length || pValues.length == 0) {
            throw new IllegalArgumentException("need one weight per p-value");
        }
        if (pValues.length == 1) {
            return pValues[0];
        }
        double z = 0;
        double w2 = 0;
        for (int i = 0; i < pValues.length; i++) {
            z += weights[i] * STANDARD_NORMAL.inverseSurvivalProbability(pValues[i]);
            w2 += weights[i] * weights[i];
        }
        return STANDARD_NORMAL.survivalProbability(z / Math.sqrt(w2));
    }

    /** Bonferroni's bound for the smallest of {@code pValues}: the smallest times how many there are. */
    public static double bonferroni(double[] pValues) {
        double min = 1;
        for (double p : pValues) {
            min = Math.min(min, p);
        }
        return Math.min(1, min * pValues.length);
    }

    /**
     * The same test with the earlier values' level as their median and their spread as 1.4826 × their median
     * absolute deviation (a consistent estimate of the standard deviation for normal data); the median's
     * larger variance (π/2 times the mean's) is in the standard error, and the MAD's lower efficiency in the
     * degrees of freedom.
     */
    public static Result robust(double[] recent, double[] earlier, double sdFloor) {
        if (recent.length < 1 || earlier.length < 2) {
            throw new IllegalArgumentException("need at least 1 recent and 2 earlier values");
        }
        double level = median(earlier);
        double[] deviations = new double[earlier.length];
        for (int i = 0; i < earlier.length; i++) {
            deviations[i] = Math.abs(earlier[i] - level);
        }
        double sd = Math.max(sdFloor, MAD_TO_SD * median(deviations));
        double se = sd * Math.sqrt(1.0 / recent.length + Math.PI / 2 / earlier.length);
        // the MAD is a noisier scale than the sd: 37 % as efficient for normal data, so fewer degrees of freedom
        int df = Math.max(1, (int) Math.round(MAD_EFFICIENCY * (earlier.length - 1)));
        double difference = mean(recent) - level;
        return new Result(difference, se, df, TDistribution.of(df).survivalProbability(difference / se));
    }

    /** Asymptotic efficiency of the MAD against the sd for normal data. */
    static final double MAD_EFFICIENCY = 0.37;

    /** 1 / Φ⁻¹(3/4): the median absolute deviation of a normal sample, times this, estimates its sd. */
    static final double MAD_TO_SD = 1.482602218505602;

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
