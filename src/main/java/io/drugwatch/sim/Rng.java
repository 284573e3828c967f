package io.drugwatch.sim;

/**
 * xoshiro256** seeded through SplitMix64: fast, allocation-free and, unlike {@code java.util.Random}
 * subclasses, fully specified here, so a seed gives the same stream on every JVM. Transcendental
 * functions go through {@link StrictMath} for the same reason.
 */
final class Rng {

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    Rng(long seed) {
        long x = seed;
        s0 = mix(x += 0x9E3779B97F4A7C15L);
        s1 = mix(x += 0x9E3779B97F4A7C15L);
        s2 = mix(x += 0x9E3779B97F4A7C15L);
        s3 = mix(x + 0x9E3779B97F4A7C15L);
    }

    /** An independent stream for one purpose, derived from a seed and a stream number. */
    static Rng derive(long seed, long stream) {
        return new Rng(mix(seed ^ mix(stream * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L)));
    }

    /** SplitMix64 finaliser; also a good 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; the bias is below 2^-32). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Exponential with mean 1. */
    double nextExp() {
        return -StrictMath.log(1.0 - nextDouble());
    }

    /** Standard normal (Marsaglia polar method; every other call is free). */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Lognormal with the given median and log-scale standard deviation. */
    double lognormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * nextGaussian());
    }

    /** Poisson count; exact for small means, normal approximation above 60. */
    long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            return Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * nextGaussian()));
        }
        double limit = StrictMath.exp(-mean);
        double product = nextDouble();
        long n = 0;
        while (product > limit) {
            product *= nextDouble();
            n++;
        }
        return n;
    }

    /** Index into a cumulative distribution whose last entry is 1. */
    int pick(double[] cumulative) {
        double u = nextDouble();
        int last = cumulative.length - 1;
        for (int i = 0; i < last; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return last;
    }

    /** Turns weights into a cumulative distribution ending in exactly 1. */
    static double[] cumulative(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] c = new double[weights.length];
        double run = 0;
        for (int i = 0; i < weights.length; i++) {
            run += weights[i];
            c[i] = run / total;
        }
        c[c.length - 1] = 1.0;
        return c;
    }
}
