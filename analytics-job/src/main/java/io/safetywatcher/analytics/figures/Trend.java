package io.safetywatcher.analytics.figures;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A least-squares line through a daily series (x = day index) and whether its slope is more
 * than noise: the two-sided p-value of the slope's t statistic with n - 2 degrees of freedom.
 * {@code pValue} is null where no test is possible (fewer than 3 days).
 */
public record Trend(double slopePerDay, Double pValue) {

    public static Trend of(long[] daily) {
        int n = daily.length;
        if (n < 2) {
            return new Trend(0, null);
        }
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (long v : daily) {
            my += v;
        }
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - mx) * (i - mx);
            sxy += (i - mx) * (daily[i] - my);
        }
        double slope = sxy / sxx;
        if (n < 3) {
            return new Trend(slope, null);
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double r = daily[i] - (my + slope * (i - mx));
            sse += r * r;
        }
        double se = Math.sqrt(sse / (n - 2) / sxx);
        if (se == 0 || Double.isNaN(se)) {
            // A perfect line: a flat one shows nothing, a sloped one is no accident.
            return new Trend(slope, slope == 0 ? 1.0 : 0.0);
        }
        double t = Math.abs(slope / se);
        double p = 2 * (1 - new TDistribution(n - 2).cumulativeProbability(t));
        return new Trend(slope, Math.max(0, Math.min(1, p)));
    }

    public boolean significant(double alpha) { return pValue != null && pValue < alpha; }
}
