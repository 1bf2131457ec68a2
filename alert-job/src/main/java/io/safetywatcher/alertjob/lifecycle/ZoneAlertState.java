package io.safetywatcher.alertjob.lifecycle;

import java.io.Serializable;
import java.util.List;
import java.util.TreeMap;

/**
 * The lifecycle state of one zone: every fingerprint that is pending, firing or cooling down
 * there. Keyed by zone because inhibition compares alerts of the same zone. Fingerprints
 * whose cooldown is over are dropped, so the state holds only what is going on.
 */
public final class ZoneAlertState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sorted, so every walk over it (and so every output) has the same order. */
    final TreeMap<String, FingerprintState> fingerprints = new TreeMap<>();

    public boolean isEmpty() { return fingerprints.isEmpty(); }

    /** The ids of the alerts firing now. */
    public List<String> firingAlertIds() {
        return fingerprints.values().stream()
                .filter(f -> f.phase == FingerprintState.Phase.FIRING)
                .map(f -> f.alertId)
                .toList();
    }

    /** The fingerprints being tracked, pending, firing or cooling down. */
    public List<String> fingerprints() { return List.copyOf(fingerprints.keySet()); }
}
