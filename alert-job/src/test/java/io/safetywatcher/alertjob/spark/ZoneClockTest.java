package io.safetywatcher.alertjob.spark;

import org.junit.jupiter.api.Test;

import static io.safetywatcher.alertjob.spark.ZoneClock.Admission.AHEAD;
import static io.safetywatcher.alertjob.spark.ZoneClock.Admission.APPLY;
import static io.safetywatcher.alertjob.spark.ZoneClock.Admission.LATE;
import static org.assertj.core.api.Assertions.assertThat;

/** A zone's event-time clock: one device with a fast clock must not blind the zone. */
class ZoneClockTest {
    static final long LATENESS = 30_000;
    static final long SKEW = 10_000;

    @Test
    void aReadingTwoMinutesFastIsSetAsideAndTheZoneKeepsHearingItsNeighbours() {
        ZoneClock clock = new ZoneClock();
        long wall = 1_000_000_000L;
        // A busy zone: an input every second, each a little behind real time.
        for (int s = 0; s < 60; s++) {
            assertThat(clock.admit(wall - 500, wall, SKEW)).isEqualTo(APPLY);
            clock.advanceTo(wall - 500, LATENESS, wall);
            wall += 1000;
        }
        assertThat(clock.admit(wall + 120_000, wall, SKEW)).as("two minutes fast").isEqualTo(AHEAD);
        // Three minutes of correctly timed inputs after it (a gunshot among them) are all applied.
        for (int s = 0; s < 180; s++) {
            assertThat(clock.admit(wall - 500, wall, SKEW)).as("input %d s after the fast one", s).isEqualTo(APPLY);
            clock.advanceTo(wall - 500, LATENESS, wall);
            wall += 1000;
        }
    }

    @Test
    void aClockWithinTheSkewIsApplied() {
        ZoneClock clock = new ZoneClock();
        assertThat(clock.admit(5_000 + SKEW, 5_000, SKEW)).isEqualTo(APPLY);
        assertThat(clock.admit(5_001 + SKEW, 5_000, SKEW)).isEqualTo(AHEAD);
    }

    @Test
    void quietTimeNeverTakesTheClockPastRealTime() {
        ZoneClock clock = new ZoneClock();
        long wall = 1_000_000_000L;
        clock.advanceTo(wall + SKEW, LATENESS, wall); // an input at the edge of the skew
        long later = wall + 600_000;
        assertThat(clock.advanceQuiet(LATENESS, later)).isLessThanOrEqualTo(later - LATENESS);
        assertThat(clock.admit(later - 1000, later, SKEW)).as("an input a second old after ten quiet minutes").isEqualTo(APPLY);
    }

    @Test
    void inputsBehindTheWatermarkAreLate() {
        ZoneClock clock = new ZoneClock();
        clock.advanceTo(100_000, LATENESS, 100_000);
        assertThat(clock.admit(69_999, 100_000, SKEW)).isEqualTo(LATE);
        assertThat(clock.admit(70_000, 100_000, SKEW)).isEqualTo(APPLY);
    }
}
