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
 * precedes in event time still matches), each door's last state, since when it is open and how
 * long it usually stays open.
 */
public final class BreakInState implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bounds the openings kept; a zone has few doors and motion sensors. */
    static final int MAX_OPENINGS = 32;

    /**
     * Someone getting in, seen at {@code time}; {@code from} is when it began (a door held open:
     * when it opened), null when it is {@code time}. The glass break must come before {@code from}.
     * {@code what} is "door", "motion" or, in state of an older release, "held"; otherwise it
     * already says what was seen, for the alert's summary.
     */
    record Opening(Instant time, String sensorId, String what, String evidence, Instant from) implements Serializable {
        Opening(Instant time, String sensorId, String what, String evidence) {
            this(time, sensorId, what, evidence, null);
        }

        Instant began() { return from == null ? time : from; }
    }

    Instant glassAt;
    String glassSensor;
    double glassConfidence;
    String glassEvidence;
    final List<Opening> openings = new ArrayList<>();
    final Map<String, Boolean> doorOpen = new HashMap<>();
    /** Since when each open door has been open (dropped when it shuts). */
    private Map<String, Instant> doorOpenSince = new HashMap<>();

    /** How each door is usually found (null in state written before it existed). */
    private Map<String, DoorHabit> doorHabits = new HashMap<>();

    /**
     * How a door usually stays open: of its open readings, how many were followed by another
     * open one (counts that fade over about {@link #HABIT_MEMORY} open readings), from how many
     * openings; and its current run of open readings, which joins the habit only once the door
     * shuts: the run being judged is not part of what is usual.
     */
    static final class DoorHabit implements Serializable {
        private static final long serialVersionUID = 1L;
        double openReadings;
        double stayedOpen;
        long openings;
        int openRun;
        /** This run has already counted as held open: once per opening. */
        boolean held;

        void see(boolean open) {
            if (open) {
                openRun++;
                return;
            }
            if (openRun > 0) {
                openings++;
                openReadings += openRun;
                stayedOpen += openRun - 1;
                if (openReadings > HABIT_MEMORY) {
                    stayedOpen *= HABIT_MEMORY / openReadings;
                    openReadings = HABIT_MEMORY;
                }
            }
            openRun = 0;
            held = false;
        }

        /** The chance an open door is still open at its next reading (a weak prior of one half). */
        double stays() {
            return (stayedOpen + 1) / (openReadings + 2);
        }
    }

    static final int HABIT_MEMORY = 200;

    /** State from before this field existed deserializes it as null. */
    Map<String, Instant> doorOpenSince() {
        if (doorOpenSince == null) {
            doorOpenSince = new HashMap<>();
        }
        return doorOpenSince;
    }

    DoorHabit habit(String door) {
        if (doorHabits == null) {
            doorHabits = new HashMap<>();
        }
        return doorHabits.computeIfAbsent(door, k -> new DoorHabit());
    }

    public boolean isEmpty() {
        return glassAt == null && openings.isEmpty() && doorOpen.isEmpty() && doorOpenSince().isEmpty()
                && (doorHabits == null || doorHabits.isEmpty());
    }
}
