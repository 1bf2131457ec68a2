package io.safetywatcher.alertjob.detect;

import io.safetywatcher.common.risk.RiskForest;

import java.io.Serializable;
import java.util.Optional;

/** Where the crowd-risk detector gets the learned model it grades with, when the rules say {@code model: learned}. */
@FunctionalInterface
public interface RiskModel extends Serializable {
    /** The model to grade with now; empty while none has been trained (the rule score grades then). */
    Optional<RiskForest> current();

    RiskModel NONE = Optional::empty;

    static RiskModel of(RiskForest forest) {
        Optional<RiskForest> f = Optional.of(forest);
        return () -> f;
    }
}
