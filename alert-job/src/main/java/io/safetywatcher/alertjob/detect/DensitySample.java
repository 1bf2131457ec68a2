package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One density measurement, from a density sensor or a camera's people count over its view. */
public record DensitySample(String zone, String deviceId, Instant time, double density, String evidence) implements Serializable {
    public DensitySample {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(evidence, "evidence");
    }

    public static DensitySample of(ZoneReading r) {
        return new DensitySample(r.zone(), r.deviceId(), r.time(), r.value(), r.evidence());
    }

    public static DensitySample of(CameraFeatures f) {
        return new DensitySample(f.zone(), f.cameraId(), f.time(), f.densityPerM2(), f.evidence());
    }
}
