package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What travels in the Kafka record headers of a frame on {@code sw.frames}; the value is the
 * JPEG itself. Kept apart from the pixels so metadata can be stored and queried without them.
 */
public record FrameMeta(String cameraId, Instant captureTime, long seq, int width, int height) implements java.io.Serializable {
    public FrameMeta {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(captureTime, "captureTime");
    }
}
