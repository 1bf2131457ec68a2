package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One density measurement, from a density sensor or a camera's people count over its view.
 *
 * @param banded a camera's estimate of a crowd too dense to count one by one: said as a band, with low confidence
 */
public record DensitySample(String zone, String deviceId, Instant time, double density, String evidence, boolean banded)
        implements Serializable {
    public DensitySample(String zone, String deviceId, Instant time, double density, String evidence) {
        this(zone, deviceId, time, density, evidence, false);
    }

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
        return new DensitySample(f.zone(), f.cameraId(), f.time(), f.densityPerM2(), f.evidence(), f.dense());
    }
}
