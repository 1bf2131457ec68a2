package io.safetywatcher.common.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of sensor the city has, each with the one unit its readings use and the range a
 * real device can physically report. A value outside that range is a broken device or a
 * forged message, never a measurement.
 */
public enum SensorType {
    /** Sound pressure level, A-weighted. The threshold of pain is ~130 dB; 194 dB is the physical limit in air. */
    SOUND_LEVEL("sound_level", "dB", 0, 194),
    /** An acoustic gunshot detector: the confidence of a detection, 0 when quiet. */
    GUNSHOT("gunshot", "ratio", 0, 1),
    /** An acoustic glass-break detector: the confidence of a detection. */
    GLASS_BREAK("glass_break", "ratio", 0, 1),
    /** A panic button: 1 while pressed. */
    PANIC_BUTTON("panic_button", "state", 0, 1),
    /** A door contact: 1 open, 0 closed. */
    DOOR_CONTACT("door_contact", "state", 0, 1),
    /** A passive-infrared motion detector: 1 while it sees motion. */
    MOTION("motion", "state", 0, 1),
    /** People per square metre; a crush is about 9, nothing denser exists. */
    CROWD_DENSITY("crowd_density", "p/m2", 0, 10),
    /** People counted through a gate during one sampling period. */
    FOOTFALL("footfall", "count", 0, 100_000);

    private final String id;
    private final String unit;
    private final double min;
    private final double max;

    SensorType(String id, String unit, double min, double max) {
        this.id = id;
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    /** The wire name, as it appears in JSON and in Cassandra. */
    public String id() { return id; }

    public String unit() { return unit; }

    public double min() { return min; }

    public double max() { return max; }

    public boolean inRange(double value) { return value >= min && value <= max; }

    public static Optional<SensorType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    /** Every unit some sensor type uses; anything else is an unknown unit. */
    public static boolean isKnownUnit(String unit) {
        return Arrays.stream(values()).anyMatch(t -> t.unit.equals(unit));
    }
}
