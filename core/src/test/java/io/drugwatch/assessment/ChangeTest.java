package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.alerting.Language;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangeTest {

    @Test
    void ludianNewUsersFellByFiftyFivePointNinePercentNotOneHundredAndTwentySix() {
        // seed 001: "15人，比上年同期下降126.7%" implies 34 last year; 19 fewer is 55.9% of 34
        Change c = new Change(34, 15);

        assertThat(c.percent()).contains(new BigDecimal("-55.9"));
        assertThat(c.format(Language.ZH)).isEqualTo("下降55.9%");
        assertThat(c.format(Language.EN)).isEqualTo("down 55.9%");
        // the article divided by this year instead: 19 ÷ 15
        assertThat(new Change(15, 34).percent()).contains(new BigDecimal("126.7"));
    }

    @Test
    void wuzhongPersonsCleanForThreeYearsRoseByEightPointTwoPercent() {
        // seed 002: "+591人，增幅7.6%" divides by this year's 7,792; last year's 7,201 is the base
        Change c = new Change(7_201, 7_792);

        assertThat(c.percent()).contains(new BigDecimal("8.2"));
        assertThat(c.format(Language.ZH)).isEqualTo("增长8.2%");
        assertThat(c.format(Language.EN)).isEqualTo("up 8.2%");
        assertThat(BigDecimal.valueOf(591 * 100.0 / 7_792).setScale(1, RoundingMode.HALF_UP))
                .isEqualByComparingTo("7.6");
    }

    @Test
    void wuzhongCasesFellByNinetyFivePointThreePercentAndTheTwentyOnePointFiveIsAMultiple() {
        // seed 002: "由258起下降到12起，下降了21.5倍"
        Change c = new Change(258, 12);

        assertThat(c.format(Language.ZH)).isEqualTo("下降95.3%");
        assertThat(c.multiple()).contains(new BigDecimal("21.5"));
        assertThat(c.formatMultiple(Language.ZH)).contains("258是12的21.5倍");
        assertThat(c.formatMultiple(Language.EN)).contains("258 is 21.5 times 12");
    }

    @Test
    void wuzhongsOtherMultiplesAreRatiosToo() {
        // seed 002: suspects 306 -> 18 "17倍", users 1,723 -> 93 "18.5倍", isolation 851 -> 36 "23.6倍"
        assertThat(new Change(306, 18).multiple()).contains(new BigDecimal("17.0"));
        assertThat(new Change(306, 18).format(Language.ZH)).isEqualTo("下降94.1%");
        assertThat(new Change(1_723, 93).multiple()).contains(new BigDecimal("18.5"));
        assertThat(new Change(1_723, 93).format(Language.ZH)).isEqualTo("下降94.6%");
        assertThat(new Change(851, 36).multiple()).contains(new BigDecimal("23.6"));
        assertThat(new Change(851, 36).formatMultiple(Language.EN)).contains("851 is 23.6 times 36");
    }

    @Test
    void wuzhongRelapsesFellByFortyEightPointThreePercentAsPublished() {
        assertThat(new Change(29, 15).format(Language.ZH)).isEqualTo("下降48.3%");
    }

    @Test
    void noChangeRateFromZeroAndNoMultipleOfZero() {
        Change fromZero = new Change(0, 5);

        assertThat(fromZero.percent()).isEmpty();
        assertThat(fromZero.multiple()).isEmpty();
        assertThat(fromZero.formatMultiple(Language.ZH)).isEmpty();
        assertThat(fromZero.format(Language.ZH)).isEqualTo("上期为0，无增减比例");
        assertThat(fromZero.format(Language.EN)).isEqualTo("no rate of change (0 before)");
        assertThat(new Change(0, 0).format(Language.ZH)).isEqualTo("持平");
        assertThat(new Change(12, 12).format(Language.EN)).isEqualTo("unchanged");
        assertThat(new Change(12, 0).format(Language.ZH)).isEqualTo("下降100.0%");
    }

    @Test
    void neverADeclineOverOneHundredPercent() {
        Random random = new Random(12);
        for (int i = 0; i < 10_000; i++) {
            long previous = 1L + random.nextInt(1_000_000);
            long current = random.nextInt(1_000_000);
            assertThat(new Change(previous, current).percent().orElseThrow())
                    .isGreaterThanOrEqualTo(new BigDecimal("-100"));
        }
        assertThatThrownBy(() -> new Change(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void englishGroupsThousands() {
        assertThat(new Change(7_201, 72_010).formatMultiple(Language.EN)).contains("72,010 is 10.0 times 7,201");
    }
}
