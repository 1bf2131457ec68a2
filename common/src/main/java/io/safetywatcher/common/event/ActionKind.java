package io.safetywatcher.common.event;

import java.util.Locale;
import java.util.Optional;

/** What an operator may do to an alert (alert_actions.kind is the lower-case name). */
public enum ActionKind {
    ACK, RESOLVE, COMMENT;

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
