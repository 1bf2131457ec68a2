package io.safetywatcher.alertjob.vision;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extractor and its tracker on rendered sequences whose paths are known. */
class TrackerTest {
    static final VisionSettings SETTINGS = new VisionSettings(20, 240, 10, 0.28, 5, 0.3);
    static final CameraView VIEW = SETTINGS.view(640, 480, 150);
    static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    private final Scene scene = new Scene(VIEW);
    private final FrameAnalyzer analyzer = new FrameAnalyzer(VIEW, SETTINGS);

    @AfterEach
    void close() {
        analyzer.close();
        scene.close();
    }

    private FrameFeatures frame(int i, List<Scene.Figure> figures) {
        Verdict v = analyzer.analyze(scene.jpeg(figures, 1), T0.plusMillis(500L * i), i);
        assertTrue(v instanceof Verdict.Analysed, () -> "frame " + i + ": " + v);
        return ((Verdict.Analysed) v).features();
    }

    @Test
    void twoWalkersOnKnownPathsAreCountedAndKeepTheirTracks() {
        List<FrameFeatures> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // A walks left to right near the camera, B right to left further away: 20 and 12 px a frame.
            List<Scene.Figure> figures = List.of(new Scene.Figure(60 + 10 * i, 420, 0), new Scene.Figure(600 - 6 * i, 300, 1));
            FrameFeatures f = frame(i, figures);
            if (i >= SETTINGS.warmupFrames()) {
                seen.add(f);
            }
        }
        for (FrameFeatures f : seen) {
            assertEquals(2, f.peopleCount(), () -> "frame " + f.seq() + " " + f.boxesJson());
        }
        // Once confirmed, the same two ids to the end, with their first sighting fixed.
        List<FrameFeatures> later = seen.subList(3, seen.size());
        Set<Integer> ids = new HashSet<>();
        later.get(0).people().forEach(p -> ids.add(p.id()));
        assertEquals(2, ids.size());
        for (FrameFeatures f : later) {
            Set<Integer> now = new HashSet<>();
            f.people().forEach(p -> now.add(p.id()));
            assertEquals(ids, now, () -> "frame " + f.seq());
            assertTrue(f.motionEnergy() < 0.3, () -> "walkers are not a fight: " + f.motionEnergy());
        }
        // A: 10 px a frame at row 420, where a person is 0.34 * (420 - 134) = 97 px: ~0.35 m/s.
        TrackedPerson a = later.get(later.size() - 1).people().stream().filter(p -> p.box().footRow() > 380).findFirst().orElseThrow();
        double expected = 10 * (1.7 / VIEW.personHeightPx(420)) / 0.5;
        assertEquals(expected, a.speedMps(), expected * 0.35);
        assertTrue(a.firstSeen().isBefore(later.get(0).time()));
    }

    @Test
    void someoneWhoStaysIsOneTrackWhoseDwellGrows() {
        SplittableRandom rng = new SplittableRandom(5);
        double x = 320;
        double y = 380;
        FrameFeatures last = null;
        Integer id = null;
        for (int i = 0; i < 140; i++) {
            // Wanders slowly around one spot (a loiterer), and someone walks past now and then.
            x = Math.max(280, Math.min(360, x + rng.nextGaussian() * 3));
            y = Math.max(360, Math.min(400, y + rng.nextGaussian() * 2));
            List<Scene.Figure> figures = new ArrayList<>(List.of(new Scene.Figure(x, y, 4)));
            if (i % 40 >= 25) {
                figures.add(new Scene.Figure(20 + 40 * (i % 40 - 25), 260, 2));
            }
            last = frame(i, figures);
            if (i == SETTINGS.warmupFrames() + 3) {
                id = last.people().stream().filter(p -> p.box().footRow() > 340).findFirst().orElseThrow().id();
            }
        }
        Integer loiterer = id;
        TrackedPerson p = last.people().stream().filter(t -> t.id() == loiterer).findFirst()
                .orElseThrow(() -> new AssertionError("the loiterer's track was lost"));
        // Tracked since shortly after warm-up: 140 frames at 2 fps is 70 s, warm-up 10 s.
        assertTrue(java.time.Duration.between(p.firstSeen(), last.time()).toSeconds() >= 55, () -> "dwell " + p.firstSeen());
        assertTrue(last.motionEnergy() < 0.3);
    }

    @Test
    void twoPeopleLungingOnTheSpotIsViolentMotion() {
        SplittableRandom rng = new SplittableRandom(11);
        double max = 0;
        for (int i = 0; i < 60; i++) {
            List<Scene.Figure> figures = List.of(
                    new Scene.Figure(300 + rng.nextGaussian() * 18, 400 + rng.nextGaussian() * 6, 0),
                    new Scene.Figure(360 + rng.nextGaussian() * 18, 400 + rng.nextGaussian() * 6, 1));
            FrameFeatures f = frame(i, figures);
            if (i >= SETTINGS.warmupFrames() + 12) {
                max = Math.max(max, f.motionEnergy());
            }
        }
        assertTrue(max >= 0.6, "fighting motion energy " + max);
    }
}
