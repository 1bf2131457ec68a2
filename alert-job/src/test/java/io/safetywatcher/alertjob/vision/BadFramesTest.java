package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.codec.Reason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of broken frame is refused with its reason, and the camera's next frames are still analysed right. */
class BadFramesTest {
    static final VisionSettings SETTINGS = TrackerTest.SETTINGS;

    /** 15 s of one walker: the model is warm and has seen sound frames; the next sequence number. */
    static int warmUp(FrameAnalyzer a, Scene scene) {
        int seq = 0;
        for (; seq < 30; seq++) {
            a.analyze(scene.jpeg(List.of(new Scene.Figure(100 + 8 * seq, 420, 0)), 1), TrackerTest.T0.plusMillis(500L * seq), seq);
        }
        return seq;
    }

    @Test
    void brokenFramesAreRefusedAndDoNotPoisonTheModel() {
        CameraView view = TrackerTest.VIEW;
        Instant t0 = TrackerTest.T0;
        try (Scene scene = new Scene(view); Scene small = new Scene(SETTINGS.view(320, 240, 150));
             FrameAnalyzer a = new FrameAnalyzer(view, SETTINGS)) {
            int seq = warmUp(a, scene);
            byte[] good = scene.jpeg(List.of(new Scene.Figure(400, 420, 0)), 1);
            byte[] corrupt = good.clone();
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = good.length / 3; i < good.length - 10; i++) {
                corrupt[i] = (byte) rng.nextInt(256);
            }
            List<Object[]> bad = List.of(
                    new Object[] {new byte[0], Reason.EMPTY_PAYLOAD},
                    new Object[] {Arrays.copyOf(good, good.length / 2), Reason.TRUNCATED_JPEG},
                    new Object[] {corrupt, Reason.CORRUPT_JPEG},
                    new Object[] {small.jpeg(List.of(), 1), Reason.WRONG_SIZE},
                    new Object[] {"not a jpeg at all".getBytes(), Reason.NOT_JPEG});
            for (Object[] b : bad) {
                Verdict v = a.analyze((byte[]) b[0], t0.plusMillis(500L * seq), seq++);
                assertTrue(v instanceof Verdict.Refused, () -> b[1] + ": " + v);
                assertEquals(b[1], ((Verdict.Refused) v).reason(), () -> ((Verdict.Refused) v).detail());
                // The good frames after it: still one person, where they are.
                for (int k = 0; k < 3; k++, seq++) {
                    Verdict g = a.analyze(scene.jpeg(List.of(new Scene.Figure(400 + 6 * k, 420, 0)), 1), t0.plusMillis(500L * seq), seq);
                    assertTrue(g instanceof Verdict.Analysed, g::toString);
                    FrameFeatures f = ((Verdict.Analysed) g).features();
                    assertEquals(1, f.peopleCount(), () -> "after " + b[1] + ": " + f.boxesJson());
                    assertTrue(f.foregroundShare() < 0.05, () -> "after " + b[1] + " the model is off: " + f.foregroundShare());
                }
            }
            // A replayed frame gets the same answer; an older unseen one is skipped, not fed to the model.
            Verdict again = a.analyze(scene.jpeg(List.of(new Scene.Figure(412, 420, 0)), 1), t0.plusMillis(500L * (seq - 1)), seq - 1);
            assertTrue(again instanceof Verdict.Analysed);
        }
    }

    /**
     * Issue #22: markers intact, scan data scrambled. The structure check used to pass it and
     * OpenCV decoded garbage that counted as thousands of people. Now each is refused as
     * corrupt_jpeg, a stream of them never yields a count, and the model is unharmed.
     */
    @Test
    void wellFormedJpegsWithScrambledScanDataAreRefused() {
        CameraView view = TrackerTest.VIEW;
        Instant t0 = TrackerTest.T0;
        try (Scene scene = new Scene(view); FrameAnalyzer a = new FrameAnalyzer(view, SETTINGS)) {
            int seq = warmUp(a, scene);
            for (int k = 0; k < 40; k++, seq++) {
                byte[] bad = Scene.scrambled(scene.jpeg(List.of(new Scene.Figure(340 + 2 * k, 420, 0)), 1), k);
                Verdict v = a.analyze(bad, t0.plusMillis(500L * seq), seq);
                assertTrue(v instanceof Verdict.Refused, () -> "scrambled frame: " + v);
                assertEquals(Reason.CORRUPT_JPEG, ((Verdict.Refused) v).reason());
                assertTrue(((Verdict.Refused) v).detail().contains("scan data"), ((Verdict.Refused) v).detail());
            }
            for (int k = 0; k < 3; k++, seq++) {
                Verdict g = a.analyze(scene.jpeg(List.of(new Scene.Figure(430 + 6 * k, 420, 0)), 1), t0.plusMillis(500L * seq), seq);
                FrameFeatures f = ((Verdict.Analysed) g).features();
                assertEquals(1, f.peopleCount(), f::boxesJson);
            }
        }
    }

    /**
     * Garbage that gets past the codec (here: decoded pixels handed over directly) is still no
     * scene: more people per m² than can stand in the view is refused, with what was implausible,
     * and at no point does a count beyond the bound come out.
     */
    @Test
    void aSceneDenserThanPeopleCanPackIsRefused() {
        CameraView view = TrackerTest.VIEW;
        Instant t0 = TrackerTest.T0;
        try (Scene scene = new Scene(view); FrameAnalyzer a = new FrameAnalyzer(view, SETTINGS)) {
            int seq = warmUp(a, scene);
            int refused = 0;
            for (int k = 0; k < 60; k++, seq++) {
                org.opencv.core.Mat garbage = FrameAnalyzer.decode(Scene.scrambled(scene.jpeg(List.of(), 1), 100 + k));
                try {
                    Verdict v = a.analyze(garbage, t0.plusMillis(500L * seq), seq);
                    if (v instanceof Verdict.Refused r) {
                        refused++;
                        assertEquals(Reason.CORRUPT_JPEG, r.reason());
                    } else {
                        FrameFeatures f = ((Verdict.Analysed) v).features();
                        assertTrue(f.peopleCount() / view.viewAreaM2() <= SETTINGS.maxDensity(),
                                () -> "frame " + f.seq() + " counted " + f.peopleCount() + " people in " + view.viewAreaM2() + " m²");
                    }
                    if (k == 0) {
                        assertTrue(v instanceof Verdict.Refused r && r.detail().startsWith("implausible scene:") && r.detail().contains("p/m²"),
                                v::toString);
                    }
                } finally {
                    garbage.release();
                }
            }
            assertTrue(refused >= 30, "refused " + refused + " of 60 garbage frames");
        }
    }

    @Test
    void aChangeOfLightIsNotACrowd() {
        CameraView view = TrackerTest.VIEW;
        try (Scene scene = new Scene(view); FrameAnalyzer a = new FrameAnalyzer(view, SETTINGS)) {
            for (int i = 0; i < 40; i++) {
                double light = i < 30 ? 1 : 0.75; // dusk: a step down in brightness
                Verdict v = a.analyze(scene.jpeg(List.of(new Scene.Figure(200 + 5 * i, 400, 3)), light), TrackerTest.T0.plusMillis(500L * i), i);
                assertTrue(v instanceof Verdict.Analysed, v::toString);
                FrameFeatures f = ((Verdict.Analysed) v).features();
                if (f.warm()) {
                    assertEquals(1, f.peopleCount(), () -> "frame " + f.seq() + ": " + f.boxesJson());
                }
            }
        }
    }
}
