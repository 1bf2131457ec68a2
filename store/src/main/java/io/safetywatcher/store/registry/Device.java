package io.safetywatcher.store.registry;

import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param stream           cameras only: where the camera gateway reads its frames (018); null for a simulated camera
 */
public record Device(String id, String zone, String kind, String sensorType, Double viewAreaM2, Integer width, Integer height,
                     Double fps, Integer samplingPeriodMs, String unit, Mounting mounting, Double latitude, Double longitude,
                     Stream stream, Instant updatedAt) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String CAMERA = "camera";
    public static final String SENSOR = "sensor";

    public Device {
        Objects.requireNonNull(id, "device id");
    }

    /** A sensor row, not placed on the plan. */
    public static Device sensor(String id, String zone, String sensorType, Integer samplingPeriodMs, String unit, Instant updatedAt) {
        return new Device(id, zone, SENSOR, sensorType, null, null, null, null, samplingPeriodMs, unit, null, null, null, null, updatedAt);
    }

    /** A camera row, not placed on the plan; {@code mounting} null when it is not known. */
    public static Device camera(String id, String zone, Double viewAreaM2, Integer width, Integer height, Double fps, Mounting mounting,
                                Instant updatedAt) {
        return new Device(id, zone, CAMERA, null, viewAreaM2, width, height, fps, null, null, mounting, null, null, null, updatedAt);
    }

    /** This device placed at a WGS84 position on the plan. */
    public Device at(double latitude, double longitude) {
        return new Device(id, zone, kind, sensorType, viewAreaM2, width, height, fps, samplingPeriodMs, unit, mounting, latitude, longitude,
                stream, updatedAt);
    }

    /** This camera read by the gateway from {@code stream} (null: no stream). */
    public Device streaming(Stream stream) {
        return new Device(id, zone, kind, sensorType, viewAreaM2, width, height, fps, samplingPeriodMs, unit, mounting, latitude, longitude,
                stream, updatedAt);
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

    /**
     * Where and how the camera gateway reads a real camera (columns {@code stream_url},
     * {@code stream_kind}, {@code stream_max_fps}, {@code stream_credentials}). The record holds
     * what the row holds, so a row written by hand still reads; {@link #problem()} says what
     * keeps the gateway from using it, and {@link #of} refuses such a stream up front.
     *
     * @param url         http(s) for mjpeg and snapshot, rtsp(s) for rtsp; never with a user or password in it
     * @param kind        {@link #KINDS}
     * @param maxFps      the most frames a second the gateway produces for the camera; null: {@code cameras.max-fps}
     * @param credentials where the "user:password" is: {@code env:NAME} or {@code file:PATH}; null: none
     */
    public record Stream(String url, String kind, Double maxFps, String credentials) implements Serializable {
        private static final long serialVersionUID = 1L;
        public static final String MJPEG = "mjpeg";
        public static final String SNAPSHOT = "snapshot";
        public static final String RTSP = "rtsp";
        public static final List<String> KINDS = List.of(MJPEG, SNAPSHOT, RTSP);
        /** The most a camera may ask for: a gateway is not a recorder, and the job analyses a few frames a second. */
        public static final double MAX_FPS = 30;
        private static final Pattern CREDENTIALS = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");

        public Stream {
            Objects.requireNonNull(url, "stream url");
        }

        /** A checked stream: the message of the exception names the field at fault. */
        public static Stream of(String url, String kind, Double maxFps, String credentials) {
            Stream s = new Stream(url, kind, maxFps, credentials);
            String p = s.problem();
            if (p != null) {
                throw new IllegalArgumentException(p);
            }
            return s;
        }

        /** Null when the gateway can read this stream, else why not, naming the field. */
        public String problem() {
            if (!KINDS.contains(kind)) {
                return "stream kind must be one of " + KINDS + ", not '" + kind + "'";
            }
            URI u;
            try {
                u = new URI(url);
            } catch (URISyntaxException e) {
                return "stream url is not a URL: " + e.getMessage();
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            List<String> schemes = kind.equals(RTSP) ? List.of("rtsp", "rtsps") : List.of("http", "https");
            if (!schemes.contains(scheme) || u.getHost() == null) {
                return "stream url of a " + kind + " stream must be " + String.join(" or ", schemes) + "://HOST/..., not '" + redacted() + "'";
            }
            if (u.getRawUserInfo() != null) {
                return "stream url must not carry a user or password (the registry is readable by every program): "
                        + "put them in a file or environment variable and name it in the stream credentials";
            }
            if (maxFps != null && !(maxFps > 0 && maxFps <= MAX_FPS)) {
                return "stream max fps must be in (0, " + plain(MAX_FPS) + "], not " + maxFps;
            }
            if (credentials != null && !CREDENTIALS.matcher(credentials).matches()) {
                return "stream credentials must be env:NAME or file:PATH (where the secret is, never the secret itself)";
            }
            return null;
        }

        /** The URL with any user information replaced, for messages and logs. */
        public String redacted() {
            return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
        }

        /** "mjpeg http://host/video, at most 2 fps, credentials env:CAM_PASS", as the CLI says it. */
        public String describe() {
            return kind + " " + redacted() + (maxFps == null ? "" : ", at most " + plain(maxFps) + " fps")
                    + (credentials == null ? "" : ", credentials " + credentials);
        }

        private static String plain(double d) { return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(); }
    }
}
