package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One zone's inputs to its crowd-risk score: each density device's latest picture, the latest noise anomaly. */
public final class CrowdRiskState implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, DensityEstimate> devices = new HashMap<>();
    Instant noiseAt;
    double noiseStrength;
}
