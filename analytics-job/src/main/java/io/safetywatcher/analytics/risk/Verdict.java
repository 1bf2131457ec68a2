package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskClass;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What an operator said of one crowd-risk alert when resolving it.
 *
 * @param severity  the alert's class (its severity's)
 * @param trueAlarm true for a true alarm, false for a false alarm (tests are not verdicts)
 */
public record Verdict(String zone, Instant started, Instant ended, RiskClass severity, boolean trueAlarm) implements Serializable {
    public Verdict {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(severity, "severity");
    }

    /** The class it gives the minutes of its window: the alert's on a true alarm, NONE on a false one. */
    public RiskClass label() { return trueAlarm ? severity : RiskClass.NONE; }
}
