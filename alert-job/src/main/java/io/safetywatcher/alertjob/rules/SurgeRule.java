package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * Density rising fast toward danger.
 *
 * @param window          the slope is fitted over this much history
 * @param growthPerMinute a slope at least this steep (p/m² per minute) is a surge
 * @param minDensity      and only once the place is at least this crowded
 * @param horizon         projected to reach the dangerous level within this: critical
 */
public record SurgeRule(Duration window, double growthPerMinute, double minDensity, Duration horizon) implements Serializable {
    static SurgeRule read(RuleTree t) {
        return new SurgeRule(t.positiveDuration("window"), t.positive("growth_per_minute"),
                t.atLeast("min_density", 0), t.positiveDuration("horizon"));
    }
}
