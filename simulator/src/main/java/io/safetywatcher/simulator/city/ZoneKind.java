package io.safetywatcher.simulator.city;

import java.util.Arrays;
import java.util.Optional;

/** What a zone is used for; it decides the shape of a day there. */
public enum ZoneKind {
    TRANSIT, MARKET, STADIUM, PARK, RESIDENTIAL, CAMPUS;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Optional<ZoneKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
