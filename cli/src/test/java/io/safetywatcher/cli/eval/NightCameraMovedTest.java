package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.ViewHealth;
import io.safetywatcher.alertjob.detect.ViewHealthDetector;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.ZoneKind;
import io.safetywatcher.simulator.life.Lighting;
import io.safetywatcher.simulator.scene.Crowd;
import io.safetywatcher.simulator.scene.FrameRenderer;
import io.safetywatcher.simulator.scene.RenderedFrame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized device-fault suite's misses, reproduced: the riverside park's camera at 03:00,
 * rendered by the simulator and knocked aside for two minutes, through the camera's vision and
 * its view health. In that dark view the knocked frames still correlated 0.53 with the learnt
 * layout, which then followed them within a frame (no camera-moved), and too few pixels changed
 * for the vision to call the frames implausible, so what did change was counted as people
 * (intrusions in closed zones).
 */
class NightCameraMovedTest {
    private static final int KNOCK = 100;     // frame (2 a second): 50 s in
    private static final int BACK = 300;      // knocked for 100 s
    private static final int FRAMES = 360;

    /** The seconds camera-moved was active, and the people counted on each analysed frame. */
    private record Run(List<Double> moved, List<Integer> people) {}

    private static Run play(VisionSettings settings, int frames) {
        Camera camera = new Camera("cam-park-01", "riverside-park", 250, 640, 480, 2);
        ViewHealthDetector detector = new ViewHealthDetector(RuleSet.defaults());
        ViewHealth health = new ViewHealth();
        Instant t0 = Instant.parse("2026-11-01T03:00:00Z");
        double night = Lighting.brightness(3.0);
        List<Double> moved = new ArrayList<>();
        List<Integer> people = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(50003);
        try (FrameRenderer renderer = new FrameRenderer(camera, ZoneKind.PARK, 7, 80);
             FrameAnalyzer analyzer = new FrameAnalyzer(settings.view(640, 480, 250), settings)) {
            Crowd crowd = new Crowd(renderer.geometry(), camera.id()); // nobody about at 3 a.m.
            for (int i = 0; i < frames; i++) {
                Instant t = t0.plusMillis(500L * i);
                crowd.step(t.toEpochMilli(), 0.5, 0, 0, List.of(), rng);
                RenderedFrame f = i >= KNOCK && i < BACK ? renderer.renderMoved(crowd, night, rng) : renderer.render(crowd, night, rng);
                if (analyzer.analyze(f.jpeg(), t, i) instanceof Verdict.Analysed a) {
                    people.add(a.features().peopleCount());
                    for (Condition c : detector.detect(camera.id(), camera.zoneId(), t, a.features().view(), "frame", health)) {
                        if (c.active() && c.fingerprint().type() == AlertType.CAMERA_MOVED) {
                            moved.add(i / 2.0);
                        }
                    }
                }
            }
        }
        return new Run(moved, people);
    }

    @Test
    void aParkCameraKnockedAsideAtNightIsMovedAndItsChangedPixelsAreNobody() {
        Run run = play(VisionSettings.defaults(), FRAMES);
        assertThat(run.moved()).as("camera-moved, 20 s after the knock and a little more").isNotEmpty();
        assertThat(run.moved().get(0)).isBetween(KNOCK / 2.0 + 20, KNOCK / 2.0 + 35);
        assertThat(run.moved()).as("and over once the camera is put back").allMatch(s -> s < BACK / 2.0 + 15);
        assertThat(run.people()).as("nobody is in the park").containsOnly(0);

        // Without comparing each frame's layout with the last, the vision counts the knocked view's changed pixels as
        // people. At a foreground threshold of four times the noise this knock changes enough of the view to be
        // refused as implausible anyway; at six (the threshold when this fault was found) too little does.
        Run blind = play(VisionSettings.of(WatcherConfig.defaults().with("vision.scene-change-correlation", "0", "test")
                .with("vision.foreground-noise-factor", "6", "test")), KNOCK + 40);
        assertThat(blind.people()).as("the old fault").anyMatch(n -> n > 0);
    }
}
