package io.safetywatcher.common.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the system detects. The simulator's incidents use the same ids, so evaluation can
 * match an alert to the incident that should have caused it by type (device faults are not
 * injected as incidents).
 */
public enum AlertType {
    INTRUSION("intrusion", AlertCategory.SUSPICIOUS_ACTIVITY),
    LOITERING("loitering", AlertCategory.SUSPICIOUS_ACTIVITY),
    FIGHT("fight", AlertCategory.SUSPICIOUS_ACTIVITY),
    GUNSHOT("gunshot", AlertCategory.SUSPICIOUS_ACTIVITY),
    GLASS_BREAK("glass-break", AlertCategory.SUSPICIOUS_ACTIVITY),
    BREAK_IN("break-in", AlertCategory.SUSPICIOUS_ACTIVITY),
    PANIC("panic", AlertCategory.SUSPICIOUS_ACTIVITY),
    NOISE("noise", AlertCategory.SUSPICIOUS_ACTIVITY),
    SUSPICIOUS_BEHAVIOUR("suspicious-behaviour", AlertCategory.SUSPICIOUS_ACTIVITY),
    CROWD_DENSITY("crowd-density", AlertCategory.CROWD_RISK),
    CROWD_SURGE("crowd-surge", AlertCategory.CROWD_RISK),
    CROWD_RISK("crowd-risk", AlertCategory.CROWD_RISK),
    /** A camera whose frames keep arriving corrupt: its pixels cannot be judged, so its view is unwatched. */
    DEVICE_FAULT("device-fault", AlertCategory.DEVICE_HEALTH),
    CAMERA_OFFLINE("camera-offline", AlertCategory.DEVICE_HEALTH),
    CAMERA_FROZEN("camera-frozen", AlertCategory.DEVICE_HEALTH),
    CAMERA_COVERED("camera-covered", AlertCategory.DEVICE_HEALTH),
    CAMERA_MOVED("camera-moved", AlertCategory.DEVICE_HEALTH),
    SENSOR_SILENT("sensor-silent", AlertCategory.DEVICE_HEALTH);

    private final String id;
    private final AlertCategory category;

    AlertType(String id, AlertCategory category) {
        this.id = id;
        this.category = category;
    }

    public String id() { return id; }

    public AlertCategory category() { return category; }

    public static Optional<AlertType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
