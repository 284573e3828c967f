package io.drugwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SoakSeriesTest {

    @Test
    void slopeIsTheLeastSquaresChangePerHourAfterTheWarmUp() {
        SoakSeries rss = new SoakSeries("rss", "MiB");
        // warm-up: a steep climb that must not count
        rss.add(0, 100);
        rss.add(60, 300);
        // then 2 MiB per 10 minutes (12 MiB per hour) with noise, which the fit gives as 11.52
        double[] noise = {0.5, -0.5, 0.3, -0.3, 0};
        for (int i = 0; i < noise.length; i++) {
            double t = 600 + i * 600;
            rss.add(t, 500 + 2 * i + noise[i]);
        }

        assertThat(rss.slopePerHour(600)).isCloseTo(11.52, within(0.001));
        assertThat(rss.slopePerHour(0)).isGreaterThan(30);
        assertThat(rss.count(600)).isEqualTo(5);
        assertThat(rss.max(600)).isEqualTo(508);
        assertThat(rss.last()).isEqualTo(508);
        assertThat(rss.lastSeconds()).isEqualTo(3_000);
    }

    @Test
    void flatSeriesHasSlopeZeroAndTooFewSamplesHaveNone() {
        SoakSeries threads = new SoakSeries("threads", "");
        threads.add(0, 40);
        assertThat(threads.slopePerHour(0)).isNaN();
        threads.add(60, 40);
        threads.add(120, 40);
        assertThat(threads.slopePerHour(0)).isZero();
        assertThat(threads.slopePerHour(1_000)).isNaN();
    }
}
