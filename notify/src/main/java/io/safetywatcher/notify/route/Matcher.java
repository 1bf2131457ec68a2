package io.safetywatcher.notify.route;

import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertCategory;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.common.event.TimeInterval;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * What a route accepts; every given condition must hold, an empty set or null means any.
 *
 * @param severityAtLeast the alert's severity is this or worse
 * @param severity        the alert's severity is exactly one of these
 * @param times           the time the notification goes out falls in one of these intervals (the rules' time
 *                        intervals; empty: any time)
 * @param timeZone        the windows' time zone; null: the zone's own, else the file's default
 */
public record Matcher(Set<AlertType> types, Set<AlertCategory> categories, Set<String> zones, Severity severityAtLeast,
                      Set<Severity> severity, List<TimeInterval> times, ZoneId timeZone) {
    public static final Matcher ANY = new Matcher(Set.of(), Set.of(), Set.of(), null, Set.of(), List.of(), null);

    public Matcher {
        types = Set.copyOf(types);
        categories = Set.copyOf(categories);
        zones = Set.copyOf(zones);
        severity = Set.copyOf(severity);
        times = List.copyOf(times);
    }

    /** Whether the alert event matches; {@code zoneTime} is the zone's time zone when this matcher names none. */
    public boolean matches(Alert a, Instant now, ZoneId zoneTime) {
        if (!types.isEmpty() && !types.contains(a.type())) {
            return false;
        }
        if (!categories.isEmpty() && !categories.contains(a.category())) {
            return false;
        }
        if (!zones.isEmpty() && !zones.contains(a.zone())) {
            return false;
        }
        if (severityAtLeast != null && !a.severity().atLeast(severityAtLeast)) {
            return false;
        }
        if (!severity.isEmpty() && !severity.contains(a.severity())) {
            return false;
        }
        if (times.isEmpty()) {
            return true;
        }
        // The time the notification goes out decides, as Alertmanager's active intervals do.
        var local = now.atZone(timeZone != null ? timeZone : zoneTime);
        return times.stream().anyMatch(w -> w.contains(local));
    }
}
