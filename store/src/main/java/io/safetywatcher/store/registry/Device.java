package io.safetywatcher.store.registry;

import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A camera or sensor as the registry ({@code devices} table) holds it: every column, null where
 * the row has none.
 *
 * @param kind             {@link #CAMERA} or {@link #SENSOR}
 * @param sensorType       sensors only, e.g. "sound_level"
 * @param viewAreaM2       cameras only: the ground area in view, which turns a count into a density
 * @param width            cameras only: image size in pixels; likewise {@code height}
 * @param samplingPeriodMs sensors only: the expected period, for silence detection
 * @param mounting         cameras only: how it hangs; null when the registry does not say (see {@link Mounting#defaults})
 * @param latitude         WGS84, where it is on the plan (015); null, with {@code longitude}, when nobody placed it
 */
public record Device(String id, String zone, String kind, String sensorType, Double viewAreaM2, Integer width, Integer height,
                     Double fps, Integer samplingPeriodMs, String unit, Mounting mounting, Double latitude, Double longitude,
                     Instant updatedAt) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String CAMERA = "camera";
    public static final String SENSOR = "sensor";

    public Device {
        Objects.requireNonNull(id, "device id");
    }

    /** A sensor row, not placed on the plan. */
    public static Device sensor(String id, String zone, String sensorType, Integer samplingPeriodMs, String unit, Instant updatedAt) {
        return new Device(id, zone, SENSOR, sensorType, null, null, null, null, samplingPeriodMs, unit, null, null, null, updatedAt);
    }

    /** A camera row, not placed on the plan; {@code mounting} null when it is not known. */
    public static Device camera(String id, String zone, Double viewAreaM2, Integer width, Integer height, Double fps, Mounting mounting,
                                Instant updatedAt) {
        return new Device(id, zone, CAMERA, null, viewAreaM2, width, height, fps, null, null, mounting, null, null, updatedAt);
    }

    /** This device placed at a WGS84 position on the plan. */
    public Device at(double latitude, double longitude) {
        return new Device(id, zone, kind, sensorType, viewAreaM2, width, height, fps, samplingPeriodMs, unit, mounting, latitude, longitude,
                updatedAt);
    }

    public boolean camera() { return CAMERA.equals(kind); }

    /** The view area when the registry has a positive one, else 0 (no density for this camera). */
    public double viewAreaOrZero() { return viewAreaM2 != null && viewAreaM2 > 0 ? viewAreaM2 : 0; }

    /** This camera's mounting, or {@code defaults} when the registry has none. */
    public Mounting mountingOr(Mounting defaults) { return mounting != null ? mounting : defaults; }

    /**
     * How a camera hangs, which scales a person's size in pixels to the image row (columns
     * {@code mount_height_m}, {@code horizon_share}).
     *
     * @param heightM      above the ground, metres
     * @param horizonShare the horizon's row as a share of the image height from the top; negative when the
     *                     camera looks down so steeply that the horizon is above the image
     */
    public record Mounting(double heightM, double horizonShare) implements Serializable {
        private static final long serialVersionUID = 1L;
        public static final String HEIGHT_KEY = "vision.mount-height-m";
        public static final String HORIZON_KEY = "vision.horizon-share";

        public Mounting {
            if (!(heightM > 0) || Double.isInfinite(heightM)) {
                throw new IllegalArgumentException("mount height must be > 0 m, got " + heightM);
            }
            if (!(horizonShare <= 1) || Double.isInfinite(horizonShare)) {
                throw new IllegalArgumentException("horizon share must be a finite number <= 1, got " + horizonShare);
            }
        }

        /** For a camera the registry has no mounting for: the configured {@code vision.*} keys (bounds as documented there). */
        public static Mounting defaults(WatcherConfig c) {
            return new Mounting(c.getDouble(HEIGHT_KEY, 0.1, 1000), c.getDouble(HORIZON_KEY, -10, 1));
        }

        /** "horizon-share 0.28, mount-height 5 m", as the log and the CLI say it. */
        public String describe() {
            return "horizon-share " + plain(horizonShare) + ", mount-height " + plain(heightM) + " m";
        }

        /** What a camera read with these defaults says, once in the alert job's log and in {@code watcher devices}. */
        public String usedAsDefaultBy(String cameraId) {
            return "camera " + cameraId + " has no mounting in the registry; using defaults " + describe();
        }

        private static String plain(double d) { return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(); }
    }
}
