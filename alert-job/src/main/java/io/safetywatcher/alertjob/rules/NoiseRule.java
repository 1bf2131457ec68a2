package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;

import java.io.Serializable;
import java.time.Duration;

/**
 * A sound level far above the sensor's learnt baseline.
 *
 * @param alpha         EWMA weight of one sample for the baseline's mean and variance
 * @param zThreshold    how many standard deviations above the mean is an anomaly
 * @param warmupSamples samples the baseline must have seen before it is trusted
 * @param earlySamples  where the zone has no history at this hour, samples from which a learning sensor is judged
 *                      against its own young baseline, its deviation widened for so few samples
 * @param minLevelDb    an anomaly must also be at least this loud
 * @param minStddevDb   floor on the deviation, so a very steady sensor is not hair-trigger
 * @param severeLevelDb at or above this level the anomaly is high severity
 * @param adaptAfter    an anomaly that lasts this long is absorbed into the baseline
 * @param staleAfter    a sensor silent this long has a baseline of another time: it warms up again
 */
public record NoiseRule(double alpha, double zThreshold, int warmupSamples, int earlySamples, double minLevelDb, double minStddevDb,
                        double severeLevelDb, Duration adaptAfter, Duration staleAfter) implements Serializable {
    static NoiseRule read(RuleTree t) {
        int warmup = t.integer("warmup_samples", 2, 1_000_000);
        int early = t.integer("early_samples", 3, 1_000_000);
        if (early > warmup) {
            throw new ConfigException(t.key("early_samples") + " must be at most "
                    + t.key("warmup_samples") + " (" + warmup + "): a sensor with no history is judged early, before its warm-up ends, got " + early);
        }
        return new NoiseRule(
                t.fraction("alpha"),
                t.positive("z_threshold"),
                warmup,
                early,
                t.between("min_level_db", 0, 194),
                t.positive("min_stddev_db"),
                t.between("severe_level_db", 0, 194),
                t.positiveDuration("adapt_after"),
                t.positiveDuration("stale_after"));
    }
}
