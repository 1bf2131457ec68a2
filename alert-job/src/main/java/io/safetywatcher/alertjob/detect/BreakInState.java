package io.safetywatcher.alertjob.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One zone's memory for the break-in sequence: the latest glass break, the door openings and
 * motion of the last window (kept too, so a glass break that arrives after the door opening it
 * precedes in event time still matches), each door's last state and since when it is open.
 */
public final class BreakInState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bounds the openings kept; a zone has few doors and motion sensors. */
    static final int MAX_OPENINGS = 32;

    record Opening(Instant time, String sensorId, String what, String evidence) implements Serializable {}

    Instant glassAt;
    String glassSensor;
    double glassConfidence;
    String glassEvidence;
    final List<Opening> openings = new ArrayList<>();
    final Map<String, Boolean> doorOpen = new HashMap<>();
    /** Since when each open door has been open, until it counts as held open (then it is dropped). */
    private Map<String, Instant> doorOpenSince = new HashMap<>();

    /** State from before this field existed deserializes it as null. */
    Map<String, Instant> doorOpenSince() {
        if (doorOpenSince == null) {
            doorOpenSince = new HashMap<>();
        }
        return doorOpenSince;
    }

    public boolean isEmpty() {
        return glassAt == null && openings.isEmpty() && doorOpen.isEmpty() && doorOpenSince().isEmpty();
    }
}
