package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One density device's recent history, as the mean per time bucket. A camera at 10 fps and
 * a sensor every 5 s both fit in a few dozen buckets: the bucket width grows with the window
 * so the state stays small whatever the frame rate.
 */
public final class DensityTrend implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Buckets per history window: enough for a slope, few enough to stay small. */
    static final int BUCKETS = 60;

    /** Start (epoch ms), sum, count: mutable, in time order. */
    final List<double[]> buckets = new ArrayList<>();

    void add(Instant t, double density, Duration history) {
        long width = bucketMillis(history);
        long start = Math.floorDiv(t.toEpochMilli(), width) * width;
        int i = buckets.size() - 1;
        while (i >= 0 && buckets.get(i)[0] > start) {
            i--;
        }
        if (i >= 0 && buckets.get(i)[0] == start) {
            buckets.get(i)[1] += density;
            buckets.get(i)[2] += 1;
        } else {
            buckets.add(i + 1, new double[] {start, density, 1});
        }
        long newest = (long) buckets.get(buckets.size() - 1)[0];
        long oldest = newest - history.toMillis();
        buckets.removeIf(b -> b[0] < oldest);
    }

    /** Mean over the buckets that start within {@code smoothing} of the newest one. */
    double smoothed(Duration smoothing) {
        if (buckets.isEmpty()) {
            return 0;
        }
        double newest = buckets.get(buckets.size() - 1)[0];
        double sum = 0;
        double n = 0;
        for (double[] b : buckets) {
            if (b[0] > newest - smoothing.toMillis() || b[0] == newest) {
                sum += b[1];
                n += b[2];
            }
        }
        return sum / n;
    }

    /**
     * Least-squares slope of the bucket means in p/m² per minute; 0 until the history spans a
     * third of the window, because a slope over a few seconds is just the count jittering.
     */
    double slopePerMinute(Duration window) {
        if (buckets.size() < 3) {
            return 0;
        }
        double first = buckets.get(0)[0];
        double span = buckets.get(buckets.size() - 1)[0] - first;
        if (span < window.toMillis() / 3.0) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = buckets.size();
        for (double[] b : buckets) {
            double x = (b[0] - first) / 60_000.0;
            double y = b[1] / b[2];
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double den = n * sxx - sx * sx;
        return den == 0 ? 0 : (n * sxy - sx * sy) / den;
    }

    static long bucketMillis(Duration history) {
        return Math.max(1000, history.toMillis() / BUCKETS);
    }
}
