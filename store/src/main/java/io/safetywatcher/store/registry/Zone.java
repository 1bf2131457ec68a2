package io.safetywatcher.store.registry;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A zone as the registry ({@code zones} table) holds it: every column, null where the row has
 * none. The one zone type every program reads and writes; the alert job's rules and the
 * simulator's world have their own views built from or written to it.
 *
 * @param openingHours "06:00-23:00" local to {@code timezone}; null = always open
 * @param timezone     IANA id, e.g. "Europe/Berlin"
 * @param latitude     WGS84 centre, for CAP areas and maps; null when not surveyed
 * @param polygon      outline as CAP writes it, "lat,lon lat,lon ..." (first point repeated last); null = none
 */
public record Zone(String id, String name, String kind, Double areaM2, String openingHours, String timezone, Integer importance,
                   Integer capacity, Double latitude, Double longitude, String polygon, Instant updatedAt) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Zone {
        Objects.requireNonNull(id, "zone id");
    }

    /** A zone known only by its id (an alert's zone the registry has no row for). */
    public static Zone unregistered(String id) {
        return new Zone(id, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Its time zone, or UTC when the row has none or not an IANA id: for figures, where a bad row must not stop the job. */
    public ZoneId timeZoneOrUtc() {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
