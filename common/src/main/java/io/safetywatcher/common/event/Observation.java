package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Behaviour labels a smart camera reports for one moment, on {@code sw.observations}. It
 * carries labels only: nobody's face, name or track identity leaves the camera.
 */
public record Observation(String cameraId, Instant captureTime, long seq, List<Label> labels) implements java.io.Serializable {
    public Observation {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(captureTime, "captureTime");
        labels = List.copyOf(labels);
    }
}
