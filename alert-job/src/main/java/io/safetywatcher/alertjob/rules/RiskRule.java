package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The crowd-risk score: a weighted sum of density, growth, noise and importance, each
 * scaled to 0..1, graded LOW / MEDIUM / HIGH by {@code low}, {@code medium}, {@code high}.
 * With {@code model: learned} the zone's grade comes from the newest trained model instead
 * (see {@link io.safetywatcher.common.risk.RiskForest}), and this score is the fallback while
 * there is none; {@code min_density} gates both.
 */
public record RiskRule(double minDensity, Duration noiseWindow, double densityWeight, double growthWeight,
                       double noiseWeight, double importanceWeight, double low, double medium, double high, Scorer model)
        implements Serializable {

    /** Who grades a zone's crowd risk. */
    public enum Scorer {
        RULE, LEARNED;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public RiskRule(double minDensity, Duration noiseWindow, double densityWeight, double growthWeight, double noiseWeight,
                    double importanceWeight, double low, double medium, double high) {
        this(minDensity, noiseWindow, densityWeight, growthWeight, noiseWeight, importanceWeight, low, medium, high, Scorer.RULE);
    }

    /**
     * The rule's score of a zone's features, 0..1: density over {@code dangerous}, growth over
     * {@code growthPerMinute} (both capped at 1), the noise strength and (importance - 1) / 4, weighted.
     */
    public double score(io.safetywatcher.common.risk.RiskFeatures f, double dangerous, double growthPerMinute) {
        double densityPart = Math.min(1, f.density() / dangerous);
        double growthPart = Math.min(1, Math.max(0, f.growth()) / growthPerMinute);
        double importancePart = (f.importance() - 1) / 4.0;
        return densityWeight * densityPart + growthWeight * growthPart + noiseWeight * f.noise() + importanceWeight * importancePart;
    }

    /**
     * The rule's grade of a zone's features as a class: NONE under {@code min_density} or under
     * {@code low}, else the severity's class. What the detector raises when the rule scores, and
     * what the training compares the learned model with.
     */
    public io.safetywatcher.common.risk.RiskClass classOf(io.safetywatcher.common.risk.RiskFeatures f, double dangerous, double growthPerMinute) {
        if (f.density() < minDensity) {
            return io.safetywatcher.common.risk.RiskClass.NONE;
        }
        return severityFor(score(f, dangerous, growthPerMinute)).map(io.safetywatcher.common.risk.RiskClass::of)
                .orElse(io.safetywatcher.common.risk.RiskClass.NONE);
    }

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
        String model = t.text("model", Scorer.RULE.id());
        Scorer scorer = java.util.Arrays.stream(Scorer.values()).filter(x -> x.id().equals(model)).findFirst()
                .orElseThrow(() -> new ConfigException(t.key("model") + " must be rule or learned, got '" + model + "'"));
        return new RiskRule(minDensity, noiseWindow, density, growth, noise, importance, low, medium, high, scorer);
    }
}
