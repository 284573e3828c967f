package io.drugwatch.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples of one quantity over time and its trend: the least-squares slope per hour of the samples
 * taken after the warm-up, so that start-up growth (caches filling, the JIT) is not read as a leak.
 */
public final class SoakSeries {

    private final String name;
    private final String unit;
    private final List<double[]> samples = new ArrayList<>();

    public SoakSeries(String name, String unit) {
        this.name = name;
        this.unit = unit;
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    /** @param seconds since the soak started */
    public void add(double seconds, double value) {
        samples.add(new double[] {seconds, value});
    }

    public double last() {
        return samples.isEmpty() ? Double.NaN : samples.get(samples.size() - 1)[1];
    }

    /** When the last sample was taken, in seconds since the start; 0 before any. */
    public double lastSeconds() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
    }

    public double max(double fromSeconds) {
        return after(fromSeconds).stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
    }

    /** Change per hour fitted by least squares to the samples at or after {@code fromSeconds}; NaN below two. */
    public double slopePerHour(double fromSeconds) {
        List<double[]> used = after(fromSeconds);
        int n = used.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = used.stream().mapToDouble(s -> s[0]).average().orElseThrow();
        double meanV = used.stream().mapToDouble(s -> s[1]).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (double[] s : used) {
            num += (s[0] - meanT) * (s[1] - meanV);
            den += (s[0] - meanT) * (s[0] - meanT);
        }
        return den == 0 ? Double.NaN : num / den * 3_600;
    }

    /** Samples at or after {@code fromSeconds}. */
    public int count(double fromSeconds) {
        return after(fromSeconds).size();
    }

    private List<double[]> after(double fromSeconds) {
        return samples.stream().filter(s -> s[0] >= fromSeconds).toList();
    }
}
