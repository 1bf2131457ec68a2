package io.safetywatcher.alertjob.rules;

import java.io.Serializable;
import java.time.Duration;

/**
 * Violent motion of several people.
 *
 * @param motionThreshold smoothed motion energy (0..1) at or above which the motion is violent
 * @param smoothingAlpha  EWMA weight of one frame's motion energy
 * @param noiseWindow     a noise anomaly in the zone this recent backs the fight up
 * @param noiseBoost      share by which such a noise anomaly lowers the threshold
 * @param busyDensity     from this many people per m² in the camera's view, motion alone is not
 *                        enough: the fight must be backed by a noise anomaly
 * @param afterCrowd      how long after its zone was last crowded a fight is still not judged: a
 *                        crowd thins out over minutes, jostling as it goes
 * @param denseDensity    from this many people per m² in the camera's view a fight is not judged by
 *                        it: a crowd forming, not yet crowded, jostles as a fight looks
 */
public record FightRule(int minPeople, double motionThreshold, double smoothingAlpha, Duration noiseWindow,
                        double noiseBoost, double busyDensity, Duration afterCrowd, double denseDensity) implements Serializable {
    static FightRule read(RuleTree t) {
        return new FightRule(
                t.integer("min_people", 2, 10_000),
                t.fraction("motion_threshold"),
                t.fraction("smoothing_alpha"),
                t.positiveDuration("noise_window"),
                t.between("noise_boost", 0, 0.9),
                t.between("busy_density", 0, 10),
                t.duration("after_crowd"),
                t.between("dense_density", 0.1, 10));
    }
}
