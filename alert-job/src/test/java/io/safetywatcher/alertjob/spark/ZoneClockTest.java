package io.safetywatcher.alertjob.spark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Six hours of one zone's history in two Kafka partitions (a sensor in each, a reading every
     * 10 s), read the way a capped backlog is: each batch takes 900 records from partition A
     * and 300 from partition B, so A runs hours ahead of B. Judged per zone by its newest input,
     * most of B would be late; judged by the slowest partition of each batch, none is.
     */
    @Test
    void historyReadUnevenlyAcrossPartitionsIsNotLate() {
        long hour = 3_600_000;
        long wall = 100 * hour; // the history is days behind real time
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (long t = 0; t < 6 * hour; t += 10_000) {
            a.add(t);
            b.add(t + 5_000);
        }
        assertThat(lateWhenRead(a, b, 900, 300, wall, true)).as("late by the slowest partition's clock").isZero();
        assertThat(lateWhenRead(a, b, 900, 300, wall, false)).as("late by the zone's newest input (the rule before)").isGreaterThan(1000);
    }

    @Test
    void aPartitionAbsentFromABatchDoesNotHoldTheZoneBack() {
        ZoneClock clock = new ZoneClock();
        clock.advanceTo(Map.of("r/0", 100_000L, "r/1", 50_000L), LATENESS, 1_000_000);
        assertThat(clock.watermarkMillis).as("held by the slower partition").isEqualTo(20_000);
        clock.advanceTo(Map.of("r/0", 200_000L), LATENESS, 1_000_000);
        assertThat(clock.watermarkMillis).isEqualTo(170_000);
        assertThat(clock.admit(60_000, 1_000_000, SKEW)).as("partition 1 back, two minutes behind").isEqualTo(LATE);
        clock.advanceTo(Map.of("r/0", 150_000L), LATENESS, 1_000_000);
        assertThat(clock.watermarkMillis).as("never goes back").isEqualTo(170_000);
    }

    @Test
    void aPartitionWithInputLeftToReadHoldsTheZoneAtHowFarItHasGot() {
        ZoneClock clock = new ZoneClock();
        assertThat(clock.advanceTo(Map.of("r/0", 100_000L), LATENESS, 1_000_000, Long.MIN_VALUE))
                .as("a partition with input left has brought nothing yet: the clock waits").isEqualTo(Long.MIN_VALUE);
        clock.advanceTo(Map.of("r/0", 2_000_000L), LATENESS, 1_000_000, 60_000L);
        assertThat(clock.watermarkMillis).as("a poll of partition 0 half an hour ahead; partition 1 has got to 60 s").isEqualTo(60_000 - LATENESS);
        assertThat(clock.admit(61_000, 1_000_000, SKEW)).as("partition 1's next input").isEqualTo(APPLY);
        assertThat(clock.held()).isTrue();
        assertThat(clock.advanceQuiet(LATENESS, 5_000_000, 90_000L)).as("quiet time is held too").isEqualTo(90_000 - LATENESS);
        assertThat(clock.advanceQuiet(LATENESS, 5_000_000, Long.MIN_VALUE)).isEqualTo(90_000 - LATENESS);
        clock.advanceTo(Map.of("r/0", 2_000_000L), LATENESS, 1_000_000, Long.MAX_VALUE);
        assertThat(clock.watermarkMillis).as("everything read: the slowest partition of the batch").isEqualTo(2_000_000 - LATENESS);
        assertThat(clock.held()).isFalse();
    }

    @Test
    void aHeldZoneCatchesUpWithNoInputOfItsOwnAsTheFloorRises() {
        ZoneClock clock = new ZoneClock();
        clock.advanceTo(Map.of("r/0", 2_000_000L), LATENESS, 1_000_000, 60_000L);
        assertThat(clock.release(LATENESS, 500_000)).isEqualTo(500_000 - LATENESS);
        assertThat(clock.release(LATENESS, 400_000)).as("never goes back").isEqualTo(500_000 - LATENESS);
        assertThat(clock.release(LATENESS, Long.MAX_VALUE)).as("nothing left to read").isEqualTo(2_000_000 - LATENESS);
        assertThat(clock.held()).isFalse();
    }

    @Test
    void aZoneThatNeverHadInputTakesAnyPastInputAndDoesNotMoveWhenQuiet() {
        ZoneClock clock = new ZoneClock();
        assertThat(clock.admit(0, 1_000_000_000L, SKEW)).as("days old, but nothing to be late against").isEqualTo(APPLY);
        assertThat(clock.advanceQuiet(LATENESS, 1_000_000_000L)).isEqualTo(Long.MIN_VALUE);
        assertThat(clock.advanceTo(Map.of(), LATENESS, 1_000_000_000L)).as("a batch of no applied input").isEqualTo(Long.MIN_VALUE);
        assertThat(clock.advanceQuiet(LATENESS, 1_000_000_000L)).as("still no input to count quiet time from").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void quietTimePassesAsWallTimeSinceTheLastInput() {
        ZoneClock clock = new ZoneClock();
        long wall = 1_000_000_000L;
        clock.advanceTo(wall - 5_000, LATENESS, wall); // the last input, 5 s old when it came
        assertThat(clock.watermarkMillis).isEqualTo(wall - 5_000 - LATENESS);
        assertThat(clock.advanceQuiet(LATENESS, wall + 60_000)).as("a quiet minute later").isEqualTo(wall - 5_000 + 60_000 - LATENESS);
        assertThat(clock.advanceQuiet(LATENESS, wall + 30_000)).as("a wall clock that steps back does not move it back")
                .isEqualTo(wall - 5_000 + 60_000 - LATENESS);
        assertThat(clock.admit(wall + 20_000, wall + 60_000, SKEW)).as("an input from before the quiet time passed").isEqualTo(LATE);
    }

    /** Judging comes before applying: only the batch's advance moves the clock. */
    @Test
    void admittingAnInputMovesNeitherClock() {
        ZoneClock clock = new ZoneClock();
        clock.advanceTo(100_000, LATENESS, 100_000);
        assertThat(clock.admit(100_000 + SKEW + 1, 100_000, SKEW)).isEqualTo(AHEAD);
        assertThat(clock.admit(1_000, 100_000, SKEW)).isEqualTo(LATE);
        assertThat(clock.admit(100_000, 100_000, SKEW)).isEqualTo(APPLY);
        assertThat(clock.newestEventMillis).isEqualTo(100_000);
        assertThat(clock.watermarkMillis).isEqualTo(100_000 - LATENESS);
    }

    /** Inputs late when partitions {@code a} and {@code b} are read {@code perBatchA} and {@code perBatchB} records a batch. */
    private static int lateWhenRead(List<Long> a, List<Long> b, int perBatchA, int perBatchB, long wall, boolean bySource) {
        ZoneClock clock = new ZoneClock();
        int late = 0;
        for (int ia = 0, ib = 0; ia < a.size() || ib < b.size(); ia += perBatchA, ib += perBatchB) {
            Map<String, Long> newest = new HashMap<>();
            for (var part : List.of(Map.entry("r/0", a.subList(Math.min(ia, a.size()), Math.min(ia + perBatchA, a.size()))),
                    Map.entry("r/1", b.subList(Math.min(ib, b.size()), Math.min(ib + perBatchB, b.size()))))) {
                for (long t : part.getValue()) {
                    if (clock.admit(t, wall, SKEW) == LATE) {
                        late++;
                    } else {
                        newest.merge(part.getKey(), t, Math::max);
                    }
                }
            }
            if (bySource) {
                clock.advanceTo(newest, LATENESS, wall);
            } else if (!newest.isEmpty()) {
                clock.advanceTo(java.util.Collections.max(newest.values()), LATENESS, wall);
            }
        }
        return late;
    }
}
