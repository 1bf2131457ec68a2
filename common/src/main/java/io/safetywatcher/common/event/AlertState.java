package io.safetywatcher.common.event;

/** An alert's lifecycle as the alert topic publishes it. */
public enum AlertState {
    FIRING, UPDATED, RESOLVED
}
