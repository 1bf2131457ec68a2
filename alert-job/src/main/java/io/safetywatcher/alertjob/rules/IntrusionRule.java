package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * People in view while the zone is closed, for at least {@code minFrames} consecutive frames;
 * once seen that long, frames without them for up to {@code maxGap} do not end the sighting
 * (a small figure far off at night drops out of the mask for a frame or two).
 */
public record IntrusionRule(int minPeople, int minFrames, Duration maxGap) implements Serializable {
    static IntrusionRule read(RuleTree t) {
        return new IntrusionRule(t.integer("min_people", 1, 10_000), t.integer("min_frames", 1, 10_000), t.duration("max_gap"));
    }
}
