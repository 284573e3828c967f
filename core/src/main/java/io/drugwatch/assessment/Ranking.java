package io.drugwatch.assessment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Areas of one group (the counties of a prefecture, or of a province) ranked on the six indicators, more
 * being better for each. Each indicator is scaled by the group's best (the best scores 1, none scores 0),
 * and the score is the weighted mean of the scaled indicators, out of 100.
 *
 * <p>Indicators are per 100,000 inhabitants when the population of every area in the group is known;
 * otherwise every area is ranked on raw counts and {@link #perCapita} is false: mixing the two would rank
 * a county by whether its population is known.
 *
 * @param ranks best first; areas with equal scores share a rank (1, 2, 2, 4) and are listed by code
 */
public record Ranking(boolean perCapita, List<Rank> ranks) {

    /**
     * One area's place.
     *
     * @param score out of 100, rounded to six decimals so that equal scores compare equal
     * @param values the indicators ranked on: per 100,000 inhabitants, or raw
     * @param tied whether another area has the same score
     */
    public record Rank(Area area, int rank, double score, Map<Indicator, Double> values, boolean tied) {

        public Rank {
            values = Map.copyOf(values);
        }
    }

    public Ranking {
        ranks = List.copyOf(ranks);
    }

    private record Scored(double score, Scorecard card, Map<Indicator, Double> values) {}

    /** Ranks {@code group}, scorecards of one period, each area once. */
    public static Ranking of(Collection<Scorecard> group, RankingWeights weights) {
        List<Scorecard> cards = new ArrayList<>(group);
        if (cards.stream().map(Scorecard::period).distinct().count() > 1
                || cards.stream().map(s -> s.area().code()).distinct().count() < cards.size()) {
            throw new IllegalArgumentException("a ranking needs scorecards of one period, each area once");
        }
        boolean perCapita = !cards.isEmpty() && cards.stream().allMatch(s -> s.population() != null);
        List<Map<Indicator, Double>> values = new ArrayList<>();
        Map<Indicator, Double> best = new EnumMap<>(Indicator.class);
        for (Scorecard s : cards) {
            Map<Indicator, Double> v = new EnumMap<>(Indicator.class);
            for (Indicator i : Indicator.values()) {
                double raw = i.value(s);
                v.put(i, perCapita ? raw * 100_000 / s.population() : raw);
                best.merge(i, v.get(i), Math::max);
            }
            values.add(v);
        }
        List<Scored> scored = new ArrayList<>();
        for (int k = 0; k < cards.size(); k++) {
            double sum = 0;
            for (Indicator i : Indicator.values()) {
                double top = best.get(i);
                sum += weights.of(i) * (top > 0 ? values.get(k).get(i) / top : 0);
            }
            scored.add(new Scored(Math.round(sum * 100 / weights.total() * 1e6) / 1e6, cards.get(k), values.get(k)));
        }
        scored.sort(Comparator.comparingDouble((Scored x) -> -x.score)
                .thenComparing(x -> x.card.area().code()));
        List<Rank> ranks = new ArrayList<>();
        for (int n = 0; n < scored.size(); n++) {
            Scored x = scored.get(n);
            boolean sameAsBefore = n > 0 && scored.get(n - 1).score == x.score;
            boolean sameAsAfter = n + 1 < scored.size() && scored.get(n + 1).score == x.score;
            int rank = sameAsBefore ? ranks.get(n - 1).rank() : n + 1;
            ranks.add(new Rank(x.card.area(), rank, x.score, x.values, sameAsBefore || sameAsAfter));
        }
        return new Ranking(perCapita, ranks);
    }

    /** Each prefecture's counties ranked among themselves, by prefecture code. */
    public static Map<String, Ranking> withinPrefectures(Collection<Scorecard> counties, RankingWeights weights) {
        return grouped(counties, Area::prefectureCode, weights);
    }

    /** Each province's counties ranked among themselves, by province code. */
    public static Map<String, Ranking> withinProvinces(Collection<Scorecard> counties, RankingWeights weights) {
        return grouped(counties, Area::provinceCode, weights);
    }

    private static Map<String, Ranking> grouped(
            Collection<Scorecard> counties, Function<Area, String> group, RankingWeights weights) {
        Map<String, List<Scorecard>> groups = new TreeMap<>();
        for (Scorecard s : counties) {
            if (s.area().level() != AreaLevel.COUNTY) {
                throw new IllegalArgumentException("not a county: " + s.area().code());
            }
            String code = group.apply(s.area());
            if (code != null) {
                groups.computeIfAbsent(code, c -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Ranking> ranked = new TreeMap<>();
        groups.forEach((code, cards) -> ranked.put(code, of(cards, weights)));
        return Collections.unmodifiableMap(ranked);
    }

    public Rank of(String areaCode) {
        return ranks.stream()
                .filter(r -> Objects.equals(r.area().code(), areaCode))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not ranked: " + areaCode));
    }
}
