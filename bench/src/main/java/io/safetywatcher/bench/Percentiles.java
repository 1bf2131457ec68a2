package io.safetywatcher.bench;

import java.util.Arrays;

/** The benchmarks' one way to summarise a latency sample: nearest-rank percentiles. */
public final class Percentiles {
    private Percentiles() {}

    /** p50/p95/p99/max (nearest rank) and the count. */
    public static String stats(double[] ms) {
        if (ms.length == 0) {
            return "no samples";
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(java.util.Locale.ROOT, "n=%d p50=%.0f ms p95=%.0f ms p99=%.0f ms max=%.0f ms",
                s.length, rank(s, 0.50), rank(s, 0.95), rank(s, 0.99), s[s.length - 1]);
    }

    /** The nearest-rank {@code q} quantile of an ascending sample. */
    public static double rank(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
