package io.safetywatcher.alertjob.spark;

import java.io.Serializable;
import java.time.Instant;

/** One frame's features, for its row of {@code frames_by_camera_day} (the ingest query wrote the rest). */
public record FrameRow(String cameraId, Instant ts, long seq, int peopleCount, double motionEnergy, int blobCount, String tracksJson)
        implements Serializable {}
