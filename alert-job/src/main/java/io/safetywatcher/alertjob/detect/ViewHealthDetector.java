package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.DeviceHealthRules;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.ViewStats;
import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A camera that sends frames but no longer shows its view, from each frame's {@link ViewStats}:
 * <ul>
 *   <li>frozen: the very same pixels for {@code camera_frozen.after} (a live sensor's noise
 *       changes some every frame; a stuck encoder repeats its last);</li>
 *   <li>covered: a uniform view (spread too low, or too dark, or saturated) for
 *       {@code camera_covered.after}; a uniform view is not also called frozen;</li>
 *   <li>moved: every frame's layout differs from the one learnt (brightness and contrast taken
 *       out, so lights are no change) for {@code camera_moved.after}, compared only where the
 *       camera's model sees no people (its foreground), so a crowd is no move; people come and go
 *       within that, a moved camera does not. A change begins only on a frame unlike the last
 *       one too: a view that drifts from the learnt layout frame by frame is followed. After {@code adopt_after} the new view is learnt as
 *       the camera's own, which ends it.</li>
 * </ul>
 * Each is active on every frame while it holds and cleared once when it stops. Keyed by camera.
 */
public final class ViewHealthDetector implements Serializable {
    private final RuleSet rules;

    public ViewHealthDetector(RuleSet rules) {
        this.rules = rules;
    }

    public List<Condition> detect(String camera, String zone, Instant t, ViewStats v, String evidence, ViewHealth s) {
        DeviceHealthRules h = rules.deviceHealth();
        List<Condition> out = new ArrayList<>(1);
        if (s.lastFrame != null && Duration.between(s.lastFrame, t).compareTo(FrameAnalyzer.GAP) > 0) {
            // Back after a gap (the camera was off, or a replay jumped to another hour): night may have
            // fallen or the lights changed, so the view is learnt afresh, as the camera's model is.
            s.reference = null;
            s.changedSince = null;
            s.sameSince = null;
            s.uniformSince = null;
            s.lastView = null;
        }
        s.lastFrame = t;
        boolean uniform = h.covered().uniform(v.mean(), v.spread());

        s.uniformSince = uniform ? (s.uniformSince == null ? t : s.uniformSince) : null;
        boolean covered = s.uniformSince != null && held(s.uniformSince, t, h.covered().after());
        String coveredWhy = String.format(Locale.ROOT, "camera %s's view has been uniform for %d s (mean grey %.0f, spread %.1f): covered,"
                + " sprayed or blinded; its view of %s is not watched", camera, seconds(s.uniformSince, t), v.mean(), v.spread(), zone);
        s.covered = judge(out, AlertType.CAMERA_COVERED, s.covered, covered, camera, zone, t, 1.0, coveredWhy, evidence);

        if (s.sameSince == null || v.digest() != s.digest) {
            s.sameSince = t;
            s.digest = v.digest();
        }
        boolean frozen = !uniform && held(s.sameSince, t, h.frozen().after());
        s.frozen = judge(out, AlertType.CAMERA_FROZEN, s.frozen, frozen, camera, zone, t, 1.0,
                "camera " + camera + " has sent the very same picture for " + seconds(s.sameSince, t) + " s: its image is stuck", evidence);

        boolean moved = false;
        double corr = 1;
        if (!uniform) {
            byte[] layout = v.layout();
            boolean[] open = v.backgroundCells();
            if (s.reference == null) {
                s.reference = layout;
            }
            double r = v.likeness(s.reference, open);
            if (!Double.isNaN(r)) {
                corr = r;
            }
            double min = h.moved().minCorrelation();
            if (r >= min) {
                s.changedSince = null;
                follow(s.reference, layout, open); // slow change (light, shadows); a sudden one never matches
            } else if (s.changedSince == null && !Double.isNaN(r) && s.lastView != null && !(v.likeness(s.lastView) < min)) {
                // Unlike the learnt layout but like the last frame: the view drifted there (a crowd's
                // ghosts leaving the vision's background show the ground again, cell by cell). A
                // moved camera changes from one frame to the next.
                follow(s.reference, layout, open);
            } else if (!Double.isNaN(r) || s.changedSince != null) {
                // Changed, or (NaN) people cover what would tell: a change under way goes on, none starts.
                if (s.changedSince == null) {
                    s.changedSince = t;
                }
                if (held(s.changedSince, t, h.moved().adoptAfter())) {
                    adopt(s.reference, layout, open); // the camera's new view is its own now
                    s.changedSince = null;
                } else {
                    moved = held(s.changedSince, t, h.moved().after());
                }
            }
        }
        s.lastView = uniform ? null : v;
        String movedWhy = String.format(Locale.ROOT, "camera %s's view changed as a whole %d s ago and stays changed (layout correlation %.2f"
                + " with the one it had): moved or turned", camera, seconds(s.changedSince, t), corr);
        s.moved = judge(out, AlertType.CAMERA_MOVED, s.moved, moved, camera, zone, t, Math.max(0, 1 - corr), movedWhy, evidence);
        return out;
    }

    /**
     * The reference takes a quarter of the way to the frame's layout where the background shows
     * (where people are it keeps what it had): light and shadows drift, and a frame that only
     * just matches (a dark view knocked aside can still correlate 0.5 with its old self) is not
     * made the camera's own at once.
     */
    private static void follow(byte[] reference, byte[] layout, boolean[] open) {
        for (int i = 0; i < reference.length; i++) {
            if (open[i]) {
                int d = (layout[i] & 0xFF) - (reference[i] & 0xFF);
                reference[i] = (byte) ((reference[i] & 0xFF) + Integer.signum(d) * Math.max(1, Math.abs(d) / 4));
            }
        }
    }

    /** Where the change is adopted as the camera's new view: the reference becomes the layout where it shows. */
    private static void adopt(byte[] reference, byte[] layout, boolean[] open) {
        for (int i = 0; i < reference.length; i++) {
            if (open[i]) {
                reference[i] = layout[i];
            }
        }
    }

    /** Adds the condition if it holds, or its clear if it just stopped; whether it holds. */
    private boolean judge(List<Condition> out, AlertType type, boolean was, boolean now, String camera, String zone, Instant t, double score,
                          String summary, String evidence) {
        Fingerprint fp = new Fingerprint(type, zone, camera);
        if (now) {
            out.add(Condition.active(fp, t, rules.alert(type).severity(), score, summary, List.of(camera), List.of(evidence)));
        } else if (was) {
            out.add(Condition.clear(fp, t, List.of(camera)));
        }
        return now;
    }

    private static boolean held(Instant since, Instant t, Duration d) {
        return Duration.between(since, t).compareTo(d) >= 0;
    }

    private static long seconds(Instant since, Instant t) {
        return since == null ? 0 : Duration.between(since, t).toSeconds();
    }
}
