package io.safetywatcher.analytics.model;

import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A zone as the registry describes it: its area (for rates per 1,000 m²) and its time zone (for hours of day). */
public record ZoneInfo(String id, Double areaM2, ZoneId timezone) implements Serializable {
    public ZoneInfo {
        timezone = timezone == null ? ZoneOffset.UTC : timezone;
    }

    /** The registry's text, or UTC when it is missing or not an IANA id (a bad registry row must not stop the job). */
    public static ZoneId timezone(String text) {
        if (text == null || text.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
