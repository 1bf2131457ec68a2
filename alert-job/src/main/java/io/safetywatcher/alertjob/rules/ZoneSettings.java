package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.OpeningHours;

import io.safetywatcher.common.config.ConfigException;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/** One layer of zone settings (a kind's defaults or one zone's override); null = not set here. */
record ZoneSettings(String kind, OpeningHours openingHours, ZoneId timezone, Duration maxDwell, Integer importance)
        implements Serializable {

    static ZoneSettings read(RuleTree t, boolean allowKind) {
        String kind = allowKind && t.has("kind") ? t.text("kind") : null;
        OpeningHours hours = t.has("opening_hours") ? OpeningHours.parse(t.key("opening_hours"), t.text("opening_hours")) : null;
        ZoneId tz = t.has("timezone") ? timezone(t.key("timezone"), t.text("timezone")) : null;
        Duration dwell = t.has("max_dwell") ? t.positiveDuration("max_dwell") : null;
        Integer importance = t.has("importance") ? t.integer("importance", 1, 5) : null;
        t.finish();
        return new ZoneSettings(kind, hours, tz, dwell, importance);
    }

    static ZoneId timezone(String key, String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new ConfigException(key + " must be an IANA time zone like Europe/Berlin, got '" + id + "'");
        }
    }

    /** This layer with the gaps filled from {@code below}. */
    ZoneSettings over(ZoneSettings below) {
        return new ZoneSettings(
                kind != null ? kind : below.kind,
                openingHours != null ? openingHours : below.openingHours,
                timezone != null ? timezone : below.timezone,
                maxDwell != null ? maxDwell : below.maxDwell,
                importance != null ? importance : below.importance);
    }
}
