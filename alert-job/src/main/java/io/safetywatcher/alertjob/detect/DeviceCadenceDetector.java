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
 * ({@link #tick}), event time, so a replay judges the same; a silence starts when its limit ran
 * out, whenever it is judged; only devices that reported at least
 * once since the state began (a device registered but never installed has no "last seen").
 * Reporting again clears it.
 */
public final class DeviceCadenceDetector implements Serializable {
    private final RuleSet rules;

    public DeviceCadenceDetector(RuleSet rules) {
        this.rules = rules;
    }

    /**
     * A report of the device: notes it, and clears a silence. A gap since its last report longer
     * than its limit (and the allowed lateness) that no {@link #tick} saw (the zone's clock was held back while the gap
     * lasted: another partition's input unread, frames paused behind their analysis) is a silence
     * all the same: raised as of when it began to count, and cleared by this report. A gap longer
     * than the zone gap is left alone, as {@link #restart} leaves it: the whole zone may have
     * been without input.
     */
    public List<Condition> seen(ZoneInput in, Cadence cadence, DeviceCadence s) {
        Instant before = s.lastSeen;
        if (before == null || in.time().isAfter(before)) {
            s.lastSeen = in.time();
        }
        Fingerprint fp = fingerprint(in.zone(), in.deviceId(), cadence);
        if (s.silent) {
            s.silent = false;
            return List.of(Condition.clear(fp, in.time(), List.of(in.deviceId())));
        }
        if (before == null || !in.time().isAfter(before)) {
            return List.of();
        }
        Duration gap = Duration.between(before, in.time());
        Duration limit = limit(cadence);
        // Live, the zone's clock runs the allowed lateness behind the newest input, so a gap is seen
        // by a tick only when it outlasts the limit by that much: the same bound here.
        if (gap.compareTo(limit.plus(rules.allowedLateness())) <= 0 || gap.compareTo(rules.deviceHealth().offline().zoneGap()) > 0) {
            return List.of();
        }
        // As live: active from when the limit ran out until the last tick before this report (its
        // time less the lateness), then cleared, so it resolves when a live one would.
        Instant lastTick = in.time().minus(rules.allowedLateness());
        String more = "; it reported again at " + in.time();
        List<Condition> out = new ArrayList<>();
        out.add(start(in.zone(), in.deviceId(), cadence, before, limit, more));
        if (lastTick.isAfter(out.get(0).time())) {
            out.add(silent(in.zone(), in.deviceId(), cadence, before, lastTick, Duration.between(before, lastTick), limit, more));
        }
        out.add(Condition.clear(fp, in.time(), List.of(in.deviceId())));
        return out;
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
            // A new silence starts when it began to count, however late the zone's clock got here
            // (batches, a held clock), so live and a backfill give it the same start and id;
            // said again at now, so it stays active from here.
            if (!s.silent) {
                Condition start = start(zone, e.getKey(), e.getValue(), s.lastSeen, limit, "");
                if (start.time().isBefore(now)) {
                    out.add(start);
                }
            }
            s.silent = true;
            s.reportedAt = now;
            out.add(silent(zone, e.getKey(), e.getValue(), s.lastSeen, now, quiet, limit, ""));
        }
        return out;
    }

    /** A silence's start: the moment its limit ran out after {@code lastSeen}. */
    private Condition start(String zone, String device, Cadence c, Instant lastSeen, Duration limit, String more) {
        Duration quiet = limit.plusMillis(1);
        return silent(zone, device, c, lastSeen, lastSeen.plus(quiet), quiet, limit, more);
    }

    /** The active condition of a device silent since {@code lastSeen}, judged at {@code at} after {@code quiet}. */
    private Condition silent(String zone, String device, Cadence c, Instant lastSeen, Instant at, Duration quiet, Duration limit, String more) {
        AlertType type = type(c);
        String summary = c.camera()
                ? "camera " + device + " has sent no frame for " + quiet.toSeconds() + " s (since " + lastSeen + more + "); its view of "
                + zone + " is not watched"
                : "sensor " + device + " has sent no reading for " + quiet.toSeconds() + " s (" + quiet.toMillis() / c.periodMs()
                + " of its " + c.periodMs() / 1000.0 + " s periods, since " + lastSeen + more + ")";
        // The longer the silence against the limit, the stronger the evidence; twice the limit is certain.
        double score = Math.min(1, (double) quiet.toMillis() / (2.0 * limit.toMillis()));
        return Condition.active(fingerprint(zone, device, c), at, rules.alert(type).severity(), score, summary,
                List.of(device), List.of("silence:" + device + "@" + lastSeen));
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
