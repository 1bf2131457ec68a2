package io.safetywatcher.alertjob.detect;

import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.util.Objects;

/**
 * What makes two conditions the same alert: its type, its zone and the device group that
 * raised it (one device's id, or {@link #WHOLE_ZONE} for a condition of the zone as a whole).
 */
public record Fingerprint(AlertType type, String zone, String deviceGroup) implements Serializable {
    /** The device group of zone-wide conditions (break-in, crowd risk). */
    public static final String WHOLE_ZONE = "*";

    public Fingerprint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(deviceGroup, "deviceGroup");
    }

    public static Fingerprint ofZone(AlertType type, String zone) {
        return new Fingerprint(type, zone, WHOLE_ZONE);
    }

    /** The key on the alert topic and in Cassandra: {@code type@zone/group}. */
    public String key() {
        return type.id() + "@" + zone + "/" + deviceGroup;
    }

    @Override
    public String toString() { return key(); }
}
