package io.drugwatch.alerting.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictiveCountTestTest {

    /** P(X ≥ x) by summing the probability mass function term by term: a second way to the same number. */
    private static double tailBySum(int x, double size, double prob) {
        double pmf = Math.pow(prob, size);
        double below = 0;
        for (int k = 0; k < x; k++) {
            below += pmf;
            pmf *= (k + size) / (k + 1) * (1 - prob);
        }
        return 1 - below;
    }

    @Test
    void theUpperTailIsTheNegativeBinomialsForIntegerCounts() {
        for (double size : new double[] {0.5, 2.5, 30.25, 168.5}) {
            for (double prob : new double[] {0.5, 0.857, 0.923}) {
                for (int x : new int[] {1, 3, 10, 25}) {
                    assertThat(PredictiveCountTest.upperTail(x, size, prob))
                            .as("x=%d size=%s prob=%s", x, size, prob)
                            .isCloseTo(tailBySum(x, size, prob), within(1e-9));
                }
            }
        }
        assertThat(PredictiveCountTest.upperTail(0, 3, 0.5)).isEqualTo(1);
    }

    @Test
    void tinyTailsKeepTheirPrecision() {
        // 60 events in a week where the baseline had 2 a day: far beyond 1 - sum's 1e-16 floor
        double p = PredictiveCountTest.test(60, 168, 84, 7, 1).pValue();
        assertThat(p).isGreaterThan(0).isLessThan(1e-16);
    }

    @Test
    void thePredictiveMeanIsTheBaselineRateTimesTheExposure() {
        PredictiveCountTest.Result r = PredictiveCountTest.test(10, 168, 84, 7, 1);
        // (168 + 1/2) / 84 per day, for 7 days
        assertThat(r.expected()).isCloseTo(168.5 / 84 * 7, within(1e-9));
        assertThat(r.ratio(10)).isCloseTo(10 / r.expected(), within(1e-12));
        // without a single baseline event the prior still expects a little
        assertThat(PredictiveCountTest.test(0, 0, 84, 7, 1).expected()).isCloseTo(0.5 / 84 * 7, within(1e-12));
    }

    @Test
    void aBaselineFromFewEventsNeedsALargerExcessThanOneFromMany() {
        // the same rate, 0.5 a day, known from 4 weeks or from 52
        double fromFew = PredictiveCountTest.test(10, 14, 28, 7, 1).pValue();
        double fromMany = PredictiveCountTest.test(10, 182, 364, 7, 1).pValue();
        assertThat(fromFew).isGreaterThan(fromMany);
    }

    @Test
    void dispersionDividesTheEvidence() {
        double poisson = PredictiveCountTest.test(30, 168, 84, 7, 1).pValue();
        double overdispersed = PredictiveCountTest.test(30, 168, 84, 7, 2.5).pValue();
        assertThat(overdispersed).isGreaterThan(poisson * 30);
    }

    @Test
    void theUpperBoundIsTheQuantileOfThePredictive() {
        long q = PredictiveCountTest.upperBound(168, 84, 7, 1, 1e-3);
        assertThat(PredictiveCountTest.upperTail(q + 1, 168.5, 84.0 / 91)).isLessThanOrEqualTo(1e-3);
        assertThat(PredictiveCountTest.upperTail(q, 168.5, 84.0 / 91)).isGreaterThan(1e-3);
    }

    @Test
    void poissonDaysGiveADispersionNearOne() {
        Random random = new Random(3);
        double[] counts = new double[84];
        double[] exposures = new double[84];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = poisson(random, 4);
            exposures[i] = 1;
        }
        assertThat(PredictiveCountTest.dispersion(counts, exposures, 1e9, 0)).isBetween(1.0, 1.4);
    }

    @Test
    void negativeBinomialDaysGiveTheirDispersion() {
        Random random = new Random(5);
        double[] counts = new double[840];
        double[] exposures = new double[840];
        for (int i = 0; i < counts.length; i++) {
            // gamma(2, 2) mixing: mean 4, variance 4 + 16 / 2 = 12, dispersion 3
            double lambda = 2 * (-Math.log(random.nextDouble()) - Math.log(random.nextDouble()));
            counts[i] = poisson(random, lambda);
            exposures[i] = 1;
        }
        assertThat(PredictiveCountTest.dispersion(counts, exposures, 1e9, 0)).isCloseTo(3, within(0.4));
    }

    @Test
    void fewEventsLeanOnThePrior() {
        double[] counts = new double[84];
        double[] exposures = new double[84];
        java.util.Arrays.fill(exposures, 1);
        counts[10] = 1;
        counts[50] = 1;
        // two events say nothing about dispersion: nearly the prior 1 + rate / size
        double rate = 2.0 / 84;
        assertThat(PredictiveCountTest.dispersion(counts, exposures, 2, 20)).isCloseTo(1 + rate / 2, within(0.01));
        double[] none = new double[84];
        assertThat(PredictiveCountTest.dispersion(none, exposures, 2, 20)).isEqualTo(1);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> PredictiveCountTest.test(1, 1, 0, 7, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PredictiveCountTest.test(1, 1, 84, 7, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int poisson(Random random, double lambda) {
        int k = 0;
        double p = Math.exp(-lambda);
        double cumulative = p;
        double u = random.nextDouble();
        while (u > cumulative) {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }
}
