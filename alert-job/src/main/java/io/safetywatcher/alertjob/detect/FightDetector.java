package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.FightRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fight: violent motion of two or more people. Keyed by camera. The motion energy is
 * smoothed (one jerky frame is not a fight; "sustained" is the lifecycle's {@code for}); a
 * noise anomaly in the zone close in time lowers the threshold and raises the severity,
 * because shouting and blows are what a fight sounds like. In a busy view (many people per m²)
 * motion alone is ambiguous, since a concourse at rush hour lights as many cells as a brawl
 * does: there the noise anomaly is required, where the zone has a sound sensor with a learnt
 * baseline to notice it (elsewhere, or while the sensors are still learning, motion alone
 * decides). Not judged at all while the zone is crowded, nor for {@code after_crowd} after: a
 * packed crowd jostles as violently as a fight looks, and thins out over minutes, jostling as it
 * goes; nor where the camera counts {@code dense_density} or more, a crowd still forming.
 */
public final class FightDetector implements Serializable {
    private final RuleSet rules;

    public FightDetector(RuleSet rules) {
        this.rules = rules;
    }

    /**
     * @param lastNoiseAnomaly when the zone last had a noise anomaly, or null
     * @param crowdedAt        when the zone was last crowded, or null
     * @param listening        whether a sound sensor of the zone would notice a fight's noise now
     */
    public List<Condition> detect(CameraFeatures f, FightState s, Instant lastNoiseAnomaly, Instant crowdedAt, boolean listening) {
        FightRule rule = rules.fight();
        s.energy = s.started ? rule.smoothingAlpha() * f.motionEnergy() + (1 - rule.smoothingAlpha()) * s.energy : f.motionEnergy();
        s.started = true;
        Fingerprint fp = new Fingerprint(AlertType.FIGHT, f.zone(), f.cameraId());
        boolean noisy = lastNoiseAnomaly != null
                && Duration.between(lastNoiseAnomaly, f.time()).abs().compareTo(rule.noiseWindow()) <= 0;
        double threshold = rule.motionThreshold() * (noisy ? 1 - rule.noiseBoost() : 1);
        boolean busy = f.densityPerM2() >= rule.busyDensity();
        boolean crowded = crowdedAt != null && !f.time().isAfter(crowdedAt.plus(rule.afterCrowd()))
                || f.densityPerM2() >= rule.denseDensity();
        if (crowded || f.peopleCount() < rule.minPeople() || s.energy < threshold || busy && listening && !noisy) {
            return List.of(Condition.clear(fp, f.time(), List.of(f.cameraId())));
        }
        Severity severity = noisy ? Severity.HIGH : rules.alert(AlertType.FIGHT).severity();
        String summary = "possible fight at " + f.cameraId() + " in " + f.zone() + ": " + f.peopleCount() + " people, motion "
                + Numbers.two(s.energy) + (noisy ? ", with a noise anomaly nearby" : "");
        return List.of(Condition.active(fp, f.time(), severity, s.energy, summary, List.of(f.cameraId()), List.of(f.evidence())));
    }
}
