package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a zone usually sounds like at each local hour of the day, as the analytics job learnt it
 * from history ({@code noise_baseline}). A sound sensor judges against it until it has learnt a
 * baseline of its own, so a fresh start is not a deaf start.
 */
public final class HourlyNoise implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The usual level at one hour: mean and standard deviation in dB. */
    public record Norm(double meanDb, double stddevDb) implements Serializable {}

    private final Norm[] byHour = new Norm[24];

    public static HourlyNoise none() { return new HourlyNoise(); }

    /** Adds the norm of one local hour (0-23); a NaN figure (an hour with no readings) is skipped. */
    public HourlyNoise with(int hour, double meanDb, double stddevDb) {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour " + hour + " is not 0-23");
        }
        if (Double.isFinite(meanDb) && Double.isFinite(stddevDb)) {
            byHour[hour] = new Norm(meanDb, stddevDb);
        }
        return this;
    }

    public Optional<Norm> at(int hour) { return Optional.ofNullable(byHour[hour]); }

    public boolean isEmpty() { return Arrays.stream(byHour).allMatch(n -> n == null); }
}
