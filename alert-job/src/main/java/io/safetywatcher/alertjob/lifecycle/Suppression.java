package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Instant;

/**
 * A record that an alert would have fired (or was cut short) but did not, and why. Emitted
 * once per cause, not per sample, so it can be logged or stored as it comes.
 *
 * @param by the silence id, the inhibiting alert's id, the id of the alert whose cooldown it is, or the arming rule's name
 */
public record Suppression(Reason reason, String fingerprint, AlertType type, String zone, Severity severity, Instant at, String by)
        implements Serializable {

    public enum Reason {
        /** A matching silence was in force. */
        SILENCED,
        /** A more important alert in the zone was firing (or superseded this one while it fired). */
        INHIBITED,
        /** The same fingerprint resolved too recently. */
        COOLDOWN,
        /** An arming rule keeps the type quiet in this zone at this hour. */
        DISARMED
    }
}
