package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.vision.ViewStats;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A sound frame of a camera whose background model is still learning (after a gap, or a scene
 * that changed): it counts nobody yet, but it shows the camera is alive and what its view looks
 * like, which is all its health needs.
 */
public record FrameLook(String cameraId, String zone, Instant time, long seq, ViewStats view) implements ZoneInput, Serializable {
    public FrameLook {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(view, "view");
    }

    @Override
    public String deviceId() { return cameraId; }

    @Override
    public String evidence() { return "frame:" + cameraId + "@" + time; }
}
