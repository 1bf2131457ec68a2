package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.ViewStats;
import io.safetywatcher.common.event.AlertType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frozen, covered and moved on the default rules (frozen 30 s, covered 20 s, moved held 20 s and
 * adopted after 3 min), from synthetic view statistics at 2 frames a second.
 */
class ViewHealthDetectorTest {
    private final ViewHealthDetector detector = new ViewHealthDetector(RuleSet.defaults());
    private final ViewHealth state = new ViewHealth();
    private final Random random = new Random(7);
    private long digest;

    /** A street: buildings above a ground that brightens towards the camera, as a 16x12 layout, panned and tilted by {@code shift} cells. */
    private static byte[] street(int shift) {
        byte[] l = new byte[ViewStats.LAYOUT_W * ViewStats.LAYOUT_H];
        for (int y = 0; y < ViewStats.LAYOUT_H; y++) {
            for (int x = 0; x < ViewStats.LAYOUT_W; x++) {
                int sx = Math.floorMod(x + shift, ViewStats.LAYOUT_W);
                int sy = Math.min(ViewStats.LAYOUT_H - 1, y + shift / 2 + (shift > 0 ? 2 : 0));
                int v = sy < 4 ? (sx % 5 < 2 ? 200 : 70) : 60 + 12 * sy + (sx == 7 ? 80 : 0);
                l[y * ViewStats.LAYOUT_W + x] = (byte) v;
            }
        }
        return l;
    }

    private ViewStats live(byte[] layout) { return new ViewStats(110, 45, ++digest, layout); }

    /** Frames every half second from {@code from} to {@code to} s; the conditions each gave. */
    private List<Condition> run(double from, double to, java.util.function.DoubleFunction<ViewStats> frame) {
        List<Condition> out = new ArrayList<>();
        for (double s = from; s < to; s += 0.5) {
            out.addAll(detector.detect("cam-1", "z", at(s), frame.apply(s), "frame:cam-1@" + at(s), state));
        }
        return out;
    }

    private static List<String> firstActive(List<Condition> cs) {
        return cs.stream().filter(Condition::active).map(c -> c.fingerprint().type().id() + "@" + c.time()).limit(1).toList();
    }

    @Test
    void aLiveViewRaisesNothingThroughLightsAndPassers() {
        byte[] street = street(0);
        List<Condition> out = run(0, 600, s -> {
            byte[] l = street.clone();
            double light = s < 300 ? 1.0 : 0.45; // the lights go down at 5 min
            for (int i = 0; i < l.length; i++) {
                l[i] = (byte) Math.min(255, Math.round((l[i] & 0xFF) * light + random.nextGaussian() * 2));
            }
            int px = (int) (s * 2) % 150; // a group of passers crossing the lower half, seen as foreground by the vision
            byte[] fg = new byte[l.length];
            for (int y = 7; y < 12; y++) {
                for (int x = px / 10; x < Math.min(16, px / 10 + 3); x++) {
                    l[y * 16 + x] = (byte) 30;
                    fg[y * 16 + x] = (byte) 200;
                }
            }
            return new ViewStats(110, 45, ++digest, l, fg);
        });
        assertThat(out).isEmpty();
    }

    @Test
    void aViewThatChangedWhileTheCameraWasAwayIsLearntAfreshNotCalledMoved() {
        // The camera suite's night after its evening: the same camera six hours later, under street lights.
        run(0, 60, s -> live(street(0)));
        byte[] night = street(3);
        assertThat(ViewStats.correlation(street(0), night)).as("another layout").isLessThan(0.5);
        assertThat(run(6 * 3600, 6 * 3600 + 120, s -> live(night))).isEmpty();
        // Without a gap the same change is a move.
        assertThat(firstActive(run(6 * 3600 + 120, 6 * 3600 + 180, s -> live(street(0))))).containsExactly("camera-moved@" + at(6 * 3600 + 140));
    }

    @Test
    void theSamePixelsForThirtySecondsAreFrozenUntilTheyMoveAgain() {
        run(0, 10, s -> live(street(0)));
        ViewStats stuck = new ViewStats(110, 45, 424242, street(0));
        List<Condition> out = run(10, 50, s -> stuck);
        assertThat(firstActive(out)).containsExactly("camera-frozen@" + at(40));
        List<Condition> after = run(50, 52, s -> live(street(0)));
        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.active()).isFalse();
            assertThat(c.fingerprint().type()).isEqualTo(AlertType.CAMERA_FROZEN);
        });
    }

    @Test
    void aUniformViewIsCoveredNotFrozen() {
        run(0, 10, s -> live(street(0)));
        byte[] flat = new byte[192];
        ViewStats black = new ViewStats(3, 1.2, 99, flat);
        List<Condition> out = run(10, 60, s -> black);
        assertThat(out).extracting(c -> c.fingerprint().type()).containsOnly(AlertType.CAMERA_COVERED);
        assertThat(firstActive(out)).containsExactly("camera-covered@" + at(30));
        assertThat(out.get(0).severity().id()).isEqualTo("high");
        assertThat(run(60, 61, s -> live(street(0)))).singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aSaturatedViewIsCovered() {
        List<Condition> out = run(0, 25, s -> new ViewStats(252, 9, ++digest, street(0)));
        assertThat(firstActive(out)).containsExactly("camera-covered@" + at(20));
    }

    @Test
    void aViewThatChangesAsAWholeAndStaysIsMovedUntilAdopted() {
        run(0, 60, s -> live(street(0)));
        List<Condition> out = run(60, 300, s -> live(street(5)));
        assertThat(firstActive(out)).containsExactly("camera-moved@" + at(80));
        assertThat(out.get(0).summary()).contains("changed as a whole 20 s ago");
        Condition last = out.get(out.size() - 1);
        assertThat(last.active()).as("adopted 3 min after the change: the new view is the camera's own").isFalse();
        assertThat(last.time()).isEqualTo(at(240));
        assertThat(run(300, 400, s -> live(street(5)))).isEmpty();
    }

    @Test
    void aChangeThatGoesBackWithinTheHoldIsNothing() {
        run(0, 60, s -> live(street(0)));
        assertThat(run(60, 75, s -> live(street(5)))).isEmpty();
        assertThat(run(75, 200, s -> live(street(0)))).isEmpty();
    }

    @Test
    void aViewThatDriftsAwayCellByCellIsFollowedNotMoved() {
        // The camera suite's north campus after a dense crowd: the vision had taken the standing crowd
        // into its background, and as it lets go the ground shows again a few cells at a time, each
        // unlike the learnt layout (0.5-0.6 over the view) but like the frame before where both show background.
        byte[] before = street(0);
        byte[] after = street(5);
        run(0, 60, s -> live(before));
        List<Condition> out = run(60, 200, s -> {
            int shown = Math.min(192, 64 * (int) ((s - 60) / 10)); // a third of the view more every 10 s
            byte[] l = before.clone();
            byte[] fg = new byte[192];
            for (int i = 0; i < 192; i++) {
                if (i < shown) {
                    l[i] = after[i];
                } else if (i < shown + 64) {
                    fg[i] = (byte) 200; // the part letting go next is still foreground
                }
            }
            return new ViewStats(110, 45, ++digest, l, fg);
        });
        assertThat(out).isEmpty();
        // The same change at once is a move.
        assertThat(firstActive(run(200, 240, s -> live(before)))).containsExactly("camera-moved@" + at(220));
    }
}
