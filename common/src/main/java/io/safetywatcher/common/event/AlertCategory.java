package io.safetywatcher.common.event;

/** The two families of alert a police desk distinguishes. */
public enum AlertCategory {
    SUSPICIOUS_ACTIVITY("suspicious-activity"),
    CROWD_RISK("crowd-risk");

    private final String id;

    AlertCategory(String id) { this.id = id; }

    public String id() { return id; }
}
