package io.safetywatcher.simulator.city;

import io.safetywatcher.common.event.OpeningHours;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * A part of the city with its own rhythm.
 *
 * @param hours      null when the zone never closes
 * @param eventDays  days with a scheduled event (a match at a stadium), starting at {@code eventStart}
 * @param latitude   WGS84 centre, for the registry (CAP areas); null when the city file does not place the zone
 */
public record Zone(String id, String name, ZoneKind kind, double areaM2, OpeningHours hours,
                   int importance, int capacity, Set<DayOfWeek> eventDays, LocalTime eventStart, Double latitude, Double longitude) {
    public Zone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        eventDays = Set.copyOf(eventDays);
    }

    public boolean alwaysOpen() { return hours == null; }
}
