package io.drugwatch.assessment;

import io.drugwatch.alerting.Language;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * The change of a count from {@code previous} (the same period last year, for 同比) to {@code current}:
 * (current − previous) ÷ previous, so never a decline over 100%. The seeds often divide by the wrong
 * figure or print a ratio as a decline ("下降21.5倍"); a ratio is offered here as what it is, a
 * {@link #multiple}.
 */
public record Change(long previous, long current) {

    public Change {
        if (previous < 0 || current < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + previous + " -> " + current);
        }
    }

    /** Percent to one decimal, half away from zero; empty when {@code previous} is 0 (no base to compare). */
    public Optional<BigDecimal> percent() {
        if (previous == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(current - previous)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(previous), 1, RoundingMode.HALF_UP));
    }

    /** The larger count ÷ the smaller, to one decimal (258 and 12: 21.5); empty when the smaller is 0. */
    public Optional<BigDecimal> multiple() {
        long small = Math.min(previous, current);
        if (small == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(Math.max(previous, current))
                .divide(BigDecimal.valueOf(small), 1, RoundingMode.HALF_UP));
    }

    /** "下降55.9%", "增长8.2%", "持平" / "down 55.9%", "up 8.2%", "unchanged"; a zero base says so. */
    public String format(Language language) {
        boolean zh = language == Language.ZH;
        if (previous == current) {
            return zh ? "持平" : "unchanged";
        }
        return percent()
                .map(p -> {
                    String magnitude = p.abs().toPlainString() + "%";
                    if (current < previous) {
                        return (zh ? "下降" : "down ") + magnitude;
                    }
                    return (zh ? "增长" : "up ") + magnitude;
                })
                .orElse(zh ? "上期为0，无增减比例" : "no rate of change (0 before)");
    }

    /**
     * The ratio as a labelled multiple, larger first: "258是12的21.5倍" / "258 is 21.5 times 12"; empty when
     * the smaller count is 0.
     */
    public Optional<String> formatMultiple(Language language) {
        long large = Math.max(previous, current);
        long small = Math.min(previous, current);
        return multiple()
                .map(m -> language == Language.ZH
                        ? large + "是" + small + "的" + m.toPlainString() + "倍"
                        : String.format(Locale.ROOT, "%,d is %s times %,d", large, m.toPlainString(), small));
    }
}
