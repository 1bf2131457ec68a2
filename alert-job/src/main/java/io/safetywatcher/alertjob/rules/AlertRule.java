package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;

/**
 * The lifecycle of one alert type.
 *
 * @param forDuration  how long the condition must hold before the alert fires
 * @param resolveAfter how long the condition must have been absent before it resolves
 * @param cooldown     after resolving, how long the same fingerprint may not fire again
 * @param severity     the severity it fires with when the detector does not grade it
 */
public record AlertRule(AlertType type, Duration forDuration, Duration resolveAfter, Duration cooldown, Severity severity)
        implements Serializable {

    static AlertRule read(AlertType type, RuleTree t) {
        Duration forDuration = t.duration("for");
        Duration resolveAfter = t.positiveDuration("resolve_after");
        Duration cooldown = t.duration("cooldown");
        return new AlertRule(type, forDuration, resolveAfter, cooldown, t.severity("severity"));
    }

    String describe() {
        return "for " + RuleSet.formatDuration(forDuration) + ", resolve after " + RuleSet.formatDuration(resolveAfter)
                + ", cooldown " + RuleSet.formatDuration(cooldown) + ", " + severity.id();
    }
}
