package io.safetywatcher.common.event;

import java.util.Arrays;
import java.util.Optional;

/** Ordered from least to most severe: {@code compareTo} ranks alerts for inhibition. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    public boolean atLeast(Severity other) { return compareTo(other) >= 0; }

    public static Optional<Severity> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id)).findFirst();
    }
}
