package io.drugwatch.assessment;

import static io.drugwatch.assessment.ScorecardTest.JINPING;
import static io.drugwatch.assessment.ScorecardTest.LUDIAN;
import static io.drugwatch.assessment.ScorecardTest.ZHAOYANG;
import static io.drugwatch.assessment.ScorecardTest.county;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drugwatch.model.DrugType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {

    static final Period YEAR = Period.year(2022);
    static final Area QIAOJIA = county("530622", "巧家县", "Qiaojia County", "530600");
    static final Area HEKOU = county("532532", "河口县", "Hekou County", "532500");

    /** A county whose six indicators are all {@code n} (grams: n g). */
    static Scorecard card(Area area, Long population, long n) {
        Enforcement e =
                new Enforcement(Map.of(CaseClass.SMALL, n), n, 0, Map.of(DrugType.HEROIN, n * 1000), 0, 0, n, 0, 0);
        Treatment t = new Treatment(
                Map.of(TreatmentKind.COMPULSORY_ISOLATION, n, TreatmentKind.COMMUNITY_DETOX, n), Map.of(), 0, 0);
        return Scorecard.county(area, YEAR, population, e, t);
    }

    @Test
    void moreOfEveryIndicatorRanksHigherAndTheBestScoresOneHundred() {
        Ranking r = Ranking.of(
                List.of(card(LUDIAN, null, 10), card(ZHAOYANG, null, 40), card(QIAOJIA, null, 20)),
                RankingWeights.DEFAULTS);

        assertThat(r.ranks()).extracting(rank -> rank.area().code()).containsExactly("530602", "530622", "530621");
        assertThat(r.ranks()).extracting(Ranking.Rank::rank).containsExactly(1, 2, 3);
        assertThat(r.ranks()).extracting(Ranking.Rank::score).containsExactly(100.0, 50.0, 25.0);
        assertThat(r.perCapita()).isFalse();
    }

    @Test
    void perCapitaWhenEveryPopulationIsKnown() {
        // Ludian: 10 of everything for 400,000 people; Zhaoyang 40 for 1,000,000 people
        List<Scorecard> cards = List.of(card(LUDIAN, 400_000L, 10), card(ZHAOYANG, 1_000_000L, 40));

        Ranking r = Ranking.of(cards, RankingWeights.DEFAULTS);

        assertThat(r.perCapita()).isTrue();
        assertThat(r.of("530602").rank()).isEqualTo(1);
        assertThat(r.of("530602").values().get(Indicator.CASES)).isEqualTo(4.0);
        assertThat(r.of("530621").values().get(Indicator.CASES)).isEqualTo(2.5);
        assertThat(r.of("530621").score()).isEqualTo(62.5);
    }

    @Test
    void rawCountsForAllWhenOnePopulationIsUnknown() {
        List<Scorecard> cards = List.of(card(LUDIAN, 100_000L, 10), card(ZHAOYANG, null, 40));

        Ranking r = Ranking.of(cards, RankingWeights.DEFAULTS);

        assertThat(r.perCapita()).isFalse();
        assertThat(r.of("530621").values().get(Indicator.CASES)).isEqualTo(10.0);
        assertThat(r.of("530602").rank()).isEqualTo(1);
    }

    @Test
    void equalScoresShareARankAndAreListedByCode() {
        List<Scorecard> cards = new ArrayList<>(List.of(
                card(QIAOJIA, null, 20), card(LUDIAN, null, 20), card(ZHAOYANG, null, 40), card(HEKOU, null, 5)));
        Ranking first = Ranking.of(cards, RankingWeights.DEFAULTS);

        assertThat(first.ranks())
                .extracting(rank -> rank.area().code())
                .containsExactly("530602", "530621", "530622", "532532");
        assertThat(first.ranks()).extracting(Ranking.Rank::rank).containsExactly(1, 2, 2, 4);
        assertThat(first.ranks()).extracting(Ranking.Rank::tied).containsExactly(false, true, true, false);

        // the same whatever order the scorecards come in
        Collections.shuffle(cards, new Random(7));
        assertThat(Ranking.of(cards, RankingWeights.DEFAULTS)).isEqualTo(first);
    }

    @Test
    void weightsAreSettings() {
        Scorecard manyCases = Scorecard.county(
                LUDIAN,
                YEAR,
                null,
                new Enforcement(Map.of(CaseClass.SMALL, 30L), 0, 0, Map.of(), 0, 0, 0, 0, 0),
                Treatment.NONE);
        Scorecard bigSeizure = Scorecard.county(
                ZHAOYANG,
                YEAR,
                null,
                new Enforcement(
                        Map.of(CaseClass.TEN_KG, 1L), 0, 0, Map.of(DrugType.HEROIN, 50_000_000L), 0, 0, 0, 0, 0),
                Treatment.NONE);
        RankingWeights seizedOnly = RankingWeights.DEFAULTS;
        for (Indicator i : Indicator.values()) {
            seizedOnly = seizedOnly.with(i, i == Indicator.SEIZED ? 1 : 0);
        }

        assertThat(Ranking.of(List.of(manyCases, bigSeizure), RankingWeights.DEFAULTS)
                        .ranks()
                        .get(0)
                        .area())
                .isEqualTo(LUDIAN);
        assertThat(Ranking.of(List.of(manyCases, bigSeizure), seizedOnly)
                        .ranks()
                        .get(0)
                        .area())
                .isEqualTo(ZHAOYANG);
        assertThatThrownBy(() -> RankingWeights.DEFAULTS.with(Indicator.CASES, -1))
                .isInstanceOf(IllegalArgumentException.class);
        RankingWeights zero = seizedOnly;
        assertThatThrownBy(() -> zero.with(Indicator.SEIZED, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countiesAreRankedWithinTheirPrefectureAndWithinTheirProvince() {
        List<Scorecard> counties = List.of(
                card(LUDIAN, null, 10), card(ZHAOYANG, null, 40), card(JINPING, null, 30), card(HEKOU, null, 20));

        Map<String, Ranking> byPrefecture = Ranking.withinPrefectures(counties, RankingWeights.DEFAULTS);
        Map<String, Ranking> byProvince = Ranking.withinProvinces(counties, RankingWeights.DEFAULTS);

        assertThat(byPrefecture).containsOnlyKeys("530600", "532500");
        assertThat(byPrefecture.get("530600").of("530621").rank()).isEqualTo(2);
        assertThat(byPrefecture.get("532500").of("532530").rank()).isEqualTo(1);
        assertThat(byProvince).containsOnlyKeys("530000");
        assertThat(byProvince.get("530000").ranks())
                .extracting(Ranking.Rank::rank)
                .containsExactly(1, 2, 3, 4);
        assertThat(byProvince.get("530000").of("530621").rank()).isEqualTo(4);
    }

    @Test
    void refusesScorecardsOfDifferentPeriodsOrAnAreaTwice() {
        Scorecard ludian = card(LUDIAN, null, 1);
        Scorecard lastYear = Scorecard.county(ZHAOYANG, Period.year(2021), null, Enforcement.NONE, Treatment.NONE);

        assertThatThrownBy(() -> Ranking.of(List.of(ludian, lastYear), RankingWeights.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ranking.of(List.of(ludian, ludian), RankingWeights.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupWithNothingDoneTiesAtZero() {
        Ranking r = Ranking.of(List.of(card(LUDIAN, null, 0), card(ZHAOYANG, null, 0)), RankingWeights.DEFAULTS);

        assertThat(r.ranks()).extracting(Ranking.Rank::rank).containsExactly(1, 1);
        assertThat(r.ranks()).extracting(Ranking.Rank::score).containsExactly(0.0, 0.0);
    }
}
