package io.drugwatch.alerting.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Has a series' level risen? A one-sided two-sample t-test of the mean of the latest values against the
 * mean of earlier ones, with the spread estimated from the earlier values only, so that a rise does not
 * widen its own yardstick. Used on log wastewater loads, where noise is multiplicative (lognormal), so a
 * difference of means is the log of a ratio of geometric means.
 */
public final class LevelShiftTest {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private LevelShiftTest() {
    }

    /**
     * @param difference mean of the recent values minus the mean of the earlier ones
     * @param standardError of that difference
     * @param degreesOfFreedom of the t distribution: earlier values − 1
     * @param pValue P(T ≥ t) for t = difference / standardError
     */
    public record Result(double difference, double standardError, int degreesOfFreedom, double pValue) {
    }

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

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
