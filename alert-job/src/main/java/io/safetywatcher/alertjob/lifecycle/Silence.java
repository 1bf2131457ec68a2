package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's mute: no new alert of {@code type} (every type when null) fires in
 * {@code zone} between {@code startsAt} (inclusive) and {@code endsAt} (exclusive), by event
 * time. An alert already firing when a silence starts still resolves normally, so the desk
 * that saw it fire also sees it end.
 */
public record Silence(String id, String zone, AlertType type, Instant startsAt, Instant endsAt, String reason)
        implements Serializable {
    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("silence " + id + " ends (" + endsAt + ") before it starts (" + startsAt + ")");
        }
    }

    public boolean matches(String alertZone, AlertType alertType, Instant at) {
        return zone.equals(alertZone) && (type == null || type == alertType) && !at.isBefore(startsAt) && at.isBefore(endsAt);
    }
}
