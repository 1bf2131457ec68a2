package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Break-in: a glass break, then someone getting in, in the same zone within the window. In a
 * closed zone that is a door opening or motion. In an open zone doors open and motion sensors
 * fire all day (measured on the simulated city: a door opens in 5-25 % of its 10 s readings),
 * so there only a door left open for the rule's {@code held_open} counts. Keyed by zone. The
 * order is event time, not arrival: either half may arrive first.
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
                    .filter(o -> follows(o.time(), r.time(), window))
                    .min(Comparator.comparing(BreakInState.Opening::time))
                    .map(o -> List.of(condition(r.zone(), r.time(), r.deviceId(), r.value(), r.evidence(), o)))
                    .orElse(List.of());
        }
        BreakInState.Opening opening = opening(r, zone, rules.breakIn().heldOpen(), s);
        if (opening == null) {
            return List.of();
        }
        s.openings.add(opening);
        prune(s, window, r.time());
        if (s.glassAt != null && follows(opening.time(), s.glassAt, window)) {
            return List.of(condition(r.zone(), s.glassAt, s.glassSensor, s.glassConfidence, s.glassEvidence, opening));
        }
        return List.of();
    }

    /**
     * While the zone is closed: a door going from closed (or unknown) to open, or motion. While
     * it is open: a door that has now been open for {@code heldOpen} (once per opening). Else null.
     */
    private static BreakInState.Opening opening(ZoneReading r, Zone zone, Duration heldOpen, BreakInState s) {
        boolean on = r.value() >= 0.5;
        boolean closed = !zone.isOpenAt(r.time());
        if (r.sensorType() == SensorType.DOOR_CONTACT) {
            Boolean was = s.doorOpen.put(r.deviceId(), on);
            if (!on) {
                s.doorOpenSince().remove(r.deviceId());
                return null;
            }
            boolean opened = !Boolean.TRUE.equals(was);
            if (opened) {
                s.doorOpenSince().put(r.deviceId(), r.time());
                if (closed) {
                    return new BreakInState.Opening(r.time(), r.deviceId(), "door", r.evidence());
                }
            }
            Instant since = s.doorOpenSince().get(r.deviceId());
            if (!closed && since != null && !r.time().isBefore(since.plus(heldOpen))) {
                s.doorOpenSince().remove(r.deviceId());
                return new BreakInState.Opening(r.time(), r.deviceId(), "held", r.evidence());
            }
            return null;
        }
        if (r.sensorType() == SensorType.MOTION && on && closed) {
            return new BreakInState.Opening(r.time(), r.deviceId(), "motion", r.evidence());
        }
        return null;
    }

    private static boolean follows(Instant later, Instant glass, Duration window) {
        return !later.isBefore(glass) && !later.isAfter(glass.plus(window));
    }

    private Condition condition(String zone, Instant glassAt, String glassSensor, double glassConfidence, String glassEvidence,
                                BreakInState.Opening o) {
        long seconds = Duration.between(glassAt, o.time()).toSeconds();
        String what = switch (o.what()) {
            case "door" -> "door " + o.sensorId() + " opened";
            case "held" -> "door " + o.sensorId() + " held open (" + RuleSet.formatDuration(rules.breakIn().heldOpen()) + ")";
            default -> "motion at " + o.sensorId();
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
        if (s.glassAt != null && s.glassAt.isBefore(horizon.minus(window))) {
            s.glassAt = null;
            s.glassSensor = null;
            s.glassEvidence = null;
            s.glassConfidence = 0;
        }
    }
}
