package io.safetywatcher.alertjob.rules;

import io.safetywatcher.alertjob.detect.HourlyNoise;

import java.io.Serializable;
import java.util.Objects;

/**
 * The part of a registry {@link io.safetywatcher.store.registry.Zone} the rules layer over the
 * rule file's settings, as text the rules validate, and what history says the zone usually
 * sounds like. Any field but the id may be null: the rule file's defaults for the zone's kind
 * fill it in. Built from the registry's zone ({@link #of}); it is the rules' input, not a
 * registry row.
 */
public record ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise,
                        Integer capacity)
        implements Serializable {
    public ZoneFacts {
        Objects.requireNonNull(id, "id");
    }

    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise) {
        this(id, kind, openingHours, timezone, importance, usualNoise, null);
    }

    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance) {
        this(id, kind, openingHours, timezone, importance, null);
    }

    /** A registry zone's facts; an importance or capacity of 0 or less counts as not set. */
    public static ZoneFacts of(io.safetywatcher.store.registry.Zone z, HourlyNoise usualNoise) {
        return new ZoneFacts(z.id(), z.kind(), z.openingHours(), z.timezone(),
                z.importance() != null && z.importance() > 0 ? z.importance() : null, usualNoise,
                z.capacity() != null && z.capacity() > 0 ? z.capacity() : null);
    }

    public static ZoneFacts unknown(String id) {
        return new ZoneFacts(id, null, null, null, null);
    }
}
