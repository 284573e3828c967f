package io.drugwatch.alerting.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The statistics of the alert rules against R on fixed series: the Bayes system of R's
 * {@code surveillance} package, and base R's distributions for the parts it does not have.
 */
@EnabledIf(value = "io.drugwatch.alerting.stats.RScript#installedOrCi", disabledReason = RScript.INSTALL_HINT)
class RCrossCheckTest {

    /** A fixed, overdispersed daily series of 200 days. */
    private static int[] series() {
        Random random = new Random(20261204);
        int[] y = new int[200];
        for (int i = 0; i < y.length; i++) {
            double lambda = 2 * (-Math.log(random.nextDouble()) - Math.log(random.nextDouble())) * (i >= 180 ? 3 : 1);
            int k = 0;
            double p = Math.exp(-lambda);
            double cumulative = p;
            double u = random.nextDouble();
            while (u > cumulative) {
                k++;
                p *= lambda / k;
                cumulative += p;
            }
            y[i] = k;
        }
        return y;
    }

    private static String vector(int[] values) {
        return "c(" + IntStream.of(values).mapToObj(Integer::toString).collect(Collectors.joining(",")) + ")";
    }

    @Test
    void theOneDayPredictiveIsSurveillancesBayesSystem() throws Exception {
        int[] y = series();
        int w = 84;
        double alpha = 1e-3;
        List<String> r = RScript.run("suppressMessages(library(surveillance))\n"
                + "y <- " + vector(y) + "\n"
                + "d <- create.disProg(week = seq_along(y), observed = y, state = rep(0, length(y)), freq = 365)\n"
                + "s <- algo.bayes(d, control = list(range = " + (w + 1) + ":length(y), b = 0, w = " + w
                + ", actY = TRUE, alpha = " + alpha + "))\n"
                + "cat(s$upperbound, sep = '\\n')\n");
        List<Long> ours = new ArrayList<>();
        for (int t = w; t < y.length; t++) {
            long baseline = 0;
            for (int i = t - w; i < t; i++) {
                baseline += y[i];
            }
            ours.add(PredictiveCountTest.upperBound(baseline, w, 1, 1, alpha));
        }
        assertThat(r.stream().map(Long::parseLong).toList()).isEqualTo(ours);
    }

    @Test
    void windowsExposuresAndDispersionAgreeWithRsNegativeBinomial() throws Exception {
        // (observed, baseline count, baseline exposure, recent exposure, dispersion)
        double[][] cases = {
            {30, 168, 84, 7, 1},
            {30, 168, 84, 7, 2.5},
            {56, 168, 84, 14, 1.3},
            {9, 12, 84, 7, 1},
            {98, 336, 96.6, 20.3, 1.11},
            {6, 0, 84, 1, 1},
            {42, 14, 1000, 140, 1.8}
        };
        StringBuilder code = new StringBuilder();
        for (double[] c : cases) {
            // the predictive of the count / dispersion: negative binomial of size c/phi + 1/2, prob Eb/(Eb + Er),
            // continued to non-integer counts through the beta function, P(X >= x) = pbeta(1 - prob, x, size)
            code.append(String.format(
                    Locale.ROOT, "size <- %f / %f + 0.5; prob <- %f / (%f + %f)\n", c[1], c[4], c[2], c[2], c[3]));
            code.append(String.format(
                    Locale.ROOT,
                    "cat(sprintf('%%.15e %%.15e', pbeta(1 - prob, %f / %f, size),"
                            + " %f * size * (1 - prob) / prob), sep = '\\n')\n",
                    c[0],
                    c[4],
                    c[4]));
            if (c[4] == 1 && c[0] == Math.rint(c[0])) {
                // with integer counts and no dispersion it is R's own negative binomial
                code.append(String.format(
                        Locale.ROOT,
                        "cat(sprintf('%%.15e', pnbinom(%d, size, prob, lower.tail = FALSE)), sep = '\\n')\n",
                        (long) c[0] - 1));
            }
        }
        List<String> r = RScript.run(code.toString());
        int line = 0;
        for (double[] c : cases) {
            PredictiveCountTest.Result ours = PredictiveCountTest.test(c[0], c[1], c[2], c[3], c[4]);
            String[] parts = r.get(line++).split(" ");
            assertThat(ours.pValue())
                    .as("p of %s", java.util.Arrays.toString(c))
                    .isCloseTo(Double.parseDouble(parts[0]), within(Double.parseDouble(parts[0]) * 1e-8 + 1e-300));
            assertThat(ours.expected()).isCloseTo(Double.parseDouble(parts[1]), within(1e-9));
            if (c[4] == 1 && c[0] == Math.rint(c[0])) {
                double nbinom = Double.parseDouble(r.get(line++));
                assertThat(ours.pValue()).isCloseTo(nbinom, within(nbinom * 1e-8));
            }
        }
    }

    @Test
    void theLevelShiftTestAndStoufferAgreeWithR() throws Exception {
        double[] earlier = {4.21, 4.35, 3.98, 4.40, 4.12, 4.30, 4.05, 4.27, 4.18, 4.33};
        double[] recent = {4.71, 4.95, 4.62};
        LevelShiftTest.Result ours = LevelShiftTest.test(recent, earlier, 0.01);
        String e = java.util.Arrays.stream(earlier).mapToObj(Double::toString).collect(Collectors.joining(","));
        String n = java.util.Arrays.stream(recent).mapToObj(Double::toString).collect(Collectors.joining(","));
        List<String> r = RScript.run("e <- c(" + e + "); n <- c(" + n + ")\n"
                + "se <- sd(e) * sqrt(1 / length(n) + 1 / length(e))\n"
                + "cat(sprintf('%.15e', pt((mean(n) - mean(e)) / se, length(e) - 1, lower.tail = FALSE)), sep = '\\n')\n"
                + "p <- c(1e-5, 0.2, 0.6); w <- c(400000, 50000, 20000)\n"
                + "cat(sprintf('%.15e', pnorm(sum(w * qnorm(p, lower.tail = FALSE)) / sqrt(sum(w^2)),"
                + " lower.tail = FALSE)), sep = '\\n')\n");
        assertThat(ours.pValue()).isCloseTo(Double.parseDouble(r.get(0)), within(Double.parseDouble(r.get(0)) * 1e-8));
        double combined = LevelShiftTest.combine(new double[] {1e-5, 0.2, 0.6}, new double[] {400_000, 50_000, 20_000});
        assertThat(combined).isCloseTo(Double.parseDouble(r.get(1)), within(Double.parseDouble(r.get(1)) * 1e-8));
    }
}
