package io.drugwatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WastewaterLoadTest {

    @Test
    void loadIsConcentrationTimesFlowPerPopulation() {
        // 1,000 ng/L x 50,000 m3/day = 5e10 ng/day = 50,000 mg/day, over 200 thousand people = 250 mg/day/1000
        assertThat(WastewaterLoad.mgPerDayPer1000(1_000, 50_000, 200_000, false))
                .isCloseTo(250.0, within(1e-9));
    }

    @Test
    void anjuMethamphetamineOrderOfMagnitude() {
        // 安居区 reports 371.6 mg/1000 inhabitants/day; e.g. 743.2 ng/L with 40,000 m3/day for 80,000 people
        assertThat(WastewaterLoad.mgPerDayPer1000(743.2, 40_000, 80_000, false)).isCloseTo(371.6, within(1e-9));
    }

    @Test
    void belowLimitOfQuantificationCountsAsZero() {
        assertThat(WastewaterLoad.mgPerDayPer1000(12, 50_000, 200_000, true)).isZero();
    }
}
