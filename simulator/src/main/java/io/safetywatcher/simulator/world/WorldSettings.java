package io.safetywatcher.simulator.world;

import java.time.Duration;

/**
 * @param frames            render camera frames (off for --no-frames and, by default, backfills)
 * @param observationPeriod how often each camera's edge analytics reports
 * @param badRate           share of device records that get a broken twin
 */
public record WorldSettings(long seed, boolean frames, Duration observationPeriod, double badRate, int jpegQuality) {
    public WorldSettings {
        if (badRate < 0 || badRate > 1) {
            throw new IllegalArgumentException("bad rate " + badRate + " is outside 0..1");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality " + jpegQuality + " is outside 1..100");
        }
    }

    public static WorldSettings defaults(long seed) { return new WorldSettings(seed, true, Duration.ofSeconds(5), 0, 80); }

    public WorldSettings withFrames(boolean on) { return new WorldSettings(seed, on, observationPeriod, badRate, jpegQuality); }

    public WorldSettings withBadRate(double rate) { return new WorldSettings(seed, frames, observationPeriod, rate, jpegQuality); }
}
