package io.safetywatcher.analytics.risk;

import io.safetywatcher.alertjob.detect.CameraFeatures;
import io.safetywatcher.alertjob.detect.ZoneInput;
import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored raw row as the detectors' input, the way the stream gave it to them: a reading as
 * itself; an analysed frame (its row holds the vision stage's people count and motion energy,
 * which the stream writes only for frames it fed to the detectors) as {@link CameraFeatures}, its
 * density the people over the camera's registered view area (0 without one), as the stream
 * computes it. A frame's tracks are left out: only the camera detectors use them, not crowd risk.
 */
public final class StoredInput {
    /** The kind of a frame row beside the sensor types of readings. */
    public static final String FRAME = "frame";

    private StoredInput() {}

    /**
     * @param kind  a sensor type's id, or {@link #FRAME}
     * @param value a reading's value, or a frame's people count
     * @param motion a frame's motion energy (ignored for readings)
     * @param viewAreas the registered view area of each camera, m²
     */
    public static ZoneInput of(String device, String zone, Instant ts, long seq, String kind, double value, double motion,
                               Map<String, Double> viewAreas) {
        if (FRAME.equals(kind)) {
            double area = viewAreas.getOrDefault(device, 0.0);
            int people = (int) value;
            return new CameraFeatures(device, zone, ts, seq, people, area > 0 ? people / area : 0, Math.min(1, Math.max(0, motion)), List.of());
        }
        SensorType type = SensorType.fromId(kind).orElseThrow(() -> new IllegalArgumentException("no sensor type '" + kind + "'"));
        return new ZoneReading(zone, Reading.of(device, type, ts, value, seq));
    }
}
