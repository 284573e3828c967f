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

    /**
     * Gamma with this shape and scale 1 (Marsaglia and Tsang 2000, "A simple method for generating
     * gamma variables"; shapes below 1 through the boost Gamma(a) = Gamma(a + 1) · U^(1/a)).
     */
    double gamma(double shape) {
        if (!(shape > 0)) {
            throw new IllegalArgumentException("shape " + shape);
        }
        if (shape < 1) {
            return gamma(shape + 1) * StrictMath.pow(1.0 - nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / StrictMath.sqrt(9 * d);
        while (true) {
            double x = nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (u > 0 && StrictMath.log(u) < 0.5 * x2 + d * (1 - v + StrictMath.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * The gamma-distributed intensity of a negative binomial count with this mean and size: a
     * Poisson count of the result is negative binomial (variance mean + mean² / size).
     */
    double gammaIntensity(double mean, double size) {
        return mean <= 0 ? 0 : mean * gamma(size) / size;
    }

    /** Lognormal with mean 1 and this log-scale standard deviation: a multiplicative noise factor. */
    double noise(double sigma) {
        return StrictMath.exp(sigma * nextGaussian() - 0.5 * sigma * sigma);
    }

    /** A uniform in [0, 1) that is a pure function of the keys: the same keys always give the same value. */
    static double unit(long... keys) {
        long h = 0x6A09E667F3BCC909L;
        for (long k : keys) {
            h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
        }
        return (h >>> 11) * 0x1.0p-53;
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
