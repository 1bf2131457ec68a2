package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the detectors remember about one zone, keyed inside by device. Its size is
 * bounded by the zone's devices: each per-device part is a few numbers or a short window.
 */
public final class ZoneDetectionState implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, NoiseBaseline> noise = new HashMap<>();
    final Map<String, BehaviourWindow> behaviour = new HashMap<>();
    final Map<String, DensityTrend> density = new HashMap<>();
    final Map<String, IntrusionState> intrusion = new HashMap<>();
    final Map<String, FightState> fight = new HashMap<>();
    final BreakInState breakIn = new BreakInState();
    final CrowdRiskState risk = new CrowdRiskState();
    Instant lastNoiseAnomaly;
    /** The last time the zone was crowded (see {@link ZoneDetection}), or null. */
    Instant crowdedAt;
    /** Per camera; not final and made on first use, so a state checkpointed before it existed still loads. */
    private Map<String, FrameHealth> frameHealth;

    /** Per device, and per camera: made on first use like {@link #frameHealth}, so an older checkpoint still loads. */
    private Map<String, DeviceCadence> cadence;
    private Map<String, ViewHealth> viewHealth;
    /** The zone clock at the last silence check, or null. */
    Instant lastTick;

    Map<String, DeviceCadence> cadences() {
        if (cadence == null) {
            cadence = new HashMap<>();
        }
        return cadence;
    }

    ViewHealth viewHealth(String cameraId) {
        if (viewHealth == null) {
            viewHealth = new HashMap<>();
        }
        return viewHealth.computeIfAbsent(cameraId, k -> new ViewHealth());
    }

    FrameHealth frameHealth(String cameraId) {
        if (frameHealth == null) {
            frameHealth = new HashMap<>();
        }
        return frameHealth.computeIfAbsent(cameraId, k -> new FrameHealth());
    }

    /** The learnt baseline of one sound sensor, if it has reported. */
    public NoiseBaseline noiseBaseline(String sensorId) { return noise.get(sensorId); }
}
