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
 * While a sensor learns, it is judged against its zone's usual level at that hour from history
 * ({@link HourlyNoise}) where the analytics job has one, so a fresh start is not a deaf start.
 * Where it has none (a new deployment, an hour never stored), the sensor's young baseline judges
 * from {@code early_samples} on: a sample deviation from so few readings can be far under the
 * true one, so it is widened to the upper end of its 99 % interval first, and a loud sound in a
 * quiet night is heard within a minute rather than after ten.
 */
public final class NoiseDetector implements Serializable {
    /** What a reading is judged against. */
    private enum Judge { OWN, HISTORY, YOUNG }

    /** The normal quantile of 1 %: the deviation of a young baseline is widened to its 99 % upper bound. */
    private static final double Z_01 = -2.3263;

    private final RuleSet rules;

    public NoiseDetector(RuleSet rules) {
        this.rules = rules;
    }

    /** One condition per sound-level reading; none for other sensors. */
    public List<Condition> detect(ZoneReading r, NoiseBaseline b) {
        return detect(r, b, null);
    }

    /**
     * @param usual the zone's usual level at this hour from history, or null: while the sensor
     *              is still learning its own baseline it is judged against this one
     */
    public List<Condition> detect(ZoneReading r, NoiseBaseline b, HourlyNoise.Norm usual) {
        if (r.sensorType() != SensorType.SOUND_LEVEL) {
            return List.of();
        }
        NoiseRule rule = rules.noise();
        Fingerprint fp = new Fingerprint(AlertType.NOISE, r.zone(), r.deviceId());
        double x = r.value();
        b.forgetIfStale(r.time(), rule.staleAfter());
        Judge judge = b.samples >= rule.warmupSamples() ? Judge.OWN : usual != null ? Judge.HISTORY
                : b.samples >= rule.earlySamples() ? Judge.YOUNG : null;
        if (judge == null) {
            b.learn(x, rule.alpha());
            return List.of(Condition.clear(fp, r.time(), List.of(r.deviceId())));
        }
        double mean = judge == Judge.HISTORY ? usual.meanDb() : b.mean;
        double sd = Math.max(switch (judge) {
            case OWN -> b.stddev();
            case HISTORY -> usual.stddevDb();
            case YOUNG -> b.stddev() * youngWidening(b.samples);
        }, rule.minStddevDb());
        double z = (x - mean) / sd;
        if (z < rule.zThreshold() || x < rule.minLevelDb()) {
            b.anomalySince = null;
            b.learn(x, rule.alpha());
            return List.of(Condition.clear(fp, r.time(), List.of(r.deviceId())));
        }
        if (b.anomalySince == null || r.time().isBefore(b.anomalySince)) {
            b.anomalySince = r.time();
        }
        double baseline = mean;
        if (Duration.between(b.anomalySince, r.time()).compareTo(rule.adaptAfter()) >= 0) {
            b.learn(x, rule.alpha());
        }
        Severity severity = x >= rule.severeLevelDb() ? Severity.HIGH : rules.alert(AlertType.NOISE).severity();
        String summary = "noise at " + r.deviceId() + " in " + r.zone() + ": " + Numbers.one(x) + " dB, "
                + Numbers.one(z) + " standard deviations above " + switch (judge) {
                    case OWN -> "its baseline of ";
                    case HISTORY -> "the zone's usual level at this hour (history; the sensor is still learning its own) of ";
                    case YOUNG -> "the level of its first " + b.samples + " samples (no history for this hour; still learning) of ";
                } + Numbers.one(baseline) + " dB";
        return List.of(Condition.active(fp, r.time(), severity, z / (2 * rule.zThreshold()), summary,
                List.of(r.deviceId()), List.of(r.evidence())));
    }

    /**
     * How far the deviation of {@code n} samples (their plain variance, divided by n) is widened to
     * its 99 % upper bound: sqrt(n / chi²(0.01, n - 1)), the chi-square quantile by the
     * Wilson-Hilferty approximation. It errs wide: 5 % at 6 samples, 1 % at 12, 2.6 times at 3.
     */
    static double youngWidening(long n) {
        double k = n - 1;
        double c = 2 / (9 * k);
        double chi2 = k * Math.pow(1 - c + Z_01 * Math.sqrt(c), 3);
        return Math.sqrt(n / chi2);
    }
}
