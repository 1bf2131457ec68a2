package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One zone's inputs to its crowd-risk score: each density device's latest picture, the latest noise anomaly. */
public final class CrowdRiskState implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, DensityEstimate> devices = new HashMap<>();
    Instant noiseAt;
    double noiseStrength;

    /** The highest smoothed density among the devices that reported within {@code stale} of {@code now}, p/m². */
    double densest(Instant now, Duration stale) {
        double densest = 0;
        for (DensityEstimate d : devices.values()) {
            if (!d.time().isBefore(now.minus(stale))) {
                densest = Math.max(densest, d.density());
            }
        }
        return densest;
    }
}
