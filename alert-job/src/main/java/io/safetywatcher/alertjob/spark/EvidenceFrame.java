package io.safetywatcher.alertjob.spark;

import java.io.Serializable;
import java.time.Instant;

/** The frame that fired a camera alert, with the boxes drawn: a row of {@code evidence_frames} (7-day TTL). */
record EvidenceFrame(String alertId, String cameraId, Instant ts, byte[] jpeg, String boxesJson) implements Serializable {

    /** How the alert's evidence list refers to this row. */
    String reference() { return "evidence_frames:" + alertId + "/" + cameraId + "@" + ts; }
}
