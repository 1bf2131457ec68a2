package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;

/**
 * The extractor's knobs (configuration keys {@code vision.*}, see watcher-defaults.properties).
 *
 * @param warmupFrames  frames a new model learns from before its counts are trusted
 * @param ghostFrames   frames a pixel may stay foreground before it is taken as background
 * @param maxMisses     frames a track may go unseen before it is dropped
 * @param horizonShare  where the horizon is, as a share of the image height from the top
 * @param mountHeightM  how high cameras are mounted
 * @param personArea    a person's foreground pixels per squared pixel of their height: how
 *                      much of a blob one person accounts for (slim figures ~0.15, people in coats ~0.3)
 * @param maxDensity    people per m² of the view beyond which a frame is not a scene but corrupt
 *                      pixels (the densest crowds pack about 7-8 p/m²)
 */
public record VisionSettings(int warmupFrames, int ghostFrames, int maxMisses, double horizonShare, double mountHeightM,
                             double personArea, double maxDensity) implements Serializable {

    public static VisionSettings of(WatcherConfig c) {
        // Bounds as documented in watcher-defaults.properties.
        return new VisionSettings(c.getInt("vision.warmup-frames", 0, 100_000), c.getInt("vision.ghost-frames", 1, 255),
                c.getInt("vision.track-max-misses", 0, 10_000), c.getDouble("vision.horizon-share", -10, 1),
                c.getDouble("vision.mount-height-m", 0.1, 1000), c.getDouble("vision.person-area", 0.01, 1),
                c.getDouble("vision.max-density-per-m2", 0.1, 100));
    }

    public static VisionSettings defaults() { return of(WatcherConfig.defaults()); }

    public CameraView view(int width, int height, double viewAreaM2) {
        return CameraView.standard(width, height, viewAreaM2, horizonShare, mountHeightM);
    }
}
