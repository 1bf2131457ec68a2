package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.lifecycle.FingerprintState.Phase;
import io.safetywatcher.alertjob.rules.AlertRule;
import io.safetywatcher.alertjob.rules.Damping;
import io.safetywatcher.alertjob.rules.InhibitRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns detectors' conditions into alert events, one state machine per fingerprint, the way
 * a monitoring system's alert manager does:
 * <ul>
 *   <li>PENDING while the condition has held for less than the type's {@code for};</li>
 *   <li>FIRING once it has, unless a silence matches, an arming rule keeps the type quiet in
 *       the zone at that hour, or a firing alert of the same zone inhibits it (then it stays
 *       pending and fires when that ends, if still true);</li>
 *   <li>UPDATED when the severity changes: at once when it rises (unless the alert was
 *       downgraded less than {@code lifecycle.update_interval} ago), and when it falls only once
 *       the lower severity has held for {@code lifecycle.downgrade_after} (at least
 *       {@code resolve_after}) and the last event is {@code update_interval} old, so a level
 *       flickering at a threshold does not flood the desk;</li>
 *   <li>RESOLVED when no active condition has been seen for {@code resolve_after}, then a
 *       cooldown during which the same fingerprint does not fire again;</li>
 *   <li>RESOLVED too when an alert that inhibits it starts firing (it is superseded), but
 *       without a cooldown: it stays pending, inhibited, and comes back as soon as that alert
 *       ends if its condition still holds (a crowd still dense after the surge that covered it
 *       is news at once, not five minutes later);</li>
 *   <li>firing again within {@code lifecycle.reopen_within} of a resolution reopens the same
 *       alert (an UPDATED event with its id and start) rather than raising a new one.</li>
 * </ul>
 * Conditions of the same instant are taken the most severe first, and of equal severity an
 * inhibiting type first, so that an alert and the one that inhibits it, becoming true together,
 * fire as one: the desk does not see the lesser one fire and resolve in the same second.
 * Everything runs on event time: a transition's time is computed from the inputs (a
 * resolution happens at exactly last-active + resolve_after), never from the clock or from
 * when a watermark happened to arrive, so a replay produces the same events. The alert id is
 * derived from the fingerprint and the time the condition started, so it is the same too.
 */
public final class AlertLifecycle implements Serializable {
    /**
     * A condition with what orders it within its instant: the most severe condition of its
     * fingerprint at that instant, and whether its type inhibits some other (see {@link #ORDER}).
     */
    private record Ranked(Condition c, Severity peak, boolean inhibiting) {}

    /**
     * A total order on conditions, so the order they arrive in within one call cannot matter.
     * Within one instant, fingerprints by the most severe of their conditions there, then
     * inhibiting types first (see the class comment); one fingerprint's conditions of one
     * instant stay together, least severe first, so its most severe is the one it keeps.
     */
    private static final Comparator<Ranked> ORDER = Comparator.comparing((Ranked r) -> r.c().time())
            .thenComparing(Ranked::peak, Comparator.reverseOrder())
            .thenComparing(r -> r.inhibiting() ? 0 : 1)
            .thenComparing(r -> r.c().fingerprint().key())
            .thenComparing(r -> r.c().active())
            .thenComparing(r -> r.c().severity())
            .thenComparingDouble(r -> r.c().score())
            .thenComparing(r -> r.c().summary());

    private final RuleSet rules;
    private final Zones zones;
    private final String ruleVersion;
    /** The types some inhibition rule names as its source: they go first within an instant. */
    private final Set<AlertType> inhibiting = EnumSet.noneOf(AlertType.class);

    /** The rules' view of a zone by id: its kind and time zone decide whether a rule is armed. */
    public interface Zones extends Serializable {
        Zone zone(String id);
    }

    /** Zones as the rule file alone describes them. */
    public AlertLifecycle(RuleSet rules) {
        this(rules, rules::zone);
    }

    public AlertLifecycle(RuleSet rules, Zones zones) {
        this.rules = rules;
        this.zones = zones;
        this.ruleVersion = rules.version();
        rules.inhibitions().forEach(r -> inhibiting.addAll(r.sourceTypes()));
    }

    /** Applies a batch of conditions of one zone (in any order) to its state. */
    public LifecycleOutput apply(ZoneAlertState state, Collection<Condition> conditions, List<Silence> silences) {
        Out out = new Out();
        apply(state, conditions, silences, out);
        return out.result();
    }

    /**
     * Lets time pass with no input: resolves alerts whose condition has been absent for
     * {@code resolve_after}, drops stale pending conditions and finished cooldowns.
     */
    public LifecycleOutput advance(ZoneAlertState state, Instant watermark) {
        Out out = new Out();
        advance(state, watermark, out);
        return out.result();
    }

    /** The earliest event time at which {@link #advance} would change something, for a state timeout. */
    public Optional<Instant> nextDeadline(ZoneAlertState state) {
        return state.fingerprints.values().stream()
                .map(fs -> fs.phase == Phase.COOLDOWN ? fs.cooldownUntil : fs.phase == Phase.DORMANT ? fs.reopenUntil : clearAt(fs))
                .min(Comparator.naturalOrder());
    }

    /** The alert id: a name-based UUID of fingerprint and start, the same on every replay. */
    public static String alertId(String fingerprint, Instant startedAt) {
        return UUID.nameUUIDFromBytes((fingerprint + "|" + startedAt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    void apply(ZoneAlertState state, Collection<Condition> conditions, List<Silence> silences, Out out) {
        Map<String, Severity> peak = new HashMap<>();
        for (Condition c : conditions) {
            peak.merge(instantKey(c), c.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        List<Ranked> sorted = new ArrayList<>(conditions.size());
        for (Condition c : conditions) {
            sorted.add(new Ranked(c, peak.get(instantKey(c)), inhibiting.contains(c.fingerprint().type())));
        }
        sorted.sort(ORDER);
        for (Ranked r : sorted) {
            step(state, r.c(), silences, out);
        }
    }

    void advance(ZoneAlertState state, Instant watermark, Out out) {
        int from = out.alerts.size();
        for (String key : List.copyOf(state.fingerprints.keySet())) {
            FingerprintState fs = state.fingerprints.get(key);
            if (fs != null) {
                expire(state, fs, watermark, out);
            }
        }
        out.alerts.subList(from, out.alerts.size()).sort(Comparator.comparing(Alert::updatedAt).thenComparing(Alert::fingerprint));
    }

    private void step(ZoneAlertState state, Condition c, List<Silence> silences, Out out) {
        String key = c.fingerprint().key();
        FingerprintState fs = state.fingerprints.get(key);
        if (fs != null) {
            expire(state, fs, c.time(), out);
            fs = state.fingerprints.get(key);
        }
        if (fs == null) {
            if (!c.active()) {
                return;
            }
            fs = new FingerprintState(key, c.fingerprint().type(), c.fingerprint().zone());
            fs.since = c.time();
            fs.lastActive = c.time();
            fs.severity = c.severity();
            state.fingerprints.put(key, fs);
        }
        AlertRule rule = rules.alert(fs.type);
        if (fs.phase == Phase.DORMANT) {
            if (!c.active()) {
                return;
            }
            fs.phase = Phase.PENDING; // held for its `for` again before it reopens
            fs.since = c.time();
            fs.lastActive = c.time();
            fs.severity = c.severity();
        }
        switch (fs.phase) {
            case COOLDOWN -> {
                if (c.active()) {
                    suppress(fs, Suppression.Reason.COOLDOWN, fs.alertId, c.time(), out);
                }
            }
            case PENDING -> {
                if (!c.active()) {
                    sleepOrForget(state, fs, c.time()); // cleared before it held long enough
                    return;
                }
                if (c.time().isBefore(fs.since)) {
                    fs.since = c.time();
                }
                if (take(fs, c)) {
                    fs.severity = c.severity();
                }
                if (Duration.between(fs.since, c.time()).compareTo(rule.forDuration()) >= 0) {
                    tryFire(state, fs, c.time(), silences, out);
                }
            }
            case FIRING -> {
                if (c.active() && take(fs, c)) {
                    grade(state, fs, c.severity(), c.time(), rule, out);
                }
            }
            case DORMANT -> throw new IllegalStateException("woken above");
        }
    }

    /** Takes what an active condition says; true when it is the newest seen for the fingerprint. */
    private static boolean take(FingerprintState fs, Condition c) {
        fs.remember(c.devices(), c.evidence());
        if (c.time().isBefore(fs.lastActive)) {
            return false; // late: it cannot change what is current
        }
        fs.lastActive = c.time();
        fs.score = c.score();
        fs.summary = c.summary();
        fs.model = c.model();
        return true;
    }

    /**
     * Severity of a firing alert: rises at once, unless it was downgraded less than
     * update_interval ago; falls only after the lower level has held for downgrade_after (at
     * least resolve_after) and the last event is update_interval old.
     */
    private void grade(ZoneAlertState state, FingerprintState fs, Severity now, Instant t, AlertRule rule, Out out) {
        int cmp = now.compareTo(fs.severity);
        Damping d = rules.damping();
        boolean settled = fs.lastChange == null || !t.isBefore(fs.lastChange.plus(d.updateInterval()));
        if (cmp > 0) {
            fs.lowerSince = null;
            fs.lowerMax = null;
            if (!fs.lastWasDowngrade || settled) {
                changeSeverity(state, fs, now, t, false, out);
            }
        } else if (cmp == 0) {
            fs.lowerSince = null;
            fs.lowerMax = null;
        } else {
            if (fs.lowerSince == null) {
                fs.lowerSince = t;
                fs.lowerMax = now;
            } else if (now.compareTo(fs.lowerMax) > 0) {
                fs.lowerMax = now;
            }
            Duration hold = rule.resolveAfter().compareTo(d.downgradeAfter()) >= 0 ? rule.resolveAfter() : d.downgradeAfter();
            if (Duration.between(fs.lowerSince, t).compareTo(hold) >= 0 && settled) {
                changeSeverity(state, fs, fs.lowerMax, t, true, out);
            }
        }
    }

    private void changeSeverity(ZoneAlertState state, FingerprintState fs, Severity severity, Instant t, boolean downgrade, Out out) {
        fs.severity = severity;
        fs.lowerSince = null;
        fs.lowerMax = null;
        fs.lastChange = t;
        fs.lastWasDowngrade = downgrade;
        out.alerts.add(alert(fs, AlertState.UPDATED, t, null, fs.summary));
        FingerprintState inhibitor = inhibitorOf(state, fs, t);
        if (inhibitor != null) {
            supersede(fs, inhibitor, t, out); // fell to a level another alert covers
        } else {
            supersedeOthers(state, fs, t, out); // rose to a level that covers others
        }
    }

    private void tryFire(ZoneAlertState state, FingerprintState fs, Instant t, List<Silence> silences, Out out) {
        for (Silence s : silences) {
            if (s.matches(fs.zone, fs.type, t)) {
                suppress(fs, Suppression.Reason.SILENCED, s.id(), t, out);
                return;
            }
        }
        String disarmed = rules.disarmedBy(zones.zone(fs.zone), fs.type, t);
        if (disarmed != null) {
            suppress(fs, Suppression.Reason.DISARMED, disarmed, t, out);
            return;
        }
        FingerprintState inhibitor = inhibitorOf(state, fs, t);
        if (inhibitor != null) {
            suppress(fs, Suppression.Reason.INHIBITED, inhibitor.alertId, t, out);
            return;
        }
        fs.phase = Phase.FIRING;
        fs.suppressedBy = null;
        fs.lowerSince = null;
        fs.lowerMax = null;
        fs.lastChange = t;
        fs.lastWasDowngrade = false;
        if (fs.reopenId != null && t.isBefore(fs.reopenUntil)) {
            // The same incident again: the desk sees its alert come back, not a second one.
            fs.alertId = fs.reopenId;
            fs.since = fs.reopenSince;
            fs.summary = "reopened: " + fs.summary;
            out.alerts.add(alert(fs, AlertState.UPDATED, t, null, fs.summary));
        } else {
            fs.alertId = alertId(fs.fingerprint, fs.since);
            out.alerts.add(alert(fs, AlertState.FIRING, t, null, fs.summary));
        }
        fs.reopenId = null;
        fs.reopenSince = null;
        fs.reopenUntil = null;
        supersedeOthers(state, fs, t, out);
    }

    /** A firing alert of the same zone, active at {@code t}, that an inhibition rule lets silence {@code fs}. */
    private FingerprintState inhibitorOf(ZoneAlertState state, FingerprintState fs, Instant t) {
        for (FingerprintState o : state.fingerprints.values()) {
            if (o != fs && o.phase == Phase.FIRING && o.zone.equals(fs.zone) && t.isBefore(clearAt(o)) && inhibits(o, fs)) {
                return o;
            }
        }
        return null;
    }

    private void supersedeOthers(ZoneAlertState state, FingerprintState source, Instant t, Out out) {
        for (FingerprintState o : List.copyOf(state.fingerprints.values())) {
            if (o == source || o.phase != Phase.FIRING || !o.zone.equals(source.zone) || !inhibits(source, o)) {
                continue;
            }
            expire(state, o, t, out); // already due: it resolves at its own time, not as superseded
            if (o.phase == Phase.FIRING) {
                supersede(o, source, t, out);
            }
        }
    }

    /**
     * Resolves {@code target} as covered by {@code source}. No cooldown: it waits, pending and
     * inhibited, for the source to end, and fires again (reopens, within reopen_within) if
     * its condition still holds then.
     */
    private void supersede(FingerprintState target, FingerprintState source, Instant t, Out out) {
        resolve(target, t, target.summary + "; superseded by " + source.type.id() + " alert " + source.alertId, out);
        target.phase = Phase.PENDING;
        target.cooldownUntil = null;
        target.since = t; // a new alert, if it comes back too late to reopen this one
        suppress(target, Suppression.Reason.INHIBITED, source.alertId, t, out);
    }

    private static String instantKey(Condition c) { return c.fingerprint().key() + "@" + c.time(); }

    private boolean inhibits(FingerprintState source, FingerprintState target) {
        for (InhibitRule r : rules.inhibitions()) {
            if (r.inhibits(source.type, source.severity, target.type, target.severity)) {
                return true;
            }
        }
        return false;
    }

    /** Applies every deadline of {@code fs} that {@code now} has reached. */
    private void expire(ZoneAlertState state, FingerprintState fs, Instant now, Out out) {
        AlertRule rule = rules.alert(fs.type);
        if (fs.phase == Phase.FIRING && !now.isBefore(clearAt(fs))) {
            resolve(fs, clearAt(fs), fs.summary + "; clear for " + RuleSet.formatDuration(rule.resolveAfter()), out);
        }
        if (fs.phase == Phase.PENDING && !now.isBefore(clearAt(fs))) {
            sleepOrForget(state, fs, now); // stopped reporting before it held long enough
        } else if (fs.phase == Phase.COOLDOWN && !now.isBefore(fs.cooldownUntil)) {
            sleepOrForget(state, fs, now);
        } else if (fs.phase == Phase.DORMANT && !now.isBefore(fs.reopenUntil)) {
            state.fingerprints.remove(fs.fingerprint);
        }
    }

    /** Kept while its resolved alert may still reopen, else dropped. */
    private static void sleepOrForget(ZoneAlertState state, FingerprintState fs, Instant now) {
        if (fs.reopenUntil != null && now.isBefore(fs.reopenUntil)) {
            fs.phase = Phase.DORMANT;
            fs.suppressedBy = null;
        } else {
            state.fingerprints.remove(fs.fingerprint);
        }
    }

    private void resolve(FingerprintState fs, Instant at, String summary, Out out) {
        fs.summary = summary;
        out.alerts.add(alert(fs, AlertState.RESOLVED, at, at, summary));
        fs.phase = Phase.COOLDOWN;
        fs.cooldownUntil = at.plus(rules.alert(fs.type).cooldown());
        Duration reopen = rules.damping().reopenWithin();
        if (!reopen.isZero()) {
            fs.reopenId = fs.alertId;
            fs.reopenSince = fs.since;
            fs.reopenUntil = at.plus(reopen);
        }
        fs.suppressedBy = null;
        fs.lowerSince = null;
        fs.lowerMax = null;
    }

    private Instant clearAt(FingerprintState fs) {
        return fs.lastActive.plus(rules.alert(fs.type).resolveAfter());
    }

    private static void suppress(FingerprintState fs, Suppression.Reason reason, String by, Instant t, Out out) {
        String cause = reason + ":" + by;
        if (!cause.equals(fs.suppressedBy)) {
            fs.suppressedBy = cause;
            out.suppressions.add(new Suppression(reason, fs.fingerprint, fs.type, fs.zone, fs.severity, t, by));
        }
    }

    private Alert alert(FingerprintState fs, AlertState state, Instant updatedAt, Instant endedAt, String summary) {
        return new Alert(fs.alertId, fs.fingerprint, fs.type, fs.severity, state, fs.zone, List.copyOf(fs.devices), fs.since,
                updatedAt, endedAt, fs.score, summary, List.copyOf(fs.evidence), ruleVersion,
                fs.model > 0 ? "crowd-risk-v" + fs.model : null);
    }

    /** An accumulator, so a batch of many inputs does not copy lists per input. */
    static final class Out {
        final List<Alert> alerts = new ArrayList<>();
        final List<Suppression> suppressions = new ArrayList<>();

        LifecycleOutput result() { return new LifecycleOutput(alerts, suppressions); }
    }
}
