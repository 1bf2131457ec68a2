package io.safetywatcher.notify.group;

import io.safetywatcher.common.event.Alert;

/**
 * One alert event as read from the alert topic, with where it was read, so its offset can be
 * committed once every receiver it goes to is done with it.
 */
public record AlertEvent(Alert alert, int partition, long offset) {
    /** The event within its alert, stable across re-reads: "FIRING@2026-11-20T20:00:00Z". */
    public String eventKey() { return alert.state() + "@" + alert.updatedAt(); }
}
