package io.safetywatcher.shell;

import io.safetywatcher.common.config.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;

/**
 * {@code --every DURATION [--once]}: a scheduled program, as an argument group (declare it with
 * {@code @ArgGroup(exclusive = false, heading = "Schedule:%n")}, or inside an exclusive group of
 * the program's modes). The program's resource bundle may word {@code every}/{@code once}.
 */
public final class ScheduleOptions {
    @Option(names = "--every", paramLabel = "DURATION", converter = DurationConverter.class, descriptionKey = "every",
            description = "Run at the start of each period (e.g. 1h, 1h30m) until stopped.")
    Duration every;

    @Option(names = "--once", descriptionKey = "once", description = "With --every: one run, for the last full period, then exit (for cron).")
    boolean once;

    public boolean once() { return once; }

    /**
     * The period, or null when the program is not scheduled. {@code --once} alone and a period
     * shorter than {@code shortest} are usage errors.
     */
    public static Duration period(ScheduleOptions s, CommandLine cl, Duration shortest) {
        if (s == null || s.every == null) {
            if (s != null && s.once) {
                throw new ParameterException(cl, "--once goes with --every (one scheduled run)");
            }
            return null;
        }
        if (s.every.compareTo(shortest) < 0) {
            throw new ParameterException(cl, "--every " + Durations.format(s.every) + " is too short; the shortest period is "
                    + Durations.format(shortest));
        }
        return s.every;
    }

    /** Whether a schedule asks for one run only. */
    public static boolean once(ScheduleOptions s) { return s != null && s.once; }
}
