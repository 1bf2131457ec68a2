package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.DeviceHealthRules;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A registered device that stops reporting: a camera with no frame (refused ones count: the
 * camera sent them) for {@code camera_offline.after}, a sensor with no reading for
 * {@code sensor_silent.missed_periods} of its sampling period. Judged at the zone's clock
 * ({@link #tick}), event time, so a replay judges the same; only devices that reported at least
 * once since the state began (a device registered but never installed has no "last seen").
 * Reporting again clears it.
 */
public final class DeviceCadenceDetector implements Serializable {
    private final RuleSet rules;

    public DeviceCadenceDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** A report of the device: notes it, and clears a silence. */
    public List<Condition> seen(ZoneInput in, Cadence cadence, DeviceCadence s) {
        if (s.lastSeen == null || in.time().isAfter(s.lastSeen)) {
            s.lastSeen = in.time();
        }
        if (!s.silent) {
            return List.of();
        }
        s.silent = false;
        return List.of(Condition.clear(fingerprint(in.zone(), in.deviceId(), cadence), in.time(), List.of(in.deviceId())));
    }

    /** After a jump of the zone's clock: every device's silence is counted from {@code now}, as if each had just reported. */
    public void restart(Instant now, Map<String, DeviceCadence> states) {
        for (DeviceCadence s : states.values()) {
            if (s.lastSeen != null && s.lastSeen.isBefore(now)) {
                s.lastSeen = now;
            }
        }
    }

    /** The devices of the zone silent at {@code now}, in device order; each an active condition at {@code now}. */
    public List<Condition> tick(String zone, Instant now, Map<String, Cadence> registered, Map<String, DeviceCadence> states) {
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, Cadence> e : new TreeMap<>(registered).entrySet()) {
            DeviceCadence s = states.get(e.getKey());
            if (s == null || s.lastSeen == null) {
                continue;
            }
            Duration quiet = Duration.between(s.lastSeen, now);
            Duration limit = limit(e.getValue());
            if (quiet.compareTo(limit) <= 0) {
                continue;
            }
            s.silent = true;
            s.reportedAt = now;
            Cadence c = e.getValue();
            AlertType type = type(c);
            String summary = c.camera()
                    ? "camera " + e.getKey() + " has sent no frame for " + quiet.toSeconds() + " s (since " + s.lastSeen + "); its view of "
                    + zone + " is not watched"
                    : "sensor " + e.getKey() + " has sent no reading for " + quiet.toSeconds() + " s (" + quiet.toMillis() / c.periodMs()
                    + " of its " + c.periodMs() / 1000.0 + " s periods, since " + s.lastSeen + ")";
            // The longer the silence against the limit, the stronger the evidence; twice the limit is certain.
            double score = Math.min(1, (double) quiet.toMillis() / (2.0 * limit.toMillis()));
            out.add(Condition.active(fingerprint(zone, e.getKey(), c), now, rules.alert(type).severity(), score, summary,
                    List.of(e.getKey()), List.of("silence:" + e.getKey() + "@" + s.lastSeen)));
        }
        return out;
    }

    /**
     * When the zone next needs a {@link #tick} with no input: a device becoming silent if no
     * report comes, or a silent one to be reported again before its alert would resolve.
     */
    public Optional<Instant> nextDue(Map<String, Cadence> registered, Map<String, DeviceCadence> states) {
        Instant next = null;
        for (Map.Entry<String, Cadence> e : registered.entrySet()) {
            DeviceCadence s = states.get(e.getKey());
            if (s == null || s.lastSeen == null) {
                continue;
            }
            Instant due = s.silent ? s.reportedAt.plus(rules.alert(type(e.getValue())).resolveAfter().dividedBy(2))
                    : s.lastSeen.plus(limit(e.getValue())).plusMillis(1);
            if (next == null || due.isBefore(next)) {
                next = due;
            }
        }
        return Optional.ofNullable(next);
    }

    private Duration limit(Cadence c) {
        DeviceHealthRules h = rules.deviceHealth();
        return c.camera() ? h.offline().after() : h.silent().silenceFor(c.periodMs());
    }

    private static AlertType type(Cadence c) { return c.camera() ? AlertType.CAMERA_OFFLINE : AlertType.SENSOR_SILENT; }

    private static Fingerprint fingerprint(String zone, String device, Cadence c) { return new Fingerprint(type(c), zone, device); }
}
