package io.safetywatcher.cli.eval;

import java.util.List;

/** Nearest-rank percentiles: the value below which at least p % of the samples lie, one of the samples. */
final class Percentile {
    private Percentile() {}

    static double of(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
