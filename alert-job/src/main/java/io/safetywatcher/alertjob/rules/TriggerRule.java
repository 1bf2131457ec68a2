package io.safetywatcher.alertjob.rules;

import io.safetywatcher.common.event.AlertType;

import java.io.Serializable;

/** A sensor whose single positive detection is the incident: gunshot, glass break, panic button. */
public record TriggerRule(AlertType type, double minConfidence) implements Serializable {
    static TriggerRule read(AlertType type, RuleTree t) {
        return new TriggerRule(type, t.between("min_confidence", 0.0001, 1));
    }
}
