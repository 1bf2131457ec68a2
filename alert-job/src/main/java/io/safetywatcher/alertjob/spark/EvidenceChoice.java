package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.common.event.Alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which frame becomes a firing camera alert's evidence: for each of the alert's cameras, its
 * newest frame of the batch at or before the firing time. The frame is named by its Kafka
 * coordinates with its boxes (the sink reads the JPEG back, draws the boxes and writes the row of
 * evidence_frames), and the alert's evidence names that row first.
 */
final class EvidenceChoice {
    private EvidenceChoice() {}

    /** A camera frame of the batch: what the extractor saw, and where the JPEG it saw it in is in Kafka. */
    record Frame(FrameFeatures features, RecordCoordinates source) {}

    /**
     * The alert with its evidence frames named first, each frame added to {@code out}; the alert
     * as it was when none of its devices has a frame in time (not a camera, or only later frames).
     */
    static Alert withEvidence(Alert a, Map<String, List<Frame>> framesByCamera, List<ZoneEvent> out) {
        List<String> refs = new ArrayList<>();
        for (String device : a.devices()) {
            Optional<Frame> best = newestAtOrBefore(framesByCamera.getOrDefault(device, List.of()), a.updatedAt());
            if (best.isEmpty()) {
                continue;
            }
            FrameFeatures ff = best.get().features();
            EvidenceFrame e = new EvidenceFrame(a.id(), device, ff.time(), best.get().source(), ff);
            out.add(ZoneEvent.of(e));
            refs.add(e.reference());
        }
        if (refs.isEmpty()) {
            return a;
        }
        refs.addAll(a.evidence());
        return new Alert(a.id(), a.fingerprint(), a.type(), a.severity(), a.state(), a.zone(), a.devices(), a.startedAt(), a.updatedAt(),
                a.endedAt(), a.score(), a.summary(), refs, a.ruleVersion());
    }

    /** The frame that fired: the newest at or before {@code at} (the first of equals), none when all are later. */
    static Optional<Frame> newestAtOrBefore(List<Frame> frames, Instant at) {
        Frame best = null;
        for (Frame f : frames) {
            Instant t = f.features().time();
            if (!t.isAfter(at) && (best == null || t.isAfter(best.features().time()))) {
                best = f;
            }
        }
        return Optional.ofNullable(best);
    }
}
