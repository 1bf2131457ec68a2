package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * What keeps one incident to a handful of events for every alert type: a desk pages someone
 * for each event, so a level flickering at a threshold must not reach it.
 *
 * @param updateInterval a rise right after a downgrade waits until this long after it; a
 *                       downgrade waits this long after the last event (escalations otherwise go at once)
 * @param downgradeAfter a lower severity must hold this long (and at least the type's
 *                       {@code resolve_after}) before a firing alert is downgraded
 * @param reopenWithin   a fingerprint that fires again this soon after it resolved reopens the
 *                       same alert (an UPDATED event, same id) instead of raising a new one; 0s: never
 */
public record Damping(Duration updateInterval, Duration downgradeAfter, Duration reopenWithin) implements Serializable {
    static Damping read(RuleTree t) {
        return new Damping(t.duration("update_interval"), t.duration("downgrade_after"), t.duration("reopen_within"));
    }

    String describe() {
        return "update interval " + RuleSet.formatDuration(updateInterval) + ", downgrade after " + RuleSet.formatDuration(downgradeAfter)
                + ", reopen within " + RuleSet.formatDuration(reopenWithin);
    }
}
