package io.safetywatcher.alertjob.vision;

import io.safetywatcher.alertjob.detect.CameraFeatures;
import io.safetywatcher.alertjob.detect.FrameFault;
import io.safetywatcher.alertjob.detect.FrameLook;
import io.safetywatcher.alertjob.detect.Track;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.store.registry.Device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one camera frame's verdict gives the zone's detectors, and the view a registered camera's
 * frames are analysed in: the streaming job and the offline evaluation both go through here.
 */
public final class CameraInput {
    private CameraInput() {}

    /**
     * The camera's view as registered, for frames of this size. Without a registered view area
     * there is no density, and so no bound on it (infinite area).
     */
    public static CameraView view(Device cam, int width, int height, VisionSettings vision) {
        double area = cam.viewAreaOrZero();
        return vision.view(cam, width, height, area > 0 ? area : Double.POSITIVE_INFINITY);
    }

    /**
     * A refused frame is a {@link FrameFault} (for the camera's health only), a warm model's
     * frame is {@link CameraFeatures}, a frame while the model warms up a {@link FrameLook} (the
     * camera's health only), a skipped one nothing.
     *
     * @param viewAreaM2 the registered ground area in view; 0 if unknown (no density then)
     */
    public static ZoneInput of(String camera, String zone, double viewAreaM2, Instant time, long seq, Verdict v) {
        if (v instanceof Verdict.Refused r) {
            return new FrameFault(camera, zone, time, seq, r.reason().id(), r.detail());
        }
        if (!(v instanceof Verdict.Analysed a)) {
            return null;
        }
        FrameFeatures ff = a.features();
        if (!ff.warm()) {
            return ff.view() == null ? null : new FrameLook(camera, zone, time, seq, ff.view());
        }
        List<Track> tracks = new ArrayList<>();
        for (TrackedPerson p : ff.people()) {
            tracks.add(new Track(camera + "#" + p.id(), p.firstSeen(), p.lastAlone()));
        }
        // Without a registered view area there is no density (0), but counts and tracks still serve.
        double density = viewAreaM2 > 0 ? ff.peopleCount() / viewAreaM2 : 0;
        return new CameraFeatures(camera, zone, time, seq, ff.peopleCount(), density, Math.min(1, Math.max(0, ff.motionEnergy())), tracks,
                ff.view(), ff.count().dense());
    }
}
