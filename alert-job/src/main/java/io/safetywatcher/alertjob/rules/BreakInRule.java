package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * A glass break followed, within {@code window}, by someone getting in: in a closed zone a
 * door opening or motion; in an open zone, where doors open and people move all day, a door
 * left open for {@code heldOpen}.
 */
public record BreakInRule(Duration window, Duration heldOpen) implements Serializable {
    static BreakInRule read(RuleTree t) {
        return new BreakInRule(t.positiveDuration("window"), t.positiveDuration("held_open"));
    }
}
