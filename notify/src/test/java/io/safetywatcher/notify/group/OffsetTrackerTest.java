package io.safetywatcher.notify.group;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    @Test
    void commitsOnlyUpToTheOldestEventAReceiverStillOwes() {
        OffsetTracker t = new OffsetTracker();
        t.read(0, 10, 2); // two routes
        t.read(0, 11, 0); // routed nowhere new: done at once
        t.read(0, 12, 1);
        assertThat(t.commitPoint(0, 13)).isEqualTo(10);
        t.done(0, 12);
        assertThat(t.commitPoint(0, 13)).isEqualTo(10);
        t.done(0, 10);
        assertThat(t.commitPoint(0, 13)).as("one of its two routes is still owed").isEqualTo(10);
        t.done(0, 10);
        assertThat(t.commitPoint(0, 13)).isEqualTo(13);
        assertThat(t.commitPoint(1, 7)).as("a partition with nothing owed: its position").isEqualTo(7);
    }
}
