package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RiskRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import io.safetywatcher.common.risk.RiskClass;
import io.safetywatcher.common.risk.RiskFeatures;
import io.safetywatcher.common.risk.RiskForest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Crowd risk: one grade per zone from its densest device, the fastest growth, a recent noise
 * anomaly and the zone's importance (the {@link RiskFeatures}). The rules' score weights them,
 * each scaled to 0..1, and grades LOW / MEDIUM / HIGH; with {@code model: learned} the newest
 * trained model grades the same features instead, the rule score standing in while there is
 * none. Keyed by zone.
 */
public final class CrowdRiskDetector implements Serializable {
    private final RuleSet rules;
    private final RiskModel model;

    public CrowdRiskDetector(RuleSet rules) {
        this(rules, RiskModel.NONE);
    }

    public CrowdRiskDetector(RuleSet rules, RiskModel model) {
        this.rules = rules;
        this.model = model;
    }

    /** Remembers a noise anomaly in the zone; {@code strength} is its condition's score. */
    public void hearNoise(Instant t, double strength, CrowdRiskState s) {
        if (s.noiseAt == null || !t.isBefore(s.noiseAt)) {
            s.noiseAt = t;
            s.noiseStrength = strength;
        }
    }

    /**
     * Updates the zone's picture with one device's estimate and returns what a scorer sees:
     * the same features the analytics job trains the learned model on (it replays the history
     * through this detector).
     */
    public RiskFeatures features(DensityEstimate e, Zone zone, int capacity, CrowdRiskState s) {
        Duration stale = rules.surge().window();
        s.devices.put(e.deviceId(), e);
        // A device that stopped reporting no longer speaks for the zone.
        s.devices.values().removeIf(d -> d.time().isBefore(e.time().minus(stale)));
        double density = 0;
        double growth = 0;
        for (DensityEstimate d : s.devices.values()) {
            density = Math.max(density, d.density());
            growth = Math.max(growth, d.slopePerMinute());
        }
        boolean noiseRecent = s.noiseAt != null && Duration.between(s.noiseAt, e.time()).abs().compareTo(rules.risk().noiseWindow()) <= 0;
        ZonedDateTime local = e.time().atZone(zone.timezone());
        return new RiskFeatures(density, growth, noiseRecent ? s.noiseStrength : 0, zone.importance(), Math.max(0, capacity),
                local.getHour(), local.getDayOfWeek().getValue());
    }

    /** Updates the zone's picture with one device's estimate and grades it. */
    public Condition detect(DensityEstimate e, Zone zone, int capacity, CrowdRiskState s) {
        RiskFeatures f = features(e, zone, capacity, s);
        return grade(f, e, s);
    }

    /** The same without a capacity (0: unknown). */
    public Condition detect(DensityEstimate e, Zone zone, CrowdRiskState s) {
        return detect(e, zone, 0, s);
    }

    /** Grades features already taken from {@code s} by {@link #features}. */
    public Condition grade(RiskFeatures f, DensityEstimate e, CrowdRiskState s) {
        RiskRule rule = rules.risk();
        List<String> devices = new ArrayList<>(new TreeSet<>(s.devices.keySet()));
        Fingerprint fp = Fingerprint.ofZone(AlertType.CROWD_RISK, e.zone());
        if (f.density() < rule.minDensity()) {
            return Condition.clear(fp, e.time(), devices);
        }
        String inputs = "density " + Numbers.one(f.density()) + " p/m², growth " + Numbers.one(f.growth()) + " p/m² per minute, noise "
                + Numbers.two(f.noise()) + ", importance " + f.importance();
        Optional<RiskForest> forest = rule.model() == RiskRule.Scorer.LEARNED ? model.current() : Optional.empty();
        if (forest.isPresent()) {
            double[] p = forest.get().probabilities(f);
            RiskClass c = RiskForest.likeliest(p);
            if (c.severity().isEmpty()) {
                return Condition.clear(fp, e.time(), devices);
            }
            String summary = "crowd risk " + c.id() + " in " + e.zone() + ": learned model v" + forest.get().version() + ", p "
                    + Numbers.two(p[c.ordinal()]) + " (" + inputs + ")";
            return Condition.active(fp, e.time(), c.severity().get(), p[c.ordinal()], summary, devices, List.of(e.evidence()))
                    .withModel(forest.get().version());
        }
        double score = rule.score(f, rules.density().dangerous(), rules.surge().growthPerMinute());
        Optional<Severity> severity = rule.severityFor(score);
        if (severity.isEmpty()) {
            return Condition.clear(fp, e.time(), devices);
        }
        String summary = "crowd risk " + severity.get().id() + " in " + e.zone() + ": score " + Numbers.two(score) + " (" + inputs + ")";
        return Condition.active(fp, e.time(), severity.get(), score, summary, devices, List.of(e.evidence()));
    }
}
