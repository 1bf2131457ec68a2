package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.IntrusionRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Intrusion: people in view while the zone is closed. Keyed by camera. A few consecutive
 * frames are required, so one miscounted frame (a shadow, a headlight) is not an intruder.
 * Once that is met, a frame or two without them (up to {@code max_gap}) says nothing: a small
 * figure far off at night flickers in and out of the mask, and clearing on each such frame
 * restarted the alert's hold (one intrusion of the camera suite took 15 s instead of 3).
 */
public final class IntrusionDetector implements Serializable {
    private final RuleSet rules;

    public IntrusionDetector(RuleSet rules) {
        this.rules = rules;
    }

    public List<Condition> detect(CameraFeatures f, Zone zone, IntrusionState s) {
        IntrusionRule rule = rules.intrusion();
        Fingerprint fp = new Fingerprint(AlertType.INTRUSION, f.zone(), f.cameraId());
        boolean open = zone.isOpenAt(f.time());
        if (open || f.peopleCount() < rule.minPeople()) {
            if (!open && s.frames >= rule.minFrames() && s.lastSeen != null
                    && Duration.between(s.lastSeen, f.time()).compareTo(rule.maxGap()) <= 0) {
                return List.of();
            }
            s.frames = 0;
            s.lastSeen = null;
            return List.of(Condition.clear(fp, f.time(), List.of(f.cameraId())));
        }
        s.frames = Math.min(s.frames + 1, 1_000_000);
        s.lastSeen = f.time();
        if (s.frames < rule.minFrames()) {
            return List.of();
        }
        String summary = f.peopleCount() + (f.peopleCount() == 1 ? " person" : " people") + " in " + f.zone()
                + " while it is closed (open " + zone.openingHours() + " " + zone.timezone() + "), seen by " + f.cameraId();
        return List.of(Condition.active(fp, f.time(), rules.alert(AlertType.INTRUSION).severity(),
                s.frames / (2.0 * rule.minFrames()), summary, List.of(f.cameraId()), List.of(f.evidence())));
    }
}
