package io.drugwatch.alerting.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LevelShiftTestTest {

    @Test
    void aHandComputedExample() {
        // earlier: mean 1, sd 0.5 (n - 1), n 5; recent: mean 2, n 2
        double[] earlier = {0.5, 1.5, 0.5, 1.5, 1.0};
        double[] recent = {1.8, 2.2};

        LevelShiftTest.Result r = LevelShiftTest.test(recent, earlier, 0.1);

        double sd = Math.sqrt((0.25 * 4) / 4);
        double se = sd * Math.sqrt(1.0 / 2 + 1.0 / 5);
        assertThat(r.difference()).isCloseTo(1.0, within(1e-12));
        assertThat(r.standardError()).isCloseTo(se, within(1e-12));
        assertThat(r.degreesOfFreedom()).isEqualTo(4);
        // t = 2.390457 on 4 degrees of freedom; R: pt(2.390457, 4, lower.tail = FALSE) = 0.03756524
        assertThat(r.pValue()).isCloseTo(0.03756524, within(1e-7));
    }

    @Test
    void theFloorKeepsAFlatHistoryFromMakingEveryStepCertain() {
        double[] flat = {1, 1, 1, 1, 1, 1};
        LevelShiftTest.Result r = LevelShiftTest.test(new double[] {1.2, 1.2, 1.2}, flat, 0.15);
        assertThat(r.standardError()).isCloseTo(0.15 * Math.sqrt(1.0 / 3 + 1.0 / 6), within(1e-12));
        assertThat(r.pValue()).isGreaterThan(0.01);
    }

    @Test
    void aFallIsNoRise() {
        assertThat(LevelShiftTest.test(new double[] {0, 0}, new double[] {1, 1.2, 0.8, 1.1}, 0.1)
                        .pValue())
                .isGreaterThan(0.99);
    }

    @Test
    void stoufferCombinesByWeight() {
        assertThat(LevelShiftTest.combine(new double[] {0.03}, new double[] {5}))
                .isEqualTo(0.03);
        // two tests at z = 1.6449 (p = 0.05) with equal weights: z = 1.6449 * sqrt 2 = 2.3262, p = 0.01
        assertThat(LevelShiftTest.combine(new double[] {0.05, 0.05}, new double[] {1, 1}))
                .isCloseTo(0.01, within(1e-4));
        // a tiny plant's rise barely moves a big plant's calm
        double combined = LevelShiftTest.combine(new double[] {1e-8, 0.5}, new double[] {1, 100});
        assertThat(combined).isGreaterThan(0.3);
    }
}
