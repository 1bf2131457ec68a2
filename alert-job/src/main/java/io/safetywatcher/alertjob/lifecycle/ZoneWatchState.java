package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.detect.ZoneDetectionState;

import java.io.Serializable;

/** All a zone's state in one object: what its detectors learnt and where its alerts are. Keyed by zone id. */
public final class ZoneWatchState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ZoneDetectionState detection = new ZoneDetectionState();
    private final ZoneAlertState alerts = new ZoneAlertState();
    /** The zone this state is of, learnt from its first input (for a tick with no input); null in an older checkpoint until then. */
    private String zoneId;

    public ZoneDetectionState detection() { return detection; }

    public ZoneAlertState alerts() { return alerts; }

    public String zoneId() { return zoneId; }

    void zoneId(String id) { this.zoneId = id; }
}
