package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.ZoneKind;
import io.safetywatcher.simulator.scene.Crowd;
import io.safetywatcher.simulator.scene.FrameRenderer;
import io.safetywatcher.simulator.scene.RenderedFrame;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One camera's count against the truth at one density: the simulator's renderer draws a crowd
 * whose size is known, the job's frame analyzer counts it. Two minutes at 0.1 p/m² (the
 * background and the perspective are learnt), a one-minute ramp to the density, then a hold;
 * the figures are means over the hold's last {@code measured} frames, 2 frames a second.
 *
 * @param light the scene's brightness as the simulator renders it: 1 by day, 0.3 at night (with its sensor noise)
 */
public record CrowdCountTrial(ZoneKind kind, double viewAreaM2, double density, long seed, double light) {

    public CrowdCountTrial(ZoneKind kind, double viewAreaM2, double density, long seed) {
        this(kind, viewAreaM2, density, seed, 1.0);
    }

    static final int FPS = 2;
    static final int LEARN_FRAMES = 240;
    static final int RAMP_FRAMES = 120;

    /** Mean people in view (the truth) and counted, and how many of those came from merged blobs. */
    public record Result(CrowdCountTrial trial, double truePeople, double counted, double fromCrowds, int frames) {
        public double trueDensity() { return truePeople / trial.viewAreaM2(); }

        public double countedDensity() { return counted / trial.viewAreaM2(); }

        /** Counted over true: 1 is right, under 1 an undercount. */
        public double ratio() { return truePeople == 0 ? Double.NaN : counted / truePeople; }
    }

    public Result run(VisionSettings settings, int holdFrames, int measured) {
        if (measured < 1 || measured > holdFrames) {
            throw new IllegalArgumentException("measured frames must be 1.." + holdFrames + ", got " + measured);
        }
        Camera camera = new Camera("cam-count", "count", viewAreaM2, 640, 480, FPS);
        SplittableRandom rng = new SplittableRandom(seed);
        long t0 = Instant.parse("2026-11-10T12:00:00Z").toEpochMilli();
        double truth = 0;
        double counted = 0;
        double crowds = 0;
        int n = 0;
        CameraView view = settings.view(camera.width(), camera.height(), viewAreaM2);
        try (FrameRenderer renderer = new FrameRenderer(camera, kind, seed, 80); FrameAnalyzer analyzer = new FrameAnalyzer(view, settings)) {
            Crowd crowd = new Crowd(renderer.geometry(), camera.id());
            int frames = LEARN_FRAMES + RAMP_FRAMES + holdFrames;
            for (int i = 0; i < frames; i++) {
                long t = t0 + 1000L * i / FPS;
                double d = i < LEARN_FRAMES ? 0.1 : Math.min(density, 0.1 + (density - 0.1) * (i - LEARN_FRAMES) / (double) RAMP_FRAMES);
                crowd.step(t, 1.0 / FPS, d * viewAreaM2, d, List.of(), rng);
                RenderedFrame f = renderer.render(crowd, light, rng);
                Verdict v = analyzer.analyze(f.jpeg(), Instant.ofEpochMilli(t), i);
                if (i >= frames - measured && v instanceof Verdict.Analysed a && a.features().warm()) {
                    truth += crowd.size();
                    counted += a.features().peopleCount();
                    crowds += a.features().crowdPeople();
                    n++;
                }
            }
        }
        return n == 0 ? new Result(this, 0, 0, 0, 0) : new Result(this, truth / n, counted / n, crowds / n, n);
    }
}
