package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.OpeningHours;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the rules say about one zone, all layers applied: its opening hours in its own time
 * zone, how long someone may stay in view, and how much it matters (1..5) for crowd risk.
 */
public record Zone(String id, String kind, OpeningHours openingHours, ZoneId timezone, Duration maxDwell, int importance)
        implements Serializable {
    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(openingHours, "openingHours");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(maxDwell, "maxDwell");
    }

    public boolean isOpenAt(Instant t) {
        return openingHours.isOpen(t.atZone(timezone).toLocalTime());
    }
}
