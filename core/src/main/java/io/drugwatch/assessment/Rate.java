package io.drugwatch.assessment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/** A share kept as its two counts, so that rates of counties add up to their region's. */
public record Rate(long numerator, long denominator) {

    public Rate {
        if (numerator < 0 || denominator < 0 || numerator > denominator) {
            throw new IllegalArgumentException("not a share: " + numerator + " of " + denominator);
        }
    }

    /** Percent to two decimals, half up as published (137 of 169 is 81.07); empty when there is nothing to share. */
    public Optional<BigDecimal> percent() {
        if (denominator == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(numerator)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP));
    }

    /** "81.07%", or "—" when there is nothing to share. */
    public String format() {
        return percent().map(p -> p.toPlainString() + "%").orElse("—");
    }
}
