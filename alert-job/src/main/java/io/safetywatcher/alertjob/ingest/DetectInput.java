package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.detect.ZoneObservation;
import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.alertjob.vision.CameraInput;
import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;

import java.time.Clock;
import java.time.Instant;

/**
 * What the detectors get from one ingested record: a reading or an observation as it is, a
 * frame as its camera's features (once the camera's model is warm) or, when the extractor
 * refuses the pixels, as a dead letter with its fault, and a camera's frame that failed
 * validation for its pixels as a fault alone. Plain Java: the streaming job wraps it in rows,
 * the offline evaluation calls it directly.
 */
public final class DetectInput {
    private DetectInput() {}

    /**
     * @param features a frame's features (its boxes for evidence), or null
     * @param refused  a frame refused for its pixels (to quarantine), or null
     */
    public record Item(ZoneInput input, FrameFeatures features, DeadLetter refused) {}

    /** Runs a camera's frame through that camera's model (the job keeps one per camera per executor). */
    @FunctionalInterface
    public interface Analyzer {
        Verdict analyze(Device camera, CameraView view, byte[] jpeg, Instant time, long seq);
    }

    /** The record's input, or null when it has none (invalid, or a frame while its camera warms up). */
    public static Item of(Ingest ingest, Ingested in, Registry registry, Clock clock, VisionSettings vision, Analyzer analyzer) {
        if (in instanceof Ingested.FrameIn f) {
            try {
                return frame(f, registry, vision, analyzer);
            } catch (RuntimeException e) {
                // Pixels nobody foresaw: this frame is refused, the camera and the query go on.
                return refused(f, new Verdict.Refused(Reason.INTERNAL_ERROR, "analysing the frame failed: " + e.getClass().getName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            }
        }
        // A camera's broken frame: the ingest query quarantines it; here it counts against the camera's health.
        var fault = ingest.frameFault(in, registry, clock);
        if (fault.isPresent()) {
            return new Item(fault.get(), null, null);
        }
        ZoneInput z = in instanceof Ingested.ReadingIn r ? new ZoneReading(r.zone(), r.reading())
                : in instanceof Ingested.ObservationIn o ? new ZoneObservation(o.zone(), o.observation()) : null;
        return z == null ? null : new Item(z, null, null);
    }

    private static Item frame(Ingested.FrameIn f, Registry registry, VisionSettings vision, Analyzer analyzer) {
        Device cam = registry.device(f.meta().cameraId()).orElseThrow();
        CameraView view = CameraInput.view(cam, f.meta().width(), f.meta().height(), vision);
        Verdict v = analyzer.analyze(cam, view, f.source().value(), f.meta().captureTime(), f.meta().seq());
        if (v instanceof Verdict.Refused r) {
            return refused(f, r);
        }
        ZoneInput in = CameraInput.of(cam.id(), f.zone(), cam.viewAreaOrZero(), f.meta().captureTime(), f.meta().seq(), v);
        return in == null ? null : new Item(in, ((Verdict.Analysed) v).features(), null);
    }

    /** A frame refused for its pixels: a dead letter to quarantine, and a fault against its camera. */
    private static Item refused(Ingested.FrameIn f, Verdict.Refused r) {
        var s = f.source();
        DeadLetter d = DeadLetter.of(s.topic(), s.partition(), s.offset(), f.meta().cameraId(), r.reason().id(), r.detail(), s.value(), s.timestamp());
        return new Item(CameraInput.of(f.meta().cameraId(), f.zone(), 0, f.meta().captureTime(), f.meta().seq(), r), null, d);
    }
}
