package io.safetywatcher.alertjob.detect;

import java.io.Serializable;

/**
 * How often the registry says a device reports: a camera sends frames (judged by
 * {@code camera_offline}), a sensor a reading every {@code periodMs} (its
 * {@code sampling_period_ms}; judged by {@code sensor_silent}).
 */
public record Cadence(boolean camera, long periodMs) implements Serializable {
    public static Cadence ofCamera() { return new Cadence(true, 0); }

    public static Cadence ofSensor(long periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("a sensor's sampling period must be positive, got " + periodMs + " ms");
        }
        return new Cadence(false, periodMs);
    }
}
