package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One sample from one sensor, as it travels on {@code sw.readings} (key: the sensor id).
 * {@code seq} is the device's own counter; with the sensor id and capture time it makes the
 * row's key, so a replayed record overwrites itself.
 */
public record Reading(String sensorId, SensorType sensorType, Instant captureTime, double value, String unit, long seq) implements java.io.Serializable {
    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sensorType, "sensorType");
        Objects.requireNonNull(captureTime, "captureTime");
        Objects.requireNonNull(unit, "unit");
    }

    /** A reading in the sensor type's own unit. */
    public static Reading of(String sensorId, SensorType type, Instant captureTime, double value, long seq) {
        return new Reading(sensorId, type, captureTime, value, type.unit(), seq);
    }
}
