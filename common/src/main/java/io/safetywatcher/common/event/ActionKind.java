package io.safetywatcher.common.event;

import java.util.Locale;
import java.util.Optional;

/**
 * What an operator may do to an alert (alert_actions.kind is the lower-case name). ASSIGN names
 * who works on it (an empty name unassigns); a reader older than a kind leaves its rows out.
 */
public enum ActionKind {
    ACK, RESOLVE, COMMENT, ASSIGN;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** The kind a stored or requested id names; empty for one this version does not know. */
    public static Optional<ActionKind> of(String id) {
        for (ActionKind k : values()) {
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
