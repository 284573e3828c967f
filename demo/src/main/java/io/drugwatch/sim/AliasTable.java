package io.drugwatch.sim;

/** Walker/Vose alias table: O(1) sampling of an index with probability proportional to its weight. */
final class AliasTable {

    private final double[] prob;
    private final int[] alias;
    private final double total;

    AliasTable(double[] weights) {
        int n = weights.length;
        prob = new double[n];
        alias = new int[n];
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight " + w);
            }
            sum += w;
        }
        total = sum;
        if (n == 0 || sum == 0) {
            return;
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            prob[large[--nl]] = 1;
        }
        while (ns > 0) {
            prob[small[--ns]] = 1;
        }
    }

    double total() {
        return total;
    }

    int sample(Rng rng) {
        int i = rng.nextInt(prob.length);
        return rng.nextDouble() < prob[i] ? i : alias[i];
    }
}
