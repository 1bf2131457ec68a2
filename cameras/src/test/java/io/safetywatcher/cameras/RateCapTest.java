package io.safetywatcher.cameras;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateCapTest {
    static final long MS = 1_000_000;

    @Test
    void aFasterSourceIsCutToTheCapOnAverage() {
        RateCap cap = new RateCap(2);
        int kept = 0;
        for (long t = 0; t < 10_000; t += 40) { // 25 fps for 10 s
            kept += cap.admit(t * MS) ? 1 : 0;
        }
        // 20 slots in the 10 s; the one due at 10 s takes the frame at 9.88 s (a quarter interval early counts).
        assertThat(kept).isEqualTo(21);
        assertThat(cap.kept()).isEqualTo(21);
        assertThat(cap.dropped()).isEqualTo(250 - 21);
    }

    @Test
    void jitterAroundTheCapsOwnRateLosesNoFrame() {
        RateCap cap = new RateCap(2);
        long[] arrivals = {0, 530, 990, 1540, 2000, 2480, 3010}; // 2 fps, each a little early or late
        for (long t : arrivals) {
            assertThat(cap.admit(t * MS)).as("frame at %d ms", t).isTrue();
        }
        assertThat(cap.dropped()).isZero();
    }

    @Test
    void afterAPauseTheSlotsStartAfreshWithoutABurst() {
        RateCap cap = new RateCap(2);
        assertThat(cap.admit(0)).isTrue();
        assertThat(cap.admit(5_000 * MS)).isTrue(); // a source that was down
        assertThat(cap.admit(5_100 * MS)).isFalse(); // not a catch-up burst
        assertThat(cap.admit(5_500 * MS)).isTrue();
    }

    @Test
    void aSnapshotSourceWaitsForTheNextSlot() {
        RateCap cap = new RateCap(4);
        assertThat(cap.waitNanos(0)).isZero();
        cap.admit(1_000 * MS);
        assertThat(cap.waitNanos(1_100 * MS)).isEqualTo(150 * MS);
        assertThat(cap.waitNanos(1_300 * MS)).isZero();
    }

    @Test
    void aCapMustBePositive() {
        assertThatThrownBy(() -> new RateCap(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RateCap(Double.NaN)).hasMessageContaining("positive");
    }
}
