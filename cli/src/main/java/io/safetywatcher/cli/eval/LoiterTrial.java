package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.TrackedPerson;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.ZoneKind;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.scene.Crowd;
import io.safetywatcher.simulator.scene.FrameRenderer;
import io.safetywatcher.simulator.scene.RenderedFrame;
import io.safetywatcher.simulator.scene.Role;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How long one camera keeps a loiterer's identity among passers-by: the simulator's renderer
 * draws a scene at a steady density (two minutes to learn the background), then a loiterer who
 * stays about one spot; each frame, the track the job's frame analyzer has alone on the
 * loiterer's feet is theirs. The loitering alert needs one such track to last past the zone's
 * dwell limit, so the longest a track held them, counted from their arrival, is what decides it.
 *
 * @param light the scene's brightness as the simulator renders it: 1 by day, 0.3 at night
 */
public record LoiterTrial(ZoneKind kind, double viewAreaM2, double density, long seed, double light) {
    static final int FPS = 2;
    static final int LEARN_FRAMES = 240;
    /** A track whose feet are within this share of a person's height of the loiterer's is on them. */
    static final double ON_THEM = 0.3;

    /**
     * @param people        mean people in view (the truth, loiterer included)
     * @param longestS      the longest one track held the loiterer alone, from their arrival, seconds
     * @param breaks        how often the loiterer's track changed (another track, or the same one's dwell restarted)
     * @param seenAloneShare the share of frames the loiterer had a tracked blob to themselves
     * @param frames        frames analysed while the loiterer was in view
     * @param othersLongestS the longest dwell any track alone on a passer-by showed (a person's height or more from the
     *                      loiterer's feet), from its first sighting: what would be a false loiterer past the dwell limit
     */
    public record Result(LoiterTrial trial, double people, double longestS, int breaks, double seenAloneShare, int frames,
                         double othersLongestS) {
        /** Breaks per minute of the loiterer's stay. */
        public double breaksPerMinute() { return frames == 0 ? 0 : breaks / (frames / (FPS * 60.0)); }
    }

    public Result run(VisionSettings settings, Duration stay) {
        return run(settings, stay, true);
    }

    /**
     * @param withLoiterer false for the control: the same scene with nobody staying, where the
     *                     longest dwell any track shows is what a false loiterer would need
     */
    public Result run(VisionSettings settings, Duration stay, boolean withLoiterer) {
        Camera camera = new Camera("cam-loiter", "loiter", viewAreaM2, 640, 480, FPS);
        SplittableRandom rng = new SplittableRandom(seed);
        long t0 = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
        Instant arrival = Instant.ofEpochMilli(t0 + 1000L * LEARN_FRAMES / FPS);
        Incident loitering = new Incident("loiterer", AlertType.LOITERING, "loiter", List.of(camera.id()), arrival, arrival.plus(stay), 0.8);
        List<InjectedIncident> incidents = withLoiterer ? List.of(new InjectedIncident(loitering, camera.id())) : List.of();
        CameraView view = settings.view(camera.width(), camera.height(), viewAreaM2);
        double people = 0;
        double longest = 0;
        int breaks = 0;
        int alone = 0;
        int n = 0;
        Instant held = null;
        double others = 0;
        try (FrameRenderer renderer = new FrameRenderer(camera, kind, seed, 80); FrameAnalyzer analyzer = new FrameAnalyzer(view, settings)) {
            Crowd crowd = new Crowd(renderer.geometry(), camera.id());
            int frames = LEARN_FRAMES + (int) (stay.toSeconds() * FPS);
            for (int i = 0; i < frames; i++) {
                long t = t0 + 1000L * i / FPS;
                crowd.step(t, 1.0 / FPS, density * viewAreaM2, density, incidents, rng);
                RenderedFrame f = renderer.render(crowd, light, rng);
                Instant now = Instant.ofEpochMilli(t);
                Verdict v = analyzer.analyze(f.jpeg(), now, i);
                if (now.isBefore(arrival) || !(v instanceof Verdict.Analysed a)) {
                    continue;
                }
                List<double[]> feet = crowd.feet(Role.LOITERER);
                if (!withLoiterer) {
                    n++;
                    people += crowd.size();
                    others = Math.max(others, othersLongest(a.features().people(), null, view, now));
                    continue;
                }
                if (feet.isEmpty()) {
                    continue;
                }
                n++;
                people += crowd.size();
                TrackedPerson theirs = onThem(a.features().people(), feet.get(0), view, now);
                others = Math.max(others, othersLongest(a.features().people(), feet.get(0), view, now));
                if (theirs == null) {
                    continue;
                }
                alone++;
                Instant since = theirs.firstSeen().isBefore(arrival) ? arrival : theirs.firstSeen();
                if (held != null && !held.equals(since)) {
                    breaks++;
                }
                held = since;
                longest = Math.max(longest, Duration.between(since, now).toMillis() / 1000.0);
            }
        }
        return new Result(this, n == 0 ? 0 : people / n, longest, breaks, n == 0 ? 0 : (double) alone / n, n, others);
    }

    /**
     * The longest dwell, seconds, of a track alone on its blob this frame a person's height or more
     * from the loiterer (any track when there is none).
     */
    private static double othersLongest(List<TrackedPerson> tracks, double[] foot, CameraView view, Instant now) {
        double away = foot == null ? 0 : view.personHeightPx(foot[1]);
        double longest = 0;
        for (TrackedPerson p : tracks) {
            if (now.equals(p.lastAlone()) && (foot == null || Math.hypot(p.box().centreX() - foot[0], p.box().footRow() - foot[1]) >= away)) {
                longest = Math.max(longest, Duration.between(p.firstSeen(), now).toMillis() / 1000.0);
            }
        }
        return longest;
    }

    /** The track alone on its blob this frame whose feet are nearest the loiterer's, within {@link #ON_THEM}; null if none. */
    private static TrackedPerson onThem(List<TrackedPerson> tracks, double[] foot, CameraView view, Instant now) {
        double reach = ON_THEM * view.personHeightPx(foot[1]);
        TrackedPerson best = null;
        double bestD = Double.MAX_VALUE;
        for (TrackedPerson p : tracks) {
            double d = Math.hypot(p.box().centreX() - foot[0], p.box().footRow() - foot[1]);
            if (now.equals(p.lastAlone()) && d <= reach && d < bestD) {
                best = p;
                bestD = d;
            }
        }
        return best;
    }
}
