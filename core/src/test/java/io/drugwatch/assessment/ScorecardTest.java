package io.drugwatch.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.DrugType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardTest {

    static final Period YEAR = Period.year(2022);
    static final Area YUNNAN = new Area("530000", AreaLevel.PROVINCE, "云南省", "Yunnan", null, null);
    static final Area ZHAOTONG = new Area("530600", AreaLevel.PREFECTURE, "昭通市", "Zhaotong", null, "530000");
    static final Area HONGHE = new Area("532500", AreaLevel.PREFECTURE, "红河州", "Honghe", null, "530000");
    static final Area LUDIAN = county("530621", "鲁甸县", "Ludian County", "530600");
    static final Area ZHAOYANG = county("530602", "昭阳区", "Zhaoyang District", "530600");
    static final Area JINPING = county("532530", "金平县", "Jinping County", "532500");

    static Area county(String code, String zh, String en, String prefecture) {
        return new Area(code, AreaLevel.COUNTY, zh, en, prefecture, prefecture.substring(0, 2) + "0000");
    }

    static Enforcement enforcement(long cases, long suspects, long heroinMg) {
        return new Enforcement(
                Map.of(CaseClass.SMALL, cases), suspects, 0, Map.of(DrugType.HEROIN, heroinMg), 0, 0, 0, 0, 0);
    }

    static Treatment orders(long detox, long reported) {
        return new Treatment(
                Map.of(TreatmentKind.COMMUNITY_DETOX, detox), Map.of(TreatmentKind.COMMUNITY_DETOX, reported), 0, 0);
    }

    @Test
    void countiesAddUpToPrefecturesAndPrefecturesToTheProvince() {
        Scorecard ludian = Scorecard.county(LUDIAN, YEAR, 450_000L, enforcement(15, 26, 1_443_240), orders(22, 20));
        Scorecard zhaoyang = Scorecard.county(ZHAOYANG, YEAR, 950_000L, enforcement(40, 60, 5_000_000), orders(50, 41));
        Scorecard jinping = Scorecard.county(JINPING, YEAR, null, enforcement(14, 24, 54_000_000), orders(0, 0));

        Scorecard zhaotong = Scorecard.sum(ZHAOTONG, YEAR, List.of(ludian, zhaoyang));
        Scorecard honghe = Scorecard.sum(HONGHE, YEAR, List.of(jinping));
        Scorecard yunnan = Scorecard.sum(YUNNAN, YEAR, List.of(zhaotong, honghe));

        assertThat(zhaotong.enforcement().cases()).isEqualTo(55);
        assertThat(zhaotong.enforcement().criminalSuspects()).isEqualTo(86);
        assertThat(zhaotong.enforcement().seizedMilligrams()).isEqualTo(Map.of(DrugType.HEROIN, 6_443_240L));
        assertThat(zhaotong.treatment().executionRate(TreatmentKind.COMMUNITY_DETOX))
                .isEqualTo(new Rate(61, 72));
        assertThat(zhaotong.population()).isEqualTo(1_400_000L);
        assertThat(zhaotong.counties()).isEqualTo(2);

        assertThat(yunnan.enforcement().cases()).isEqualTo(69);
        assertThat(yunnan.counties()).isEqualTo(3);
        // Jinping's population is not known, so neither is the province's
        assertThat(yunnan.population()).isNull();
        // summing counties straight to the province gives the same figures
        assertThat(Scorecard.sum(YUNNAN, YEAR, List.of(ludian, zhaoyang, jinping))
                        .enforcement())
                .isEqualTo(yunnan.enforcement());
    }

    @Test
    void aPartIsRefusedTwiceFromAnotherRegionOrPeriodOrMixedWithItsOwnParts() {
        Scorecard ludian = Scorecard.county(LUDIAN, YEAR, null, Enforcement.NONE, Treatment.NONE);
        Scorecard jinping = Scorecard.county(JINPING, YEAR, null, Enforcement.NONE, Treatment.NONE);
        Scorecard zhaotong = Scorecard.sum(ZHAOTONG, YEAR, List.of(ludian));

        assertThatThrownBy(() -> Scorecard.sum(ZHAOTONG, YEAR, List.of(ludian, ludian)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorecard.sum(ZHAOTONG, YEAR, List.of(jinping)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorecard.sum(ZHAOTONG, Period.year(2021), List.of(ludian)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorecard.sum(YUNNAN, YEAR, List.of(zhaotong, ludian)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyRegionHasNoFiguresAndNoPopulation() {
        Scorecard none = Scorecard.sum(ZHAOTONG, YEAR, List.of());

        assertThat(none.enforcement()).isEqualTo(Enforcement.NONE);
        assertThat(none.treatment()).isEqualTo(Treatment.NONE);
        assertThat(none.population()).isNull();
    }

    @Test
    void enforcementSumsEveryFigure() {
        Enforcement a =
                new Enforcement(Map.of(CaseClass.TEN_KG, 1L), 3, 4, Map.of(DrugType.HEROIN, 5L), 6, 7, 8, 9, 10);
        Enforcement b =
                new Enforcement(Map.of(CaseClass.SMALL, 2L), 30, 40, Map.of(DrugType.OPIUM, 50L), 60, 70, 80, 90, 100);

        assertThat(a.plus(b))
                .isEqualTo(new Enforcement(
                        Map.of(CaseClass.TEN_KG, 1L, CaseClass.SMALL, 2L),
                        33,
                        44,
                        Map.of(DrugType.HEROIN, 5L, DrugType.OPIUM, 50L),
                        66,
                        77,
                        88,
                        99,
                        110));
        assertThat(Enforcement.NONE.plus(a)).isEqualTo(a);
    }
}
