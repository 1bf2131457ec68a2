package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A camera's frame that was refused (corrupt, truncated, the wrong size...): quarantined with
 * its reason, and here only so the camera's health can be judged. It never reaches the
 * people-counting detectors.
 *
 * @param reason the quarantine reason id ({@code corrupt_jpeg}, ...)
 */
public record FrameFault(String cameraId, String zone, Instant time, long seq, String reason, String detail)
        implements ZoneInput, Serializable {
    public FrameFault {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String deviceId() { return cameraId; }

    @Override
    public String evidence() { return "quarantine:" + cameraId + "@" + time + "/" + reason; }
}
