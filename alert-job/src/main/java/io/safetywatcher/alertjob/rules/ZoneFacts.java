package io.safetywatcher.alertjob.rules;

import io.safetywatcher.alertjob.detect.HourlyNoise;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the device registry (the {@code zones} table) knows about a zone, and what history says
 * it usually sounds like. Any field but the id may be null: the rule file's defaults for the
 * zone's kind fill it in.
 */
public record ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance, HourlyNoise usualNoise)
        implements Serializable {
    public ZoneFacts {
        Objects.requireNonNull(id, "id");
    }

    public ZoneFacts(String id, String kind, String openingHours, String timezone, Integer importance) {
        this(id, kind, openingHours, timezone, importance, null);
    }

    public static ZoneFacts unknown(String id) {
        return new ZoneFacts(id, null, null, null, null);
    }
}
