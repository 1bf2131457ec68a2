package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.NoiseRule;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Noise anomaly: a sound level far above its sensor's learnt baseline. Keyed by sensor.
 *
 * <p>A sample is anomalous when its z-score against the baseline reaches the threshold and it
 * is loud in absolute terms too (a z of 5 in a silent library is still quiet). Anomalous
 * samples are kept out of the baseline, so a long incident does not teach the sensor that it
 * is normal; only once an anomaly outlasts {@code adapt_after} is it absorbed, because then it
 * is a changed environment (road works), not an incident. A sensor that has been silent for
 * {@code stale_after} (an outage, a restart on old data) learns its baseline again from scratch.
 */
public final class NoiseDetector implements Serializable {
    private final RuleSet rules;

    public NoiseDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** One condition per sound-level reading; none for other sensors. */
    public List<Condition> detect(ZoneReading r, NoiseBaseline b) {
        if (r.sensorType() != SensorType.SOUND_LEVEL) {
            return List.of();
        }
        NoiseRule rule = rules.noise();
        Fingerprint fp = new Fingerprint(AlertType.NOISE, r.zone(), r.deviceId());
        double x = r.value();
        b.forgetIfStale(r.time(), rule.staleAfter());
        if (b.samples < rule.warmupSamples()) {
            b.learn(x, rule.alpha());
            return List.of(Condition.clear(fp, r.time(), List.of(r.deviceId())));
        }
        double sd = Math.max(b.stddev(), rule.minStddevDb());
        double z = (x - b.mean) / sd;
        if (z < rule.zThreshold() || x < rule.minLevelDb()) {
            b.anomalySince = null;
            b.learn(x, rule.alpha());
            return List.of(Condition.clear(fp, r.time(), List.of(r.deviceId())));
        }
        if (b.anomalySince == null || r.time().isBefore(b.anomalySince)) {
            b.anomalySince = r.time();
        }
        double baseline = b.mean;
        if (Duration.between(b.anomalySince, r.time()).compareTo(rule.adaptAfter()) >= 0) {
            b.learn(x, rule.alpha());
        }
        Severity severity = x >= rule.severeLevelDb() ? Severity.HIGH : rules.alert(AlertType.NOISE).severity();
        String summary = "noise at " + r.deviceId() + " in " + r.zone() + ": " + Numbers.one(x) + " dB, "
                + Numbers.one(z) + " standard deviations above its baseline of " + Numbers.one(baseline) + " dB";
        return List.of(Condition.active(fp, r.time(), severity, z / (2 * rule.zThreshold()), summary,
                List.of(r.deviceId()), List.of(r.evidence())));
    }
}
