package io.safetywatcher.common.event;

/** The two families of alert a police desk distinguishes, and the health of the devices it watches through. */
public enum AlertCategory {
    SUSPICIOUS_ACTIVITY("suspicious-activity"),
    CROWD_RISK("crowd-risk"),
    DEVICE_HEALTH("device-health");

    private final String id;

    AlertCategory(String id) { this.id = id; }

    public String id() { return id; }
}
