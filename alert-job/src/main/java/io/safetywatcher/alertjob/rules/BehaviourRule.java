package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.config.ConfigException;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Suspicious behaviour from edge-analytics labels: per camera, the weighted sum of each
 * label's highest confidence within {@code window}.
 */
public record BehaviourRule(Duration window, double minConfidence, double threshold, double highThreshold,
                            Map<String, Double> labelWeights) implements Serializable {
    public BehaviourRule {
        labelWeights = Map.copyOf(labelWeights);
    }

    /** 0 for a label the rules do not weigh: unknown labels never raise an alert. */
    public double weight(String label) {
        return labelWeights.getOrDefault(label, 0.0);
    }

    static BehaviourRule read(RuleTree t) {
        Duration window = t.positiveDuration("window");
        double minConfidence = t.between("min_confidence", 0, 1);
        double threshold = t.positive("threshold");
        double high = t.positive("high_threshold");
        if (high < threshold) {
            throw new ConfigException(t.key("high_threshold") + " must be >= " + t.key("threshold") + " ("
                    + RuleTree.format(threshold) + "), got " + RuleTree.format(high));
        }
        RuleTree weights = t.child("label_weights");
        Map<String, Double> w = new TreeMap<>();
        for (String label : weights.names()) {
            w.put(label, weights.atLeast(label, 0));
        }
        weights.finish();
        return new BehaviourRule(window, minConfidence, threshold, high, w);
    }
}
