package io.safetywatcher.common.risk;

import io.safetywatcher.common.event.Severity;

import java.util.Optional;

/**
 * What a crowd-risk scorer says of one zone-minute. NONE is "no alert"; the others are the
 * crowd-risk alert's severity. The ordinal is the class index a learned model predicts.
 */
public enum RiskClass {
    NONE, LOW, MEDIUM, HIGH;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The alert severity this class raises, none for NONE. */
    public Optional<Severity> severity() {
        return switch (this) {
            case NONE -> Optional.empty();
            case LOW -> Optional.of(Severity.LOW);
            case MEDIUM -> Optional.of(Severity.MEDIUM);
            case HIGH -> Optional.of(Severity.HIGH);
        };
    }

    /** The class of an alert severity (INFO counts as LOW, CRITICAL as HIGH). */
    public static RiskClass of(Severity s) {
        return switch (s) {
            case INFO, LOW -> LOW;
            case MEDIUM -> MEDIUM;
            case HIGH, CRITICAL -> HIGH;
        };
    }

    public static RiskClass ofIndex(int i) {
        RiskClass[] all = values();
        if (i < 0 || i >= all.length) {
            throw new IllegalArgumentException("no risk class " + i + " (0.." + (all.length - 1) + ")");
        }
        return all[i];
    }
}
