package io.safetywatcher.alertjob.vision;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The perspective learnt from lone walkers' boxes: a known camera's mounting recovered despite groups and noise. */
class PerspectiveLearnerTest {
    static final int W = 640;
    static final int H = 480;
    /** The camera the boxes are drawn for: horizon at row 60, 6 m up. */
    static final CameraView TRUE = new CameraView(W, H, 150, 60, 6);

    /** The median the fit ranks lines by is the one sorting gives, on values with ties and runs. */
    @Test
    void selectingTheMedianGivesWhatSortingGives() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(200);
            double[] a = new double[n + 5];
            for (int i = 0; i < n; i++) {
                a[i] = trial % 3 == 0 ? rng.nextInt(4) : trial % 3 == 1 ? i : rng.nextDouble();
            }
            double[] sorted = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(sorted);
            int k = rng.nextInt(n);
            assertEquals(sorted[k], PerspectiveLearner.select(a, n, k), "trial " + trial + ", n " + n + ", k " + k);
        }
    }

    @Test
    void learnsTheMountingFromLoneWalkersAndIgnoresGroups() {
        PerspectiveLearner learner = new PerspectiveLearner(W, H);
        feed(learner, 40);
        Calibration c = learner.current();
        assertTrue(c.calibrated(), c::toString);
        assertEquals(60, c.horizonRow(), 12, c::toString);
        assertEquals(6, c.mountHeightM(), 0.6, c::toString);
        assertEquals(0.3, c.personArea(), 0.03, c::toString);
        assertTrue(c.people() >= 20, c::toString);
    }

    @Test
    void saysItIsNotCalibratedUntilItHasSeenEnoughPeople() {
        PerspectiveLearner learner = new PerspectiveLearner(W, H);
        feed(learner, 2);
        assertFalse(learner.current().calibrated());
        assertTrue(learner.current().describe(H).startsWith("not calibrated"), learner.current().describe(H));
    }

    @Test
    void theSameFramesGiveTheSameFitAndTheStateSurvivesSerialization() throws Exception {
        PerspectiveLearner a = new PerspectiveLearner(W, H);
        PerspectiveLearner b = new PerspectiveLearner(W, H);
        feed(a, 20);
        feed(b, 20);
        assertEquals(a.current(), b.current());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        PerspectiveLearner copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PerspectiveLearner) in.readObject();
        }
        feed(a, 10);
        feed(copy, 10);
        assertEquals(a.current(), copy.current());
    }

    /**
     * Walkers crossing the view one at a time, each for 30 frames on a path down the image, their
     * box heights off by up to 8 %; every third walker walks with a friend side by side (one wide
     * box: no sample) and now and then a shadow or a second person behind makes a box 60 % too tall.
     */
    private static void feed(PerspectiveLearner learner, int walkers) {
        SplittableRandom rng = new SplittableRandom(7);
        for (int w = 0; w < walkers; w++) {
            double startRow = 120 + rng.nextDouble() * 300;
            double x = 40 + rng.nextDouble() * 500;
            boolean pair = w % 3 == 2;
            for (int f = 0; f < 30; f++) {
                double foot = Math.min(H - 5, startRow + f * 2);
                double h = TRUE.personHeightPx(foot) * (1 + 0.08 * (rng.nextDouble() * 2 - 1)) * (rng.nextInt(10) == 0 ? 1.6 : 1);
                int bh = (int) Math.round(h);
                int bw = (int) Math.round(TRUE.personHeightPx(foot) * (pair ? 0.9 : 0.35));
                int bx = (int) Math.round(x + f * 3);
                List<Box> boxes = new ArrayList<>(List.of(new Box(bx, (int) Math.round(foot) - bh, bw, bh)));
                int area = (int) Math.round(0.3 * bh * bh * (pair ? 2 : 1));
                learner.observe(boxes, new int[] {area});
            }
        }
    }
}
