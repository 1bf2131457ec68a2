package io.safetywatcher.alertjob.lifecycle;

import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.Fingerprint;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.safetywatcher.alertjob.Fixtures.T0;
import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Arming schedules: a rule fires only in its zone's active hours (T0 is Tuesday 2024-05-14 12:00 UTC). */
class ArmingTest {
    private static final String LIFECYCLE = """
            rules:
              gunshot: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: critical}
              panic: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: critical}
              loitering: {for: 0s, resolve_after: 30s, cooldown: 1m, severity: low}
            lifecycle: {update_interval: 0s, downgrade_after: 0s, reopen_within: 0s}
            zones:
              overrides:
                berlin: {timezone: Europe/Berlin}
            """;

    private final List<Alert> alerts = new ArrayList<>();
    private final List<Suppression> suppressions = new ArrayList<>();

    private static RuleSet rules(String arming) {
        return RuleSet.parse(LIFECYCLE + arming, "arming test rules");
    }

    private static Condition on(AlertType type, String zone, double seconds) {
        return Condition.active(new Fingerprint(type, zone, "d1"), at(seconds), type == AlertType.LOITERING ? Severity.LOW : Severity.CRITICAL,
                0.9, type.id() + " at " + seconds + "s", List.of("d1"), List.of());
    }

    private void run(RuleSet rules, Condition... conditions) {
        AlertLifecycle lifecycle = new AlertLifecycle(rules);
        java.util.Map<String, ZoneAlertState> states = new java.util.HashMap<>();
        for (Condition c : conditions) {
            LifecycleOutput out = lifecycle.apply(states.computeIfAbsent(c.fingerprint().zone(), z -> new ZoneAlertState()), List.of(c), List.of());
            alerts.addAll(out.alerts());
            suppressions.addAll(out.suppressions());
        }
    }

    private List<String> shown() {
        return alerts.stream().map(a -> a.state() + " " + a.type().id() + " " + a.zone() + " @" + Duration.between(T0, a.updatedAt()).toSeconds())
                .toList();
    }

    @Test
    void outsideItsActiveHoursARuleIsHeldBackThenFiresOnceArmedIfStillTrue() {
        RuleSet rules = rules("""
                time_intervals:
                  after-noon:
                    - times: ["12:01-06:00"]
                arming:
                  - name: loitering only after noon
                    types: [loitering]
                    active_time_intervals: [after-noon]
                """);
        run(rules, on(AlertType.LOITERING, "z1", 10), on(AlertType.GUNSHOT, "z1", 10), on(AlertType.LOITERING, "z1", 30),
                on(AlertType.LOITERING, "z1", 65));
        assertThat(shown()).containsExactly("FIRING gunshot z1 @10", "FIRING loitering z1 @65");
        assertThat(suppressions).containsExactly(new Suppression(Suppression.Reason.DISARMED, "loitering@z1/d1", AlertType.LOITERING,
                "z1", Severity.LOW, at(10), "loitering only after noon"));
    }

    @Test
    void aMuteIntervalAppliesOnlyToTheZonesItNames() {
        RuleSet rules = rules("""
                time_intervals:
                  tuesday-noon-test:
                    - weekdays: ["tuesday"]
                      times: ["12:00-12:05"]
                arming:
                  - name: weekly panic-button test
                    zones: [z1]
                    types: [panic]
                    mute_time_intervals: [tuesday-noon-test]
                """);
        run(rules, on(AlertType.PANIC, "z1", 10), on(AlertType.PANIC, "z2", 10), on(AlertType.PANIC, "z1", 310));
        assertThat(shown()).containsExactly("FIRING panic z2 @10", "FIRING panic z1 @310");
        assertThat(suppressions).extracting(Suppression::reason, Suppression::zone, Suppression::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Suppression.Reason.DISARMED, "z1", "weekly panic-button test"));
    }

    @Test
    void hoursAreTheZonesOwnLocalTime() {
        // 12:00 UTC is 14:00 in Berlin (summer time): the same rule is armed there and not in a UTC zone.
        RuleSet rules = rules("""
                time_intervals:
                  early-afternoon:
                    - times: ["14:00-15:00"]
                arming:
                  - name: gunshots in the early afternoon only
                    types: [gunshot]
                    active_time_intervals: [early-afternoon]
                """);
        run(rules, on(AlertType.GUNSHOT, "berlin", 10), on(AlertType.GUNSHOT, "z1", 10));
        assertThat(shown()).containsExactly("FIRING gunshot berlin @10");
        assertThat(suppressions).extracting(Suppression::zone).containsExactly("z1");
    }

    @Test
    void anAlertAlreadyFiringWhenItsRuleIsDisarmedResolvesAsUsual() {
        RuleSet rules = rules("""
                time_intervals:
                  first-minute:
                    - times: ["12:00-12:01"]
                arming:
                  - name: first minute only
                    types: [gunshot]
                    active_time_intervals: [first-minute]
                """);
        AlertLifecycle lifecycle = new AlertLifecycle(rules);
        ZoneAlertState state = new ZoneAlertState();
        List<Alert> out = new ArrayList<>();
        out.addAll(lifecycle.apply(state, List.of(on(AlertType.GUNSHOT, "z1", 50)), List.of()).alerts());
        LifecycleOutput late = lifecycle.apply(state, List.of(on(AlertType.GUNSHOT, "z1", 70)), List.of()); // still going, now disarmed
        out.addAll(late.alerts());
        out.addAll(lifecycle.advance(state, at(200)).alerts());
        assertThat(out).extracting(a -> a.state() + " @" + Duration.between(T0, a.updatedAt()).toSeconds())
                .containsExactly("FIRING @50", "RESOLVED @100");
        assertThat(late.suppressions()).isEmpty();
    }

    @Test
    void theStartUpPrintoutSaysWhatIsArmedWhen() {
        assertThat(RuleSet.defaults().describe()).contains("  arming:", "    every rule armed at all times");
        RuleSet rules = rules("""
                time_intervals:
                  night:
                    - times: ["22:00-06:00"]
                arming:
                  - name: market loitering at night
                    kinds: [market]
                    types: [loitering]
                    active_time_intervals: [night]
                """);
        assertThat(rules.describe()).contains("    market loitering at night: loitering in kind market only during night");
    }

    @Test
    void mistakesInTheScheduleAreNamedWhereTheyAre() {
        assertThatThrownBy(() -> rules("""
                arming:
                  - name: typo
                    types: [loitering]
                    active_time_intervals: [nigth]
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("arming[0].active_time_intervals: no time interval 'nigth' under time_intervals; known: none");
        assertThatThrownBy(() -> rules("""
                time_intervals:
                  weekend:
                    - weekdays: ["saturday:sundy"]
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("time_intervals.weekend[0].weekdays: unknown name 'sundy'; known: monday, tuesday");
        assertThatThrownBy(() -> rules("""
                arming:
                  - name: does nothing
                    types: [loitering]
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("names no active_time_intervals and no mute_time_intervals");
        assertThatThrownBy(() -> rules("""
                time_intervals:
                  x:
                    - hours: ["22:00-06:00"]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key time_intervals.x[0].hours");
        assertThatThrownBy(() -> rules("""
                time_intervals:
                  night:
                    - times: ["22:00-06:00"]
                arming:
                  - kinds: [markt]
                    active_time_intervals: [night]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("arming[0].kinds: unknown zone kind 'markt'");
    }
}
