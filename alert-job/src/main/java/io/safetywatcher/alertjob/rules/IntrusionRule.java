package io.safetywatcher.alertjob.rules;

import java.io.Serializable;

/** People in view while the zone is closed, for at least {@code minFrames} consecutive frames. */
public record IntrusionRule(int minPeople, int minFrames) implements Serializable {
    static IntrusionRule read(RuleTree t) {
        return new IntrusionRule(t.integer("min_people", 1, 10_000), t.integer("min_frames", 1, 10_000));
    }
}
