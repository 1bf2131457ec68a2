package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RiskRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Crowd risk: one score per zone from its densest device, the fastest growth, a recent noise
 * anomaly and the zone's importance, each scaled to 0..1 and weighted by the rules, graded
 * LOW / MEDIUM / HIGH. Keyed by zone.
 */
public final class CrowdRiskDetector implements Serializable {
    private final RuleSet rules;

    public CrowdRiskDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** Remembers a noise anomaly in the zone; {@code strength} is its condition's score. */
    public void hearNoise(Instant t, double strength, CrowdRiskState s) {
        if (s.noiseAt == null || !t.isBefore(s.noiseAt)) {
            s.noiseAt = t;
            s.noiseStrength = strength;
        }
    }

    /** Updates the zone's picture with one device's estimate and scores it. */
    public Condition detect(DensityEstimate e, Zone zone, CrowdRiskState s) {
        RiskRule rule = rules.risk();
        Duration stale = rules.surge().window();
        s.devices.put(e.deviceId(), e);
        // A device that stopped reporting no longer speaks for the zone.
        s.devices.values().removeIf(d -> d.time().isBefore(e.time().minus(stale)));
        double density = 0;
        double growth = 0;
        List<String> devices = new ArrayList<>();
        for (DensityEstimate d : s.devices.values()) {
            density = Math.max(density, d.density());
            growth = Math.max(growth, d.slopePerMinute());
        }
        s.devices.keySet().stream().sorted().forEach(devices::add);
        Fingerprint fp = Fingerprint.ofZone(AlertType.CROWD_RISK, e.zone());
        if (density < rule.minDensity()) {
            return Condition.clear(fp, e.time(), devices);
        }
        boolean noiseRecent = s.noiseAt != null && Duration.between(s.noiseAt, e.time()).abs().compareTo(rule.noiseWindow()) <= 0;
        double noise = noiseRecent ? s.noiseStrength : 0;
        double densityPart = Math.min(1, density / rules.density().dangerous());
        double growthPart = Math.min(1, Math.max(0, growth) / rules.surge().growthPerMinute());
        double importancePart = (zone.importance() - 1) / 4.0;
        double score = rule.densityWeight() * densityPart + rule.growthWeight() * growthPart
                + rule.noiseWeight() * noise + rule.importanceWeight() * importancePart;
        Optional<Severity> severity = rule.severityFor(score);
        if (severity.isEmpty()) {
            return Condition.clear(fp, e.time(), devices);
        }
        String summary = "crowd risk " + severity.get().id() + " in " + e.zone() + ": score " + Numbers.two(score)
                + " (density " + Numbers.one(density) + " p/m², growth " + Numbers.one(growth) + " p/m² per minute, noise "
                + Numbers.two(noise) + ", importance " + zone.importance() + ")";
        return Condition.active(fp, e.time(), severity.get(), score, summary, devices, List.of(e.evidence()));
    }
}
