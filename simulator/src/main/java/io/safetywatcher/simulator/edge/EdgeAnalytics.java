package io.safetywatcher.simulator.edge;

import io.safetywatcher.common.event.Label;
import io.safetywatcher.simulator.incident.InjectedIncident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a smart camera reports for one observation period: mostly nothing, sometimes a weak
 * false label (a bag left a moment, someone running for a bus), and strong, repeated labels
 * when something is really happening in its view.
 */
public final class EdgeAnalytics {
    private static final BehaviourLabel[] SUSPICIOUS = {
            BehaviourLabel.CARRYING_WEAPON, BehaviourLabel.FOLLOWING_SOMEONE, BehaviourLabel.UNATTENDED_BAG,
            BehaviourLabel.AGITATION, BehaviourLabel.DRONE};

    private EdgeAnalytics() {}

    /**
     * @param density  people per m² in view
     * @param incidents incidents of the camera's zone active now (the caller filters by camera)
     */
    public static List<Label> observe(String cameraId, long t, double density, List<InjectedIncident> incidents, SplittableRandom rng) {
        Map<BehaviourLabel, Double> labels = new LinkedHashMap<>();
        // Ordinary life: occasional low-confidence labels, none strong enough to mean anything.
        if (density > 0.6 && rng.nextDouble() < 0.3) {
            labels.put(BehaviourLabel.CROWD_MOVEMENT, conf(rng, 0.25, 0.5));
        }
        if (density > 0.02 && rng.nextDouble() < 0.04) {
            labels.put(BehaviourLabel.RUNNING, conf(rng, 0.3, 0.55));
        }
        if (density > 0.02 && rng.nextDouble() < 0.008) {
            labels.put(BehaviourLabel.UNATTENDED_BAG, conf(rng, 0.2, 0.45));
        }
        if (density > 0.02 && rng.nextDouble() < 0.01) {
            labels.put(BehaviourLabel.LOITERING, conf(rng, 0.2, 0.4));
        }
        for (InjectedIncident i : incidents) {
            boolean inView = cameraId.equals(i.camera()) || (i.camera() == null && i.affects(cameraId));
            if (!inView || !i.activeAt(t)) {
                continue;
            }
            double s = i.intensity();
            double p = i.progress(t);
            switch (i.type()) {
                case LOITERING -> {
                    // Confidence grows the longer the same person stays.
                    if (t - i.startMs() > 45_000) {
                        labels.put(BehaviourLabel.LOITERING, conf(rng, 0.55 + 0.35 * p, 0.65 + 0.33 * p));
                    }
                }
                case FIGHT -> {
                    labels.put(BehaviourLabel.FIGHTING, conf(rng, 0.65 + 0.2 * s, 0.8 + 0.19 * s));
                    labels.put(BehaviourLabel.AGITATION, conf(rng, 0.6, 0.9));
                }
                case INTRUSION, BREAK_IN -> labels.put(BehaviourLabel.TRESPASSING, conf(rng, 0.7, 0.95));
                case SUSPICIOUS_BEHAVIOUR -> {
                    // One behaviour that stays (the incident's), and others seen along with it.
                    int main = (int) ((i.startMs() / 1000) % SUSPICIOUS.length);
                    labels.put(SUSPICIOUS[main], conf(rng, 0.65 + 0.2 * s, 0.8 + 0.19 * s));
                    int other = (main + 1 + rng.nextInt(SUSPICIOUS.length - 1)) % SUSPICIOUS.length;
                    labels.put(SUSPICIOUS[other], conf(rng, 0.55 + 0.1 * s, 0.75 + 0.15 * s));
                }
                case CROWD_SURGE -> {
                    labels.put(BehaviourLabel.CROWD_MOVEMENT, conf(rng, 0.5 + 0.4 * p, 0.6 + 0.39 * p));
                    if (p > 0.6 && rng.nextDouble() < 0.3) {
                        labels.put(BehaviourLabel.FALL_DETECTED, conf(rng, 0.4, 0.7));
                    }
                }
                case CROWD_DENSITY -> labels.put(BehaviourLabel.CROWD_MOVEMENT, conf(rng, 0.55, 0.8));
                case GUNSHOT -> {
                    labels.put(BehaviourLabel.RUNNING, conf(rng, 0.8, 0.98));
                    labels.put(BehaviourLabel.CROWD_MOVEMENT, conf(rng, 0.6, 0.9));
                }
                default -> { }
            }
        }
        List<Label> out = new ArrayList<>(labels.size());
        labels.forEach((l, c) -> out.add(new Label(l.id(), c)));
        return out;
    }

    private static double conf(SplittableRandom rng, double lo, double hi) {
        double v = lo + (Math.min(hi, 0.99) - lo) * rng.nextDouble();
        return Math.round(v * 100) / 100.0;
    }
}
