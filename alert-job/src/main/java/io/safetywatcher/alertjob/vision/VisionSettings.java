package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.store.registry.Device;

import java.io.Serializable;

/**
 * The extractor's knobs (configuration keys {@code vision.*}, see watcher-defaults.properties).
 *
 * @param warmupFrames  frames a new model learns from before its counts are trusted
 * @param ghostFrames   frames a pixel may stay foreground before it is taken as background
 * @param maxMisses     frames a track may go unseen before it is dropped
 * @param horizonShare  where the horizon is, as a share of the image height from the top, for a
 *                      camera the registry has no mounting for
 * @param mountHeightM  how high such a camera is mounted
 * @param personArea    a person's foreground pixels per squared pixel of their height: how
 *                      much of a blob one person accounts for (slim figures ~0.15, people in coats ~0.3)
 * @param maxDensity    people per m² of the view beyond which a frame is not a scene but corrupt
 *                      pixels (the densest crowds pack about 7-8 p/m²)
 * @param detection     the foreground, blob and crowd thresholds
 * @param motion        the motion-energy and track-motion thresholds (the fight signal)
 */
public record VisionSettings(int warmupFrames, int ghostFrames, int maxMisses, double horizonShare, double mountHeightM,
                             double personArea, double maxDensity, Detection detection, Motion motion) implements Serializable {

    /** The mounting and counting knobs, with the detection and motion thresholds as configured by default. */
    public VisionSettings(int warmupFrames, int ghostFrames, int maxMisses, double horizonShare, double mountHeightM,
                          double personArea, double maxDensity) {
        this(warmupFrames, ghostFrames, maxMisses, horizonShare, mountHeightM, personArea, maxDensity, Detection.DEFAULTS);
    }

    /** With the motion thresholds as configured by default. */
    public VisionSettings(int warmupFrames, int ghostFrames, int maxMisses, double horizonShare, double mountHeightM,
                          double personArea, double maxDensity, Detection detection) {
        this(warmupFrames, ghostFrames, maxMisses, horizonShare, mountHeightM, personArea, maxDensity, detection, Motion.DEFAULTS);
    }

    /**
     * The motion thresholds of the fight signal (keys {@code vision.motion-*} and
     * {@code vision.track-*}; meaning and bounds in watcher-defaults.properties).
     *
     * @param change         a grey-level step between frames that counts as motion, not noise
     * @param activeShare    a cell is active when this share of its foreground is new
     * @param minForeground  cells with less foreground than this share are empty
     * @param alpha          the running average's weight of the newest frame
     * @param trackMinStepM  typical steps shorter than this (m per frame) are standing or shuffling
     * @param trackFullStepM a typical step this long on the spot is fully violent motion
     * @param trackAlpha     a track's motion energy: the weight of the newest frame
     * @param trackMinHits   a track must have been seen this often before its motion counts
     */
    public record Motion(double change, double activeShare, double minForeground, double alpha, double trackMinStepM,
                         double trackFullStepM, double trackAlpha, int trackMinHits) implements Serializable {
        static final Motion DEFAULTS = of(WatcherConfig.defaults());

        public static Motion of(WatcherConfig c) {
            return new Motion(c.getDouble("vision.motion-change", 1, 255), c.getDouble("vision.motion-active-share", 0, 1),
                    c.getDouble("vision.motion-min-foreground", 0, 1), c.getDouble("vision.motion-alpha", 0.001, 1),
                    c.getDouble("vision.track-min-step-m", 0, 10), c.getDouble("vision.track-full-step-m", 0.01, 10),
                    c.getDouble("vision.track-energy-alpha", 0.001, 1), c.getInt("vision.track-min-judged-hits", 1, 1000));
        }
    }

    /**
     * The thresholds of the frame path (keys {@code vision.*}; each key's meaning and bounds are in
     * watcher-defaults.properties).
     *
     * @param minThreshold    foreground: least difference from the background (sum of 3 channels)
     * @param noiseFactor     foreground: the threshold is at least this many times the sensor noise
     * @param learningRate    how fast the background follows the scene where no one is
     * @param minAreaShare    a blob under this share of a person's expected area is not a person
     * @param implausibleShare a frame with more of the view changed at once is refused
     * @param implausibleRun  ... unless it persists this many frames: then the scene changed
     * @param crowdBlob       a blob this many people large is counted row by row
     * @param crowdVisible    in a crowd each person shows this share of a lone person's area
     * @param occlusionLimit  a crowd's row is corrected for the people hidden behind others up to
     *                        this share of the view's width covered (0: not corrected)
     * @param sceneChange     a frame whose background layout correlates less than this with the
     *                        last frame's shows another scene: the model learns it afresh
     * @param hysteresis      foreground: a pixel joined to one over the threshold needs only this
     *                        share of it (floored by the light, see BackgroundModel); 1 is off
     */
    public record Detection(double minThreshold, double noiseFactor, double learningRate, double minAreaShare,
                            double implausibleShare, int implausibleRun, int crowdBlob, double crowdVisible,
                            double occlusionLimit, double sceneChange, double hysteresis) implements Serializable {
        static final Detection DEFAULTS = of(WatcherConfig.defaults());

        public static Detection of(WatcherConfig c) {
            return new Detection(c.getDouble("vision.foreground-min-threshold", 1, 765), c.getDouble("vision.foreground-noise-factor", 0, 100),
                    c.getDouble("vision.background-learning-rate", 0.0001, 1), c.getDouble("vision.min-area-share", 0, 1),
                    c.getDouble("vision.implausible-share", 0.01, 1), c.getInt("vision.implausible-max-run", 0, 10_000),
                    c.getInt("vision.crowd-blob-people", 2, 1000), c.getDouble("vision.crowd-visible-share", 0.1, 1),
                    c.getDouble("vision.crowd-occlusion-limit", 0, 0.999),
                    c.getDouble("vision.scene-change-correlation", 0, 0.99), c.getDouble("vision.foreground-hysteresis", 0.1, 1));
        }
    }

    public static VisionSettings of(WatcherConfig c) {
        // Bounds as documented in watcher-defaults.properties.
        return new VisionSettings(c.getInt("vision.warmup-frames", 0, 100_000), c.getInt("vision.ghost-frames", 1, 255),
                c.getInt("vision.track-max-misses", 0, 10_000), Device.Mounting.defaults(c).horizonShare(),
                Device.Mounting.defaults(c).heightM(), c.getDouble("vision.person-area", 0.01, 1),
                c.getDouble("vision.max-density-per-m2", 0.1, 100), Detection.of(c), Motion.of(c));
    }

    public static VisionSettings defaults() { return of(WatcherConfig.defaults()); }

    public CameraView view(int width, int height, double viewAreaM2) {
        return CameraView.standard(width, height, viewAreaM2, horizonShare, mountHeightM);
    }

    /** For a camera the registry has no mounting for: {@code vision.mount-height-m} and {@code vision.horizon-share}. */
    public Device.Mounting defaultMounting() { return new Device.Mounting(mountHeightM, horizonShare); }

    /** A camera's view as it is mounted: its registry mounting, else the defaults (said once per camera in the log). */
    public CameraView view(Device camera, int width, int height, double viewAreaM2) {
        Device.Mounting m = Mountings.of(camera, defaultMounting());
        return CameraView.standard(width, height, viewAreaM2, m.horizonShare(), m.heightM());
    }
}
