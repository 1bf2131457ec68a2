package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.BreakInRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.SensorType;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Break-in: a glass break, then someone getting in, in the same zone within the window. In a
 * closed zone that is a door opening or motion. A smart camera's label of someone getting in
 * (trespassing) counts at any hour. In an open zone doors open and motion sensors fire all day
 * (on the simulated city a door is open in 5-85 % of its readings, with the crowd), so there a
 * door counts only once it has stayed open longer than is usual for that door: a run of open
 * readings that an opening reaches less often than the rule's {@code held_open_chance}, given how
 * often the door, once open, is still open at its next reading (learnt per door; a fixed
 * {@code held_open} until it has seen the door open a few times).
 * Keyed by zone. The order is event time, not arrival: either half may arrive first.
 */
public final class BreakInDetector implements Serializable {
    private final RuleSet rules;

    public BreakInDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** Feeds glass-break, door-contact and motion readings of {@code zone}; other sensors are ignored. */
    public List<Condition> detect(ZoneReading r, Zone zone, BreakInState s) {
        Duration window = rules.breakIn().window();
        SensorType type = r.sensorType();
        if (type == SensorType.GLASS_BREAK) {
            if (r.value() < rules.trigger(AlertType.GLASS_BREAK).minConfidence()) {
                return List.of();
            }
            if (s.glassAt == null || r.time().isAfter(s.glassAt)) {
                s.glassAt = r.time();
                s.glassSensor = r.deviceId();
                s.glassConfidence = r.value();
                s.glassEvidence = r.evidence();
            }
            prune(s, window, r.time());
            // Openings that arrived before this glass break but happened after it.
            return s.openings.stream()
                    .filter(o -> follows(o.began(), r.time(), window))
                    .min(Comparator.comparing(BreakInState.Opening::began))
                    .map(o -> List.of(condition(r.zone(), r.time(), r.deviceId(), r.value(), r.evidence(), o)))
                    .orElse(List.of());
        }
        return followed(r.zone(), opening(r, zone, s), s);
    }

    /** Feeds a smart camera's labels: one of the rule's labels, sure enough, is someone seen getting in. */
    public List<Condition> detect(ZoneObservation o, BreakInState s) {
        BreakInRule rule = rules.breakIn();
        return o.observation().labels().stream()
                .filter(l -> rule.labels().contains(l.name()) && l.confidence() >= rule.labelConfidence())
                .max(Comparator.comparingDouble(Label::confidence))
                .map(l -> followed(o.zone(), new BreakInState.Opening(o.time(), o.deviceId(),
                        o.deviceId() + " saw " + l.name() + " " + Numbers.two(l.confidence()), o.evidence()), s))
                .orElse(List.of());
    }

    /** Keeps the opening (if any) and matches it with the glass break it may follow. */
    private List<Condition> followed(String zone, BreakInState.Opening opening, BreakInState s) {
        if (opening == null) {
            return List.of();
        }
        Duration window = rules.breakIn().window();
        s.openings.add(opening);
        prune(s, window, opening.time());
        if (s.glassAt != null && follows(opening.began(), s.glassAt, window)) {
            return List.of(condition(zone, s.glassAt, s.glassSensor, s.glassConfidence, s.glassEvidence, opening));
        }
        return List.of();
    }

    /**
     * While the zone is closed: a door going from closed (or unknown) to open, or motion. While
     * it is open: a door that has now been open longer than it usually is (once per opening).
     * Else null. Every door reading also teaches the door's habit.
     */
    private BreakInState.Opening opening(ZoneReading r, Zone zone, BreakInState s) {
        boolean on = r.value() >= 0.5;
        boolean closed = !zone.isOpenAt(r.time());
        if (r.sensorType() == SensorType.DOOR_CONTACT) {
            BreakInState.DoorHabit habit = s.habit(r.deviceId());
            habit.see(on);
            return door(r, on, closed, habit, s);
        }
        if (r.sensorType() == SensorType.MOTION && on && closed) {
            return new BreakInState.Opening(r.time(), r.deviceId(), "motion", r.evidence());
        }
        return null;
    }

    private BreakInState.Opening door(ZoneReading r, boolean on, boolean closed, BreakInState.DoorHabit habit, BreakInState s) {
        Boolean was = s.doorOpen.put(r.deviceId(), on);
        if (!on) {
            s.doorOpenSince().remove(r.deviceId());
            return null;
        }
        if (!Boolean.TRUE.equals(was)) {
            s.doorOpenSince().put(r.deviceId(), r.time());
            if (closed) {
                return new BreakInState.Opening(r.time(), r.deviceId(), "door", r.evidence());
            }
        }
        Instant since = s.doorOpenSince().get(r.deviceId());
        if (closed || habit.held || since == null) {
            return null;
        }
        boolean heldOpen = habit.openings >= LEARNT_AFTER
                ? habit.openRun >= readingsHeldOpen(habit.stays(), rules.breakIn().heldOpenChance())
                : !r.time().isBefore(since.plus(rules.breakIn().heldOpen()));
        if (!heldOpen) {
            return null;
        }
        habit.held = true;
        String what = "door " + r.deviceId() + " held open (" + RuleSet.formatDuration(Duration.between(since, r.time())) + ")";
        return new BreakInState.Opening(r.time(), r.deviceId(), what, r.evidence(), since);
    }

    /** Openings of a door seen before how long it usually stays open is trusted. */
    static final int LEARNT_AFTER = 5;

    /**
     * How many open readings in a row an opening of a door reaches less often than
     * {@code chance}, when an open door is still open at its next reading with chance
     * {@code stays}: at least 2, so one reading is never enough.
     */
    static int readingsHeldOpen(double stays, double chance) {
        double q = Math.min(0.98, Math.max(0.02, stays));
        return Math.max(2, 1 + (int) Math.ceil(Math.log(chance) / Math.log(q)));
    }

    private static boolean follows(Instant later, Instant glass, Duration window) {
        return !later.isBefore(glass) && !later.isAfter(glass.plus(window));
    }

    private Condition condition(String zone, Instant glassAt, String glassSensor, double glassConfidence, String glassEvidence,
                                BreakInState.Opening o) {
        long seconds = Duration.between(glassAt, o.time()).toSeconds();
        String what = switch (o.what()) {
            case "door" -> "door " + o.sensorId() + " opened";
            case "motion" -> "motion at " + o.sensorId();
            case "held" -> "door " + o.sensorId() + " held open (" + RuleSet.formatDuration(rules.breakIn().heldOpen()) + ")"; // an older release's state
            default -> o.what();
        };
        String summary = "break-in in " + zone + ": glass break at " + glassSensor + ", then " + what + " " + seconds + "s later";
        return Condition.active(Fingerprint.ofZone(AlertType.BREAK_IN, zone), o.time(), rules.alert(AlertType.BREAK_IN).severity(),
                glassConfidence, summary, List.of(glassSensor, o.sensorId()), List.of(glassEvidence, o.evidence()));
    }

    /** Forgets what can no longer take part in a sequence, relative to the newest time seen. */
    private static void prune(BreakInState s, Duration window, Instant now) {
        Instant horizon = now.minus(window);
        s.openings.removeIf(o -> o.time().isBefore(horizon.minus(window)));
        if (s.openings.size() > BreakInState.MAX_OPENINGS) {
            s.openings.sort(Comparator.comparing(BreakInState.Opening::time));
            s.openings.subList(0, s.openings.size() - BreakInState.MAX_OPENINGS).clear();
        }
        // A door that opened within the window of the glass break may be judged held open later.
        if (s.glassAt != null && s.glassAt.isBefore(horizon.minus(window))
                && s.doorOpenSince().values().stream().noneMatch(since -> follows(since, s.glassAt, window))) {
            s.glassAt = null;
            s.glassSensor = null;
            s.glassEvidence = null;
            s.glassConfidence = 0;
        }
    }
}
