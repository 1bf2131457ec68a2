package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/** A glass break followed, within {@code window}, by a door opening or motion in the same zone. */
public record BreakInRule(Duration window) implements Serializable {
    static BreakInRule read(RuleTree t) {
        return new BreakInRule(t.positiveDuration("window"));
    }
}
