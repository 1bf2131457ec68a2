package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.DeadLetter;

import java.io.Serializable;

/**
 * What the per-zone stateful step emits, one of: an alert event; an input to quarantine (too
 * late, or a frame the extractor refused); a frame's features to store; an evidence frame; an
 * alert that a silence, an inhibition or a cooldown held back.
 */
public record ZoneEvent(Alert alert, DeadLetter late, FrameRow frame, EvidenceFrame evidence, Suppression suppressed) implements Serializable {
    static ZoneEvent of(Alert a) { return new ZoneEvent(a, null, null, null, null); }

    static ZoneEvent quarantine(DeadLetter d) { return new ZoneEvent(null, d, null, null, null); }

    static ZoneEvent of(FrameRow f) { return new ZoneEvent(null, null, f, null, null); }

    static ZoneEvent of(EvidenceFrame e) { return new ZoneEvent(null, null, null, e, null); }

    static ZoneEvent of(Suppression s) { return new ZoneEvent(null, null, null, null, s); }
}
