package io.drugwatch.assessment;

/** Weights are kept in whole milligrams so that sums are exact (65,874.22 g stays 65,874.22 g). */
final class Grams {

    private Grams() {}

    static long toMilligrams(double grams) {
        if (!(grams >= 0) || Double.isInfinite(grams)) {
            throw new IllegalArgumentException("grams must be finite and not negative: " + grams);
        }
        return Math.round(grams * 1000);
    }

    static long toFen(double cny) {
        if (!(cny >= 0) || Double.isInfinite(cny)) {
            throw new IllegalArgumentException("CNY must be finite and not negative: " + cny);
        }
        return Math.round(cny * 100);
    }
}
