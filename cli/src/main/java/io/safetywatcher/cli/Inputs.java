package io.safetywatcher.cli;

import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.common.config.Durations;
import io.safetywatcher.common.config.Suggestion;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks what an operator typed before anything is sent: each parser either returns a value
 * or throws a {@link UsageError} naming the flag, the bad value and what would be accepted.
 */
public final class Inputs {
    private Inputs() {}

    /**
     * A point in time: an instant ({@code 2026-11-20T10:00:00Z}), a UTC date-time without zone
     * ({@code 2026-11-20T10:00}), a UTC date ({@code 2026-11-20}, midnight), {@code now}, or a
     * duration meaning that long ago ({@code 2h}, {@code 7d}).
     */
    public static Instant time(String flag, String text, Instant now) {
        String s = text.trim();
        if (s.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return now.minus(Durations.parse(s.startsWith("-") ? s.substring(1) : s));
        } catch (IllegalArgumentException ignored) {
            throw new UsageError(flag + ": '" + text + "' is not a time; use an instant (2026-11-20T10:00:00Z), a UTC date "
                    + "(2026-11-20), 'now', or a duration ago (30m, 2h, 7d)");
        }
    }

    public static Duration duration(String flag, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new UsageError(flag + ": the duration must be positive, not '" + text + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + ": " + e.getMessage());
        }
    }

    public static java.util.UUID uuid(String flag, String text) {
        try {
            return java.util.UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + ": '" + text + "' is not an id like 0f8fad5b-d9cb-469f-a165-70867728950e");
        }
    }

    public static AlertType alertType(String flag, String text) {
        return AlertType.fromId(text.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> unknown(flag, "alert type", text,
                Arrays.stream(AlertType.values()).map(AlertType::id).toList()));
    }

    public static Severity severity(String flag, String text) {
        return Severity.fromId(text.trim()).orElseThrow(() -> unknown(flag, "severity", text,
                Arrays.stream(Severity.values()).map(Severity::id).toList()));
    }

    public static AlertState state(String flag, String text) {
        try {
            return AlertState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw unknown(flag, "state", text, Arrays.stream(AlertState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    public static void range(Instant since, Instant until) {
        if (!since.isBefore(until)) {
            throw new UsageError("--since (" + since + ") must be before --until (" + until + ")");
        }
    }

    /** The registry's zone of that id, or a usage error naming the flag and the known zones. */
    public static Zone requireZone(Registry registry, String flag, String id) {
        return registry.zone(id).orElseThrow(() -> unknown(flag, "zone", id, registry.zoneIds()));
    }

    /** The registry's device of that id and kind ({@link Device#CAMERA} or {@link Device#SENSOR}), or a usage error. */
    public static Device requireDevice(Registry registry, String kind, String id) {
        return registry.device(id).filter(d -> kind.equals(d.kind())).orElseThrow(() -> unknown(null, kind, id, registry.deviceIds(kind)));
    }

    /** The registry's device of that id, of any kind, or a usage error naming the known ones. */
    public static Device requireDevice(Registry registry, String id) {
        return registry.device(id).orElseThrow(() -> unknown(null, "device", id, registry.deviceIds(null)));
    }

    /** "unknown zone 'x'; did you mean 'y'? Known: a, b, c". */
    public static UsageError unknown(String flag, String what, String text, List<String> known) {
        String hint = Suggestion.closest(text, known).map(k -> "; did you mean '" + k + "'?").orElse("");
        String list = known.isEmpty() ? " (there are none yet)" : known.size() <= 20 ? " Known: " + String.join(", ", known) + "." : "";
        return new UsageError((flag == null ? "" : flag + ": ") + "unknown " + what + " '" + text + "'" + hint + list);
    }
}
