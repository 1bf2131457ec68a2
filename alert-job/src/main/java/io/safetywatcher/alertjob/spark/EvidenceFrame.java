package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.vision.Annotation;
import io.safetywatcher.alertjob.vision.FrameFeatures;

import java.io.Serializable;
import java.time.Instant;

/**
 * The frame that fired a camera alert, for its row of {@code evidence_frames} (7-day TTL): named
 * by its Kafka coordinates with the boxes the extractor saw, not carried as a JPEG, so no frame's
 * bytes travel through the detect query; the sink reads the JPEG back and draws the boxes.
 */
public record EvidenceFrame(String alertId, String cameraId, Instant ts, RecordCoordinates source, FrameFeatures features) implements Serializable {

    /** How the alert's evidence list refers to this row. */
    String reference() { return "evidence_frames:" + alertId + "/" + cameraId + "@" + ts; }

    String boxesJson() { return features.boxesJson(); }

    /** The row's image: the original frame with the boxes drawn, as a JPEG; null if the original does not decode. */
    byte[] annotated(byte[] original) { return Annotation.jpeg(original, features); }
}
