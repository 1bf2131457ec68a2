package io.safetywatcher.analytics.risk;

import io.safetywatcher.common.risk.RiskClass;

import java.util.Map;

/**
 * Per-class training weights. Risky minutes are rare (a few in a thousand), and a forest trained
 * on the rows as they come learns that "none" is nearly always right. Full balancing (each class
 * weighing as much as every other) overcorrects the other way: a handful of HIGH minutes would
 * outweigh a day of quiet ones and the forest would cry wolf. The square root of the balancing
 * weight is the middle ground: a class 100 times rarer weighs 10 times more per row.
 */
public final class ClassWeights {
    private final double[] weight = new double[RiskClass.values().length];

    public ClassWeights(Map<RiskClass, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long present = counts.values().stream().filter(n -> n > 0).count();
        for (RiskClass c : RiskClass.values()) {
            long n = counts.getOrDefault(c, 0L);
            weight[c.ordinal()] = n == 0 ? 1 : Math.sqrt((double) total / (present * n));
        }
    }

    public double of(RiskClass c) { return weight[c.ordinal()]; }

    public double[] all() { return weight.clone(); }
}
