package io.safetywatcher.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code --every}: a run at the start of each period (aligned to the clock, like the
 * simulator's), until stopped. A failed run is logged and the next period tries again; only
 * an interrupt ends the loop.
 */
public final class Schedule {
    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);

    /** One run; an exception is a failed run. */
    @FunctionalInterface
    public interface Run {
        void run() throws Exception;
    }

    /** Waits until an instant; the test's sleeper does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(Instant t) throws InterruptedException;
    }

    private final Duration period;
    private final Clock clock;
    private final Sleeper sleeper;

    public Schedule(Duration period, Clock clock, Sleeper sleeper) {
        this.period = period;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static Sleeper realTime(Clock clock) {
        return t -> {
            long ms = Duration.between(clock.instant(), t).toMillis();
            if (ms > 0) {
                Thread.sleep(ms);
            }
        };
    }

    /** The start of the next period after {@code now} (periods are aligned to the epoch, so :00, :15... for 15m). */
    Instant next(Instant now) {
        long p = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p + p);
    }

    /**
     * Runs now, then at each period's start, {@code maxRuns} times (0 = until interrupted).
     * Returns the number of failed runs.
     */
    public int loop(Run run, int maxRuns) throws InterruptedException {
        int failed = 0;
        for (int i = 1; maxRuns == 0 || i <= maxRuns; i++) {
            try {
                run.run();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed++;
                LOG.error("scheduled run {} failed ({} failed so far); the next period tries again: {}", i, failed, e.toString());
                LOG.debug("failure", e);
            }
            if (maxRuns != 0 && i == maxRuns) {
                break;
            }
            Instant next = next(clock.instant());
            LOG.info("next run at {}", next);
            sleeper.sleepUntil(next);
        }
        return failed;
    }
}
