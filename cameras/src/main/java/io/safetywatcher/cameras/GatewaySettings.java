package io.safetywatcher.cameras;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.retry.Backoff;

import java.time.Duration;

/**
 * The camera gateway's {@code cameras.*} settings, with their bounds (watcher-defaults.properties
 * says what each one does).
 *
 * @param maxFps          the cap for a camera whose registry row sets none
 * @param registryRefresh how often the registry is read again
 * @param backoff         the waits between reconnection attempts
 * @param connectTimeout  opening a connection
 * @param stallTimeout    how long a stream may deliver nothing before it is reconnected
 * @param maxFrameBytes   a bigger frame is refused
 * @param ffmpeg          the program that reads RTSP
 * @param ffmpegQuality   the JPEG quality (-q:v) ffmpeg re-encodes at
 * @param reportEvery     the counts line; zero: never
 */
public record GatewaySettings(double maxFps, Duration registryRefresh, Backoff backoff, Duration connectTimeout, Duration stallTimeout,
                              int maxFrameBytes, String ffmpeg, int ffmpegQuality, Duration reportEvery) {

    public static GatewaySettings of(WatcherConfig c) {
        Duration base = c.getDuration("cameras.backoff.base", Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration max = c.getDuration("cameras.backoff.max", Duration.ofMillis(100), Duration.ofMinutes(1));
        if (max.compareTo(base) < 0) {
            throw new ConfigException("cameras.backoff.max (" + c.get("cameras.backoff.max") + ") must be at least cameras.backoff.base ("
                    + c.get("cameras.backoff.base") + ")");
        }
        String ffmpeg = c.get("cameras.ffmpeg");
        if (ffmpeg.isBlank()) {
            throw new ConfigException("cameras.ffmpeg must name the ffmpeg program (e.g. ffmpeg or /usr/bin/ffmpeg)");
        }
        return new GatewaySettings(c.getDouble("cameras.max-fps", 0.1, 30),
                c.getDuration("cameras.registry-refresh", Duration.ofSeconds(1), Duration.ofHours(1)), new Backoff(base, max),
                c.getDuration("cameras.connect-timeout", Duration.ofSeconds(1), Duration.ofMinutes(5)),
                c.getDuration("cameras.stall-timeout", Duration.ofSeconds(1), Duration.ofMinutes(5)),
                c.getInt("cameras.max-frame-bytes", 64 * 1024, 16 * 1024 * 1024), ffmpeg, c.getInt("cameras.ffmpeg-quality", 2, 31),
                c.getDuration("cameras.report-every", Duration.ZERO, Duration.ofDays(1)));
    }
}
