package io.safetywatcher.alertjob.rules;

import java.io.Serializable;

/**
 * A camera is faulty while at least {@code minRefused} of its last {@code window} frames were
 * refused (corrupt, truncated, the wrong size); it recovers as sound frames push them out.
 */
public record DeviceFaultRule(int window, int minRefused) implements Serializable {
    static DeviceFaultRule read(RuleTree t) {
        int window = t.integer("window", 1, 64);
        int min = t.integer("min_refused", 1, 64);
        if (min > window) {
            throw new io.safetywatcher.common.config.ConfigException(t.key("min_refused") + " (" + min
                    + ") cannot exceed " + t.key("window") + " (" + window + ")");
        }
        return new DeviceFaultRule(window, min);
    }
}
