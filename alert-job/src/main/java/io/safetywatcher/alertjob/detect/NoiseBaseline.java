package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;

/**
 * One sound sensor's learnt normal: an exponentially weighted mean and variance of its level,
 * how many samples it has seen, and since when the current anomaly (if any) has lasted.
 */
public final class NoiseBaseline implements Serializable {
    private static final long serialVersionUID = 1L;

    long samples;
    double mean;
    double variance;
    Instant anomalySince;
    /** The newest sample's time. */
    Instant lastSeen;

    public long samples() { return samples; }

    public double mean() { return mean; }

    public double stddev() { return Math.sqrt(variance); }

    /** Starts learning afresh when the previous sample is older than {@code staleAfter}; notes {@code t}. */
    void forgetIfStale(Instant t, java.time.Duration staleAfter) {
        if (lastSeen != null && t.isAfter(lastSeen.plus(staleAfter))) {
            samples = 0;
            mean = 0;
            variance = 0;
            anomalySince = null;
        }
        if (lastSeen == null || t.isAfter(lastSeen)) {
            lastSeen = t;
        }
    }

    /**
     * Folds one sample in. While young the weight is 1/n, so the start is the plain mean and
     * variance rather than an EWMA dragged toward its first sample.
     */
    void learn(double x, double alpha) {
        double a = Math.max(alpha, 1.0 / (samples + 1));
        double diff = x - mean;
        double step = a * diff;
        mean += step;
        variance = (1 - a) * (variance + diff * step);
        samples++;
    }
}
