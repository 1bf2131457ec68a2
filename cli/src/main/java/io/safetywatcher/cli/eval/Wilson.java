package io.safetywatcher.cli.eval;

/**
 * The Wilson score interval of a proportion: where the true rate lies with 95 % confidence
 * after {@code successes} of {@code trials}. Unlike the normal approximation it stays inside
 * 0..1 and says something at 10 of 10 (0.72..1.00), which is what a small sample needs.
 */
public record Wilson(double low, double high) {
    /** The 97.5th percentile of the standard normal: a two-sided 95 % interval. */
    static final double Z95 = 1.959963984540054;

    /** NaN bounds when there were no trials. */
    public static Wilson of(int successes, int trials) {
        if (successes < 0 || trials < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes of " + trials + " trials");
        }
        if (trials == 0) {
            return new Wilson(Double.NaN, Double.NaN);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 or all successes the bound is exactly 0 or 1 (the formula's rounding would say 0.9999999999999999).
        return new Wilson(successes == 0 ? 0 : Math.max(0, centre - half), successes == trials ? 1 : Math.min(1, centre + half));
    }
}
