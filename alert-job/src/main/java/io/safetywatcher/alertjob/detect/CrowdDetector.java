package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.DensityRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.SurgeRule;
import io.safetywatcher.alertjob.vision.CrowdCount;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Crowd density and crowd surge from one device's density series (a density sensor, or a
 * camera's people per m² of its view). Keyed by device. Density is judged on the smoothed
 * series against the level-of-service thresholds; "sustained" is the lifecycle's {@code for}.
 * A surge is the series' slope over the surge window, once the place is already crowded.
 */
public final class CrowdDetector implements Serializable {
    private final RuleSet rules;

    public CrowdDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** Folds the sample into the device's trend and returns its density and surge conditions. */
    public List<Condition> detect(DensitySample s, DensityTrend trend) {
        DensityEstimate e = update(s, trend);
        return List.of(density(s, e), surge(s, e));
    }

    /** The device's picture after this sample, for zone-wide crowd risk. */
    public DensityEstimate estimate(DensitySample s, DensityTrend trend) {
        return new DensityEstimate(s.zone(), s.deviceId(), s.time(), trend.smoothed(rules.density().smoothing()),
                trend.slopePerMinute(rules.surge().window()), s.evidence());
    }

    private DensityEstimate update(DensitySample s, DensityTrend trend) {
        Duration history = rules.surge().window().compareTo(rules.density().smoothing()) >= 0
                ? rules.surge().window() : rules.density().smoothing();
        trend.add(s.time(), s.density(), history);
        return estimate(s, trend);
    }

    private Condition density(DensitySample s, DensityEstimate e) {
        DensityRule rule = rules.density();
        Fingerprint fp = new Fingerprint(AlertType.CROWD_DENSITY, s.zone(), s.deviceId());
        Optional<Severity> severity = rule.severityFor(e.density());
        if (severity.isEmpty()) {
            return Condition.clear(fp, s.time(), List.of(s.deviceId()));
        }
        String measured = s.banded()
                ? "crowd density " + CrowdCount.Band.of(e.density()).label() + " p/m² (too dense to count one by one: about "
                        + Numbers.one(e.density()) + ", low confidence)"
                : "crowd density " + Numbers.one(e.density()) + " p/m²";
        String summary = measured + " at " + s.deviceId() + " in " + s.zone() + " (" + rule.levelName(e.density()) + " level)";
        return Condition.active(fp, s.time(), severity.get(), e.density() / rule.dangerous(), summary,
                List.of(s.deviceId()), List.of(s.evidence()));
    }

    private Condition surge(DensitySample s, DensityEstimate e) {
        SurgeRule rule = rules.surge();
        double dangerous = rules.density().dangerous();
        Fingerprint fp = new Fingerprint(AlertType.CROWD_SURGE, s.zone(), s.deviceId());
        double slope = e.slopePerMinute();
        if (slope < rule.growthPerMinute() || e.density() < rule.minDensity()) {
            return Condition.clear(fp, s.time(), List.of(s.deviceId()));
        }
        double minutesToDanger = Math.max(0, (dangerous - e.density()) / slope);
        Duration toDanger = Duration.ofMillis(Math.round(minutesToDanger * 60_000));
        Severity severity = toDanger.compareTo(rule.horizon()) <= 0 ? Severity.CRITICAL : rules.alert(AlertType.CROWD_SURGE).severity();
        String outlook = e.density() >= dangerous ? "already dangerous"
                : "dangerous in ~" + RuleSet.formatDuration(Duration.ofSeconds(Math.max(1, toDanger.toSeconds())));
        String summary = "crowd surge at " + s.deviceId() + " in " + s.zone() + ": density rising " + Numbers.one(slope)
                + " p/m² per minute, " + Numbers.one(e.density()) + " now, " + outlook;
        return Condition.active(fp, s.time(), severity, slope / (2 * rule.growthPerMinute()), summary,
                List.of(s.deviceId()), List.of(s.evidence()));
    }
}
