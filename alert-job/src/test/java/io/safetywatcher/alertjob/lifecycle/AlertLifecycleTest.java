package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.Fingerprint;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.safetywatcher.alertjob.Fixtures.T0;
import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

class AlertLifecycleTest {
    /** Lifecycle numbers spelled out here, so these tests do not move when the shipped defaults do. */
    private static final RuleSet RULES = RuleSet.parse("""
            rules:
              crowd_density: {for: 30s, resolve_after: 1m, cooldown: 5m}
              gunshot: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: critical}
              panic: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: critical}
              glass_break: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: high}
              break_in: {for: 0s, resolve_after: 2m, cooldown: 5m, severity: critical}
              loitering: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: low}
              crowd_risk: {for: 0s, resolve_after: 1m, cooldown: 1m}
            lifecycle: {update_interval: 0s, downgrade_after: 0s, reopen_within: 0s}
            """, "test rules");

    private final AlertLifecycle lifecycle = new AlertLifecycle(RULES);
    private final ZoneAlertState state = new ZoneAlertState();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<Suppression> suppressions = new ArrayList<>();

    private static Condition on(AlertType type, String group, double seconds, Severity severity) {
        return Condition.active(new Fingerprint(type, "z1", group), at(seconds), severity, 0.5,
                type.id() + " seen at " + seconds + "s", List.of(group), List.of("ref:" + group + "@" + seconds));
    }

    private static Condition off(AlertType type, String group, double seconds) {
        return Condition.clear(new Fingerprint(type, "z1", group), at(seconds), List.of(group));
    }

    private void feed(Condition... conditions) {
        feed(List.of(), conditions);
    }

    private void feed(List<Silence> silences, Condition... conditions) {
        LifecycleOutput out = lifecycle.apply(state, List.of(conditions), silences);
        alerts.addAll(out.alerts());
        suppressions.addAll(out.suppressions());
    }

    private void advance(double seconds) {
        LifecycleOutput out = lifecycle.advance(state, at(seconds));
        alerts.addAll(out.alerts());
        suppressions.addAll(out.suppressions());
    }

    /** "FIRING crowd-density low @30 (from 0)": the parts of an event the desk acts on. */
    private static String show(Alert a) {
        return a.state() + " " + a.type().id() + " " + a.severity().id() + " @" + seconds(a.updatedAt())
                + " (from " + seconds(a.startedAt()) + ")" + (a.endedAt() == null ? "" : " ended @" + seconds(a.endedAt()));
    }

    private static long seconds(Instant t) {
        return Duration.between(T0, t).toSeconds();
    }

    private List<String> shown() {
        return alerts.stream().map(AlertLifecycleTest::show).toList();
    }

    private void densityEveryFiveSeconds(int from, int to, Severity severity) {
        for (int s = from; s <= to; s += 5) {
            feed(on(AlertType.CROWD_DENSITY, "dn-1", s, severity));
        }
    }

    @Test
    void aConditionFiresOnlyOnceItHasHeldForItsForDuration() {
        densityEveryFiveSeconds(0, 25, Severity.LOW);
        assertThat(alerts).isEmpty();
        densityEveryFiveSeconds(30, 60, Severity.LOW);
        assertThat(shown()).containsExactly("FIRING crowd-density low @30 (from 0)");
        Alert a = alerts.get(0);
        assertThat(a.id()).isEqualTo(AlertLifecycle.alertId("crowd-density@z1/dn-1", at(0)));
        assertThat(a.fingerprint()).isEqualTo("crowd-density@z1/dn-1");
        assertThat(a.zone()).isEqualTo("z1");
        assertThat(a.devices()).containsExactly("dn-1");
        assertThat(a.summary()).isEqualTo("crowd-density seen at 30.0s");
        assertThat(a.evidence()).hasSize(7).startsWith("ref:dn-1@0.0");
        assertThat(a.ruleVersion()).isEqualTo(RULES.version());
        assertThat(a.endedAt()).isNull();
    }

    @Test
    void aClearBeforeTheForDurationStartsTheHoldAgain() {
        densityEveryFiveSeconds(0, 10, Severity.LOW);
        feed(off(AlertType.CROWD_DENSITY, "dn-1", 15));
        densityEveryFiveSeconds(20, 55, Severity.LOW);
        assertThat(shown()).containsExactly("FIRING crowd-density low @50 (from 20)");
    }

    @Test
    void aPendingConditionThatStopsReportingIsForgotten() {
        feed(on(AlertType.CROWD_DENSITY, "dn-1", 0, Severity.LOW));
        advance(59);
        assertThat(state.fingerprints()).containsExactly("crowd-density@z1/dn-1");
        advance(60);
        assertThat(state.isEmpty()).isTrue();
        densityEveryFiveSeconds(70, 100, Severity.LOW);
        assertThat(shown()).containsExactly("FIRING crowd-density low @100 (from 70)");
    }

    @Test
    void updatedIsEmittedOnSeverityChangesOnly() {
        densityEveryFiveSeconds(0, 35, Severity.MEDIUM);       // fires at 30
        feed(on(AlertType.CROWD_DENSITY, "dn-1", 40, Severity.HIGH));   // rises: at once
        feed(on(AlertType.CROWD_DENSITY, "dn-1", 45, Severity.HIGH));   // same: nothing
        // Flickering down and up again never holds the lower level for resolve_after (1m): nothing.
        for (int s = 50; s <= 100; s += 5) {
            feed(on(AlertType.CROWD_DENSITY, "dn-1", s, s % 10 == 5 ? Severity.MEDIUM : Severity.HIGH));
        }
        // Steadily lower from 105: after 1m (at 165) it is published.
        densityEveryFiveSeconds(105, 180, Severity.MEDIUM);
        assertThat(shown()).containsExactly(
                "FIRING crowd-density medium @30 (from 0)",
                "UPDATED crowd-density high @40 (from 0)",
                "UPDATED crowd-density medium @165 (from 0)");
        assertThat(alerts).extracting(Alert::id).containsOnly(alerts.get(0).id());
    }

    @Test
    void itResolvesOnceTheConditionHasBeenAbsentForResolveAfter() {
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));
        feed(on(AlertType.GUNSHOT, "gs-1", 20, Severity.CRITICAL));
        feed(off(AlertType.GUNSHOT, "gs-1", 25));
        advance(49);
        assertThat(shown()).containsExactly("FIRING gunshot critical @0 (from 0)");
        advance(500);
        assertThat(shown()).containsExactly(
                "FIRING gunshot critical @0 (from 0)",
                "RESOLVED gunshot critical @50 (from 0) ended @50");
        assertThat(alerts.get(1).summary()).isEqualTo("gunshot seen at 20.0s; clear for 30s");
        assertThat(alerts.get(1).id()).isEqualTo(alerts.get(0).id());
    }

    @Test
    void theResolutionTimeDoesNotDependOnWhenTheWatermarkComes() {
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));
        advance(10);
        advance(31);
        AlertLifecycle other = new AlertLifecycle(RULES);
        ZoneAlertState otherState = new ZoneAlertState();
        List<Alert> otherAlerts = new ArrayList<>(other.apply(otherState, List.of(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL)), List.of()).alerts());
        otherAlerts.addAll(other.advance(otherState, at(3600)).alerts());
        assertThat(otherAlerts).isEqualTo(alerts);
    }

    @Test
    void theSameFingerprintStaysQuietDuringTheCooldown() {
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));   // fires; resolves at 30; cooldown to 90
        String firstId = AlertLifecycle.alertId("gunshot@z1/gs-1", at(0));
        feed(on(AlertType.GUNSHOT, "gs-1", 60, Severity.CRITICAL));
        feed(on(AlertType.GUNSHOT, "gs-1", 70, Severity.CRITICAL));
        feed(on(AlertType.GUNSHOT, "gs-2", 75, Severity.CRITICAL));  // another sensor: its own fingerprint
        feed(on(AlertType.GUNSHOT, "gs-1", 95, Severity.CRITICAL));
        assertThat(shown()).containsExactly(
                "FIRING gunshot critical @0 (from 0)",
                "RESOLVED gunshot critical @30 (from 0) ended @30",
                "FIRING gunshot critical @75 (from 75)",
                "FIRING gunshot critical @95 (from 95)");
        assertThat(suppressions).containsExactly(new Suppression(Suppression.Reason.COOLDOWN, "gunshot@z1/gs-1",
                AlertType.GUNSHOT, "z1", Severity.CRITICAL, at(60), firstId));
        assertThat(alerts.get(3).id()).isNotEqualTo(firstId).isEqualTo(AlertLifecycle.alertId("gunshot@z1/gs-1", at(95)));
    }

    @Test
    void aGlassBreakAlreadyDueResolvesAtItsOwnTimeNotAsSuperseded() {
        feed(on(AlertType.GLASS_BREAK, "gb-1", 0, Severity.HIGH));
        feed(on(AlertType.BREAK_IN, Fingerprint.WHOLE_ZONE, 40, Severity.CRITICAL));
        assertThat(shown()).containsExactly(
                "FIRING glass-break high @0 (from 0)",
                "FIRING break-in critical @40 (from 40)",
                "RESOLVED glass-break high @30 (from 0) ended @30");
        assertThat(alerts.get(2).summary()).isEqualTo("glass-break seen at 0.0s; clear for 30s");
        assertThat(suppressions).isEmpty();
    }

    @Test
    void aFiringBreakInKeepsGlassBreakQuiet() {
        feed(on(AlertType.BREAK_IN, Fingerprint.WHOLE_ZONE, 10, Severity.CRITICAL));
        feed(on(AlertType.GLASS_BREAK, "gb-1", 12, Severity.HIGH));
        feed(on(AlertType.GLASS_BREAK, "gb-1", 14, Severity.HIGH));
        assertThat(shown()).containsExactly("FIRING break-in critical @10 (from 10)");
        assertThat(suppressions).containsExactly(new Suppression(Suppression.Reason.INHIBITED, "glass-break@z1/gb-1",
                AlertType.GLASS_BREAK, "z1", Severity.HIGH, at(12), alerts.get(0).id()));
    }

    @Test
    void aBreakInSupersedesTheGlassBreakAlreadyFiring() {
        feed(on(AlertType.GLASS_BREAK, "gb-1", 0, Severity.HIGH));
        feed(on(AlertType.BREAK_IN, Fingerprint.WHOLE_ZONE, 20, Severity.CRITICAL));
        assertThat(shown()).containsExactly(
                "FIRING glass-break high @0 (from 0)",
                "FIRING break-in critical @20 (from 20)",
                "RESOLVED glass-break high @20 (from 0) ended @20");
        assertThat(alerts.get(2).summary()).isEqualTo("glass-break seen at 0.0s; superseded by break-in alert " + alerts.get(1).id());
        assertThat(suppressions).extracting(Suppression::reason).containsExactly(Suppression.Reason.INHIBITED);
    }

    @Test
    void anInhibitedConditionFiresOnceTheInhibitingAlertHasCleared() {
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));   // active until 30
        feed(on(AlertType.LOITERING, "cam-1", 10, Severity.LOW));    // critical covers low
        feed(on(AlertType.LOITERING, "cam-1", 20, Severity.LOW));
        feed(on(AlertType.LOITERING, "cam-1", 31, Severity.LOW));
        assertThat(shown()).containsExactly(
                "FIRING gunshot critical @0 (from 0)",
                "FIRING loitering low @31 (from 10)");
        assertThat(suppressions).hasSize(1);
    }

    @Test
    void aRiskRisingToHighSupersedesDensityAndKeepsItQuiet() {
        densityEveryFiveSeconds(0, 30, Severity.MEDIUM);
        feed(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, 31, Severity.MEDIUM));
        feed(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, 35, Severity.HIGH));
        densityEveryFiveSeconds(40, 50, Severity.MEDIUM);
        assertThat(shown()).containsExactly(
                "FIRING crowd-density medium @30 (from 0)",
                "FIRING crowd-risk medium @31 (from 31)",
                "UPDATED crowd-risk high @35 (from 31)",
                "RESOLVED crowd-density medium @35 (from 0) ended @35");
        // Held back by the risk, not by a cooldown of its own: one suppression, its cause the risk alert.
        assertThat(suppressions).extracting(Suppression::reason).containsExactly(Suppression.Reason.INHIBITED);
    }

    @Test
    void aSupersededAlertComesBackWhenItsInhibitorEndsNotAfterACooldown() {
        densityEveryFiveSeconds(0, 30, Severity.MEDIUM);
        feed(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, 35, Severity.HIGH)); // clear after 95
        densityEveryFiveSeconds(40, 120, Severity.MEDIUM);
        // The crowd is still dense once the risk has cleared (95): news then, not at the end of a 5-minute cooldown (335).
        assertThat(shown()).containsExactly(
                "FIRING crowd-density medium @30 (from 0)",
                "FIRING crowd-risk high @35 (from 35)",
                "RESOLVED crowd-density medium @35 (from 0) ended @35",
                "FIRING crowd-density medium @95 (from 35)");
        assertThat(alerts.get(3).id()).isNotEqualTo(alerts.get(0).id());
        assertThat(suppressions).extracting(Suppression::reason).containsExactly(Suppression.Reason.INHIBITED);
    }

    @Test
    void anAlertAndItsInhibitorBecomingTrueTogetherFireAsOne() {
        // A critical surge sample makes a low density alert true in the same instant ("critical covers low"):
        // taken in key order the density fired and was superseded in the same second.
        feed(on(AlertType.LOITERING, "cam-1", 10, Severity.LOW), on(AlertType.GUNSHOT, "gs-1", 10, Severity.CRITICAL));
        assertThat(shown()).containsExactly("FIRING gunshot critical @10 (from 10)");
        assertThat(suppressions).extracting(Suppression::reason).containsExactly(Suppression.Reason.INHIBITED);
        // Of equal severity, the inhibiting type first: a high risk and a high density of the same instant.
        AlertLifecycle lc = new AlertLifecycle(RuleSet.parse("""
                rules:
                  crowd_density: {for: 0s, resolve_after: 1m, cooldown: 5m}
                  crowd_risk: {for: 0s, resolve_after: 1m, cooldown: 1m}
                """, "instant rules"));
        ZoneAlertState st = new ZoneAlertState();
        List<Alert> out = lc.apply(st, List.of(on(AlertType.CROWD_DENSITY, "dn-1", 5, Severity.HIGH),
                on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, 5, Severity.HIGH)), List.of()).alerts();
        assertThat(out).extracting(AlertLifecycleTest::show).containsExactly("FIRING crowd-risk high @5 (from 5)");
    }

    @Test
    void aSilencedConditionDoesNotFireAndTheSilenceIsRecorded() {
        List<Silence> silences = List.of(
                new Silence("s-1", "z1", AlertType.GUNSHOT, at(0), at(60), "shooting range open day"),
                new Silence("s-2", "z2", null, at(0), at(600), "another zone"));
        feed(silences, on(AlertType.GUNSHOT, "gs-1", 10, Severity.CRITICAL));
        feed(silences, on(AlertType.GUNSHOT, "gs-1", 20, Severity.CRITICAL));
        feed(silences, on(AlertType.PANIC, "pb-1", 20, Severity.CRITICAL));    // another type: not silenced
        feed(silences, on(AlertType.GUNSHOT, "gs-1", 65, Severity.CRITICAL));  // the silence is over
        assertThat(shown()).containsExactly(
                "FIRING panic critical @20 (from 20)",
                "FIRING gunshot critical @65 (from 65)");
        assertThat(suppressions).containsExactly(new Suppression(Suppression.Reason.SILENCED, "gunshot@z1/gs-1",
                AlertType.GUNSHOT, "z1", Severity.CRITICAL, at(10), "s-1"));
    }

    @Test
    void aSilenceStartingWhileAnAlertFiresLetsItResolve() {
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));
        List<Silence> silences = List.of(new Silence("s-1", "z1", null, at(5), at(600), "maintenance"));
        feed(silences, on(AlertType.GUNSHOT, "gs-1", 10, Severity.CRITICAL));
        advance(100);
        assertThat(shown()).containsExactly(
                "FIRING gunshot critical @0 (from 0)",
                "RESOLVED gunshot critical @40 (from 0) ended @40");
    }

    @Test
    void idsAreNameBasedUuidsOfFingerprintAndStart() {
        String id = AlertLifecycle.alertId("gunshot@z1/gs-1", at(0));
        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(id).isEqualTo(UUID.nameUUIDFromBytes("gunshot@z1/gs-1|2024-05-14T12:00:00Z".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        assertThat(AlertLifecycle.alertId("gunshot@z1/gs-1", at(1))).isNotEqualTo(id);
        assertThat(AlertLifecycle.alertId("gunshot@z1/gs-2", at(0))).isNotEqualTo(id);
    }

    /** A busy zone's conditions: several types, severities, clears and gaps. */
    private static List<Condition> busyHour(long seed) {
        Random random = new Random(seed);
        List<Condition> out = new ArrayList<>();
        for (int s = 0; s < 3600; s += 5) {
            double d = 2 + 2 * Math.sin(s / 300.0) + random.nextGaussian() * 0.3;
            Severity sev = d >= 3.6 ? Severity.MEDIUM : d >= 2 ? Severity.LOW : null;
            out.add(sev == null ? off(AlertType.CROWD_DENSITY, "dn-1", s) : on(AlertType.CROWD_DENSITY, "dn-1", s, sev));
            if (random.nextInt(90) == 0) {
                out.add(on(AlertType.GUNSHOT, "gs-" + random.nextInt(2), s + 1, Severity.CRITICAL));
            }
            if (random.nextInt(60) == 0) {
                out.add(on(AlertType.GLASS_BREAK, "gb-1", s + 2, Severity.HIGH));
                if (random.nextBoolean()) {
                    out.add(on(AlertType.BREAK_IN, Fingerprint.WHOLE_ZONE, s + 3, Severity.CRITICAL));
                }
            }
            if (random.nextInt(4) == 0) {
                out.add(on(AlertType.LOITERING, "cam-1", s + 4, Severity.LOW));
            }
        }
        return out;
    }

    private static List<Alert> run(List<List<Condition>> batches, List<Instant> watermarks, boolean roundTripState) {
        AlertLifecycle lc = new AlertLifecycle(RULES);
        ZoneAlertState st = new ZoneAlertState();
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            out.addAll(lc.apply(st, batches.get(i), List.of()).alerts());
            out.addAll(lc.advance(st, watermarks.get(i)).alerts());
            if (roundTripState) {
                st = Fixtures.roundTrip(st);
                lc = Fixtures.roundTrip(lc);
            }
        }
        return out;
    }

    @Test
    void aReplayOfTheSameInputGivesTheSameEvents() {
        List<Condition> hour = busyHour(11);
        List<Alert> first = run(List.of(hour), List.of(at(7200)), false);
        List<Alert> second = run(List.of(hour), List.of(at(7200)), false);
        assertThat(first).isNotEmpty().isEqualTo(second);
        assertThat(first).extracting(Alert::state).contains(AlertState.FIRING, AlertState.UPDATED, AlertState.RESOLVED);

        // The same input in another order within the batch.
        List<Condition> shuffled = new ArrayList<>(hour);
        Collections.shuffle(shuffled, new Random(5));
        assertThat(run(List.of(shuffled), List.of(at(7200)), false)).isEqualTo(first);
    }

    @Test
    void batchBoundariesAndARestartFromSerializedStateChangeNothing() {
        List<Condition> hour = busyHour(12);
        List<Alert> whole = run(List.of(hour), List.of(at(7200)), false);
        // Micro-batches of ten minutes; the watermark trails the batch by the allowed lateness.
        List<List<Condition>> batches = new ArrayList<>();
        List<Instant> watermarks = new ArrayList<>();
        for (int from = 0; from < 3600; from += 600) {
            int lo = from;
            batches.add(hour.stream().filter(c -> !c.time().isBefore(at(lo)) && c.time().isBefore(at(lo + 600))).toList());
            watermarks.add(at(from + 600 - 30));
        }
        batches.add(List.of());
        watermarks.add(at(7200));
        List<Alert> batched = run(batches, watermarks, true);
        assertThat(batched).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(batched).hasSameSizeAs(whole);
    }

    @Test
    void theNextDeadlineTellsWhenToWakeUp() {
        assertThat(lifecycle.nextDeadline(state)).isEmpty();
        feed(on(AlertType.GUNSHOT, "gs-1", 0, Severity.CRITICAL));
        assertThat(lifecycle.nextDeadline(state)).contains(at(30));
        advance(30);
        assertThat(lifecycle.nextDeadline(state)).contains(at(90));   // end of the cooldown
        advance(90);
        assertThat(lifecycle.nextDeadline(state)).isEmpty();
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void explicitClearsDoNotCutTheResolveHoldShort() {
        densityEveryFiveSeconds(0, 40, Severity.LOW);
        for (int s = 45; s <= 120; s += 5) {
            feed(off(AlertType.CROWD_DENSITY, "dn-1", s));
        }
        assertThat(shown()).containsExactly(
                "FIRING crowd-density low @30 (from 0)",
                "RESOLVED crowd-density low @100 (from 0) ended @100");
    }

    @Test
    void theStateStaysSmall() {
        run(List.of(busyHour(13)), List.of(at(3590)), false);
        AlertLifecycle lc = new AlertLifecycle(RULES);
        ZoneAlertState st = new ZoneAlertState();
        lc.apply(st, busyHour(13), List.of());
        assertThat(st.fingerprints().size()).isLessThanOrEqualTo(6);
        assertThat(Fixtures.serializedSize(st)).isLessThan(12_000);
    }

    /** The shipped damping numbers, spelled out; the rest as {@link #RULES}. */
    private static final RuleSet DAMPED = RuleSet.parse("""
            rules:
              crowd_risk: {for: 0s, resolve_after: 1m, cooldown: 1m}
              glass_break: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: high}
            lifecycle: {update_interval: 1m, downgrade_after: 2m, reopen_within: 5m}
            """, "damped test rules");

    private List<String> damped(List<Condition> conditions, double until) {
        AlertLifecycle lc = new AlertLifecycle(DAMPED);
        ZoneAlertState st = new ZoneAlertState();
        List<Alert> out = new ArrayList<>();
        for (Condition c : conditions) {
            out.addAll(lc.apply(st, List.of(c), List.of()).alerts());
        }
        out.addAll(lc.advance(st, at(until)).alerts());
        return out.stream().map(AlertLifecycleTest::show).toList();
    }

    /** A crowd risk see-sawing: 20 s high, 70 s medium, three times; then medium for 3 min, then gone. */
    private static List<Condition> seeSaw() {
        List<Condition> in = new ArrayList<>();
        for (int s = 0; s < 270; s += 5) {
            boolean high = s % 90 < 20;
            in.add(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, s, high ? Severity.HIGH : Severity.MEDIUM));
        }
        for (int s = 270; s < 450; s += 5) {
            in.add(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, s, Severity.MEDIUM));
        }
        return in;
    }

    @Test
    void aSeeSawingLevelGivesOneDowngradeNotAFlap() {
        assertThat(damped(seeSaw(), 600)).containsExactly(
                "FIRING crowd-risk high @0 (from 0)",
                "UPDATED crowd-risk medium @320 (from 0)",   // medium since 200, held downgrade_after (2m)
                "RESOLVED crowd-risk medium @505 (from 0) ended @505");
        // Without damping the same input pages the desk at every turn.
        List<Alert> undamped = new ArrayList<>();
        AlertLifecycle lc = new AlertLifecycle(RULES);
        ZoneAlertState st = new ZoneAlertState();
        for (Condition c : seeSaw()) {
            undamped.addAll(lc.apply(st, List.of(c), List.of()).alerts());
        }
        undamped.addAll(lc.advance(st, at(600)).alerts());
        assertThat(undamped).extracting(AlertLifecycleTest::show).containsExactly(
                "FIRING crowd-risk high @0 (from 0)",
                "UPDATED crowd-risk medium @80 (from 0)",
                "UPDATED crowd-risk high @90 (from 0)",
                "UPDATED crowd-risk medium @170 (from 0)",
                "UPDATED crowd-risk high @180 (from 0)",
                "UPDATED crowd-risk medium @260 (from 0)",
                "RESOLVED crowd-risk medium @505 (from 0) ended @505");
    }

    @Test
    void aRiseRightAfterADowngradeWaitsForTheUpdateInterval() {
        List<Condition> in = new ArrayList<>();
        for (int s = 0; s <= 125; s += 5) {
            in.add(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, s, s == 0 ? Severity.HIGH : Severity.MEDIUM));
        }
        for (int s = 130; s <= 240; s += 5) {
            in.add(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, s, Severity.HIGH));
        }
        assertThat(damped(in, 250)).containsExactly(
                "FIRING crowd-risk high @0 (from 0)",
                "UPDATED crowd-risk medium @125 (from 0)",  // medium since 5, held downgrade_after (2m)
                "UPDATED crowd-risk high @185 (from 0)");   // high again from 130, published update_interval after the downgrade
    }

    @Test
    void anEscalationIsNotHeldBack() {
        List<Condition> in = new ArrayList<>();
        for (int s = 0; s <= 30; s += 5) {
            in.add(on(AlertType.CROWD_RISK, Fingerprint.WHOLE_ZONE, s, s < 10 ? Severity.MEDIUM : Severity.HIGH));
        }
        assertThat(damped(in, 40)).containsExactly("FIRING crowd-risk medium @0 (from 0)", "UPDATED crowd-risk high @10 (from 0)");
    }

    @Test
    void firingAgainSoonAfterResolvingReopensTheSameAlert() {
        List<Condition> in = List.of(
                on(AlertType.GLASS_BREAK, "gb-1", 0, Severity.HIGH),     // fires; resolves at 30; cooldown to 90
                on(AlertType.GLASS_BREAK, "gb-1", 120, Severity.HIGH),   // within 5 min of 30: the same alert again
                on(AlertType.GLASS_BREAK, "gb-1", 600, Severity.HIGH));  // 450 s after the last resolution: a new one
        AlertLifecycle lc = new AlertLifecycle(DAMPED);
        ZoneAlertState st = new ZoneAlertState();
        List<Alert> out = new ArrayList<>();
        for (Condition c : in) {
            out.addAll(lc.apply(st, List.of(c), List.of()).alerts());
        }
        out.addAll(lc.advance(st, at(1000)).alerts());
        assertThat(out).extracting(AlertLifecycleTest::show).containsExactly(
                "FIRING glass-break high @0 (from 0)",
                "RESOLVED glass-break high @30 (from 0) ended @30",
                "UPDATED glass-break high @120 (from 0)",
                "RESOLVED glass-break high @150 (from 0) ended @150",
                "FIRING glass-break high @600 (from 600)",
                "RESOLVED glass-break high @630 (from 600) ended @630");
        String first = AlertLifecycle.alertId("glass-break@z1/gb-1", at(0));
        assertThat(out.subList(0, 4)).extracting(Alert::id).containsOnly(first);
        assertThat(out.get(2).summary()).startsWith("reopened: ");
        assertThat(out.get(4).id()).isNotEqualTo(first);
        assertThat(st.isEmpty()).as("nothing kept once the reopen window has passed").isTrue();
    }
}
