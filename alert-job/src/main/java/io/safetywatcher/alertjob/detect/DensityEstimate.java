package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;

/**
 * One device's crowd picture at a moment: the smoothed density and its trend.
 *
 * @param slopePerMinute the least-squares growth over the surge window, p/m² per minute
 * @param evidence       the input this estimate was updated with
 */
public record DensityEstimate(String zone, String deviceId, Instant time, double density, double slopePerMinute,
                              String evidence)
        implements Serializable {
}
