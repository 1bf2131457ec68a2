package io.safetywatcher.analytics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {
    /** A clock the fake sleeper moves forward. */
    static final class Moving extends Clock {
        Instant now;
        Moving(Instant start) { now = start; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void aFailedRunIsLoggedAndTheNextPeriodRunsAgain() throws Exception {
        Moving clock = new Moving(Instant.parse("2026-11-22T10:17:05Z"));
        List<Instant> wakeUps = new ArrayList<>();
        Schedule s = new Schedule(Duration.ofHours(1), clock, t -> {
            wakeUps.add(t);
            clock.now = t;
        });
        List<Instant> runs = new ArrayList<>();
        int failed = s.loop(() -> {
            runs.add(clock.instant());
            if (runs.size() == 2) {
                throw new IllegalStateException("Cassandra is down");
            }
        }, 4);
        assertThat(failed).isEqualTo(1);
        assertThat(runs).hasSize(4);
        assertThat(wakeUps).containsExactly(Instant.parse("2026-11-22T11:00:00Z"), Instant.parse("2026-11-22T12:00:00Z"),
                Instant.parse("2026-11-22T13:00:00Z"));
    }

    @Test
    void anErrorThatIsNotAnExceptionStillEndsTheLoop() {
        Moving clock = new Moving(Instant.parse("2026-11-22T10:00:00Z"));
        Schedule s = new Schedule(Duration.ofMinutes(5), clock, t -> clock.now = t);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.loop(() -> {
            throw new OutOfMemoryError("test");
        }, 3)).isInstanceOf(OutOfMemoryError.class);
    }
}
