package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A glass break followed, within {@code window}, by someone getting in: in a closed zone a
 * door opening or motion; in any zone a smart camera's label of someone getting in
 * ({@code labels}, at {@code labelConfidence} or more); in an open zone, where doors open and
 * people move all day, a door left open unusually long for that door: a run of open readings
 * an opening of it reaches less often than {@code heldOpenChance}, or {@code heldOpen} while how
 * long it usually stays open is still being learnt.
 */
public record BreakInRule(Duration window, Duration heldOpen, double heldOpenChance, List<String> labels, double labelConfidence)
        implements Serializable {
    public BreakInRule {
        labels = List.copyOf(labels);
    }

    static BreakInRule read(RuleTree t) {
        return new BreakInRule(t.positiveDuration("window"), t.positiveDuration("held_open"), t.between("held_open_chance", 1e-9, 0.5),
                t.strings("labels"), t.between("label_confidence", 0, 1));
    }
}
