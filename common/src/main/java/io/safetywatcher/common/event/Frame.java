package io.safetywatcher.common.event;

import java.util.Objects;

/** A camera frame: its metadata and the JPEG bytes. */
public record Frame(FrameMeta meta, byte[] jpeg) implements java.io.Serializable {
    public Frame {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(jpeg, "jpeg");
    }
}
