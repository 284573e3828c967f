package io.drugwatch.assessment;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How much each indicator counts in a ranking. Only ratios matter: scores are out of 100 whatever the
 * weights add up to. The defaults weigh the two enforcement counts most and the other four alike.
 */
public record RankingWeights(Map<Indicator, Double> weights) {

    public static final RankingWeights DEFAULTS = new RankingWeights(Map.of(
            Indicator.CASES, 20.0,
            Indicator.SUSPECTS, 20.0,
            Indicator.SEIZED, 15.0,
            Indicator.USERS_FOUND, 15.0,
            Indicator.ISOLATION, 15.0,
            Indicator.COMMUNITY, 15.0));

    public RankingWeights {
        double total = 0;
        for (Indicator i : Indicator.values()) {
            double w = Objects.requireNonNull(weights.get(i), () -> "no weight for " + i);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of " + i + " must be finite and not negative: " + w);
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        weights = Map.copyOf(weights);
    }

    public RankingWeights with(Indicator indicator, double weight) {
        Map<Indicator, Double> m = new EnumMap<>(weights);
        m.put(indicator, weight);
        return new RankingWeights(m);
    }

    public double of(Indicator indicator) {
        return weights.get(indicator);
    }

    double total() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
