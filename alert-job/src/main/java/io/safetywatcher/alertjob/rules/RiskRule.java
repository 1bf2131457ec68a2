package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The crowd-risk score: a weighted sum of density, growth, noise and importance, each
 * scaled to 0..1, graded LOW / MEDIUM / HIGH by {@code low}, {@code medium}, {@code high}.
 */
public record RiskRule(double minDensity, Duration noiseWindow, double densityWeight, double growthWeight,
                       double noiseWeight, double importanceWeight, double low, double medium, double high)
        implements Serializable {

    public Optional<Severity> severityFor(double score) {
        if (score >= high) {
            return Optional.of(Severity.HIGH);
        }
        if (score >= medium) {
            return Optional.of(Severity.MEDIUM);
        }
        return score >= low ? Optional.of(Severity.LOW) : Optional.empty();
    }

    static RiskRule read(RuleTree t) {
        double minDensity = t.atLeast("min_density", 0);
        Duration noiseWindow = t.positiveDuration("noise_window");
        RuleTree w = t.child("weights");
        double density = w.between("density", 0, 1);
        double growth = w.between("growth", 0, 1);
        double noise = w.between("noise", 0, 1);
        double importance = w.between("importance", 0, 1);
        w.finish();
        double sum = density + growth + noise + importance;
        if (Math.abs(sum - 1) > 1e-6) {
            throw new ConfigException(w.path() + " must add up to 1 so the score stays within 0..1, got "
                    + RuleTree.format(Math.round(sum * 1e6) / 1e6));
        }
        RuleTree l = t.child("levels");
        double low = l.fraction("low");
        double medium = l.fraction("medium");
        double high = l.fraction("high");
        l.finish();
        if (!(low < medium && medium < high)) {
            throw new ConfigException(l.path() + " must rise: low < medium < high, got "
                    + RuleTree.format(low) + ", " + RuleTree.format(medium) + ", " + RuleTree.format(high));
        }
        return new RiskRule(minDensity, noiseWindow, density, growth, noise, importance, low, medium, high);
    }
}
