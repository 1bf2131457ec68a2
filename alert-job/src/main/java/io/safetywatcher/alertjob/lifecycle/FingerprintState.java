package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The lifecycle of one fingerprint: where it is, since when, and what it last said. */
final class FingerprintState implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_DEVICES = 16;
    static final int MAX_EVIDENCE = 8;

    /** DORMANT: resolved, cooled down, and still within the reopen window: it is kept to reopen its alert. */
    enum Phase { PENDING, FIRING, COOLDOWN, DORMANT }

    final String fingerprint;
    final AlertType type;
    final String zone;
    Phase phase = Phase.PENDING;
    /** When the condition started holding: the alert's start, and part of its id. */
    Instant since;
    Instant lastActive;
    Severity severity;
    double score;
    String summary;
    final TreeSet<String> devices = new TreeSet<>();
    final List<String> evidence = new ArrayList<>();
    String alertId;
    /** Since when, while firing, the condition has been less severe than published; and the most severe of that. */
    Instant lowerSince;
    Severity lowerMax;
    Instant cooldownUntil;
    /** The cause of the last suppression recorded, so each cause is recorded once. */
    String suppressedBy;
    /** The last FIRING or UPDATED event's time, and whether it was a downgrade (null in a state from before damping). */
    Instant lastChange;
    boolean lastWasDowngrade;
    /** The resolved alert a new firing before {@code reopenUntil} reopens, and its start. */
    String reopenId;
    Instant reopenSince;
    Instant reopenUntil;
    /** The learned model's version that graded the latest condition, 0 when the rules did (and in a state from before models). */
    int model;

    FingerprintState(String fingerprint, AlertType type, String zone) {
        this.fingerprint = fingerprint;
        this.type = type;
        this.zone = zone;
    }

    void remember(List<String> newDevices, List<String> newEvidence) {
        for (String d : newDevices) {
            if (devices.size() < MAX_DEVICES) {
                devices.add(d);
            }
        }
        // The first references are the ones that made it fire: keep those rather than the latest.
        for (String e : newEvidence) {
            if (evidence.size() < MAX_EVIDENCE && !evidence.contains(e)) {
                evidence.add(e);
            }
        }
    }
}
