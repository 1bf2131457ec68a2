package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.safetywatcher.alertjob.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NoiseDetectorTest {
    private final NoiseDetector detector = new NoiseDetector(RuleSet.defaults());
    private final NoiseBaseline baseline = new NoiseBaseline();

    /** A street's day: a slow swing between quiet and busy, jitter, clipped to [lo, hi]; one sample a second. */
    private List<Condition> normalLife(int fromSecond, int seconds, double lo, double hi, long seed) {
        Random random = new Random(seed);
        double mid = (lo + hi) / 2;
        double swing = (hi - lo) / 4;
        List<Condition> out = new ArrayList<>();
        for (int s = fromSecond; s < fromSecond + seconds; s++) {
            double level = mid + swing * Math.sin(2 * Math.PI * s / 1800.0) + random.nextGaussian() * 3;
            level = Math.max(lo, Math.min(hi, level));
            out.addAll(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, level), baseline));
        }
        return out;
    }

    @Test
    void ordinaryStreetNoiseWithDriftStaysQuiet() {
        List<Condition> out = normalLife(0, 7200, 55, 75, 42);
        assertThat(out).hasSize(7200).noneMatch(Condition::active);
        assertThat(baseline.mean()).isBetween(55.0, 75.0);
    }

    @Test
    void aLoudButOrdinaryRoadStaysQuietToo() {
        // Above the absolute floor (60 dB) all the time: only the z-score keeps this quiet.
        List<Condition> out = normalLife(0, 7200, 78, 95, 7);
        assertThat(out).noneMatch(Condition::active);
    }

    @Test
    void aSpikeFiresAndIsNotLearnt() {
        normalLife(0, 1800, 55, 75, 1);
        double mean = baseline.mean();
        double sd = baseline.stddev();
        List<Condition> spike = new ArrayList<>();
        for (int s = 1800; s < 1803; s++) {
            spike.addAll(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, 110), baseline));
        }
        assertThat(spike).hasSize(3).allMatch(Condition::active).allMatch(c -> c.severity() == Severity.HIGH);
        Condition first = spike.get(0);
        assertThat(first.fingerprint().key()).isEqualTo("noise@z1/snd-1");
        assertThat(first.summary()).startsWith("noise at snd-1 in z1: 110.0 dB, ").contains("standard deviations above its baseline of");
        assertThat(first.score()).isEqualTo(1.0);
        assertThat(baseline.mean()).isEqualTo(mean);
        assertThat(baseline.stddev()).isEqualTo(sd);
        // Back to normal: quiet again at once.
        assertThat(normalLife(1803, 60, 55, 75, 2)).noneMatch(Condition::active);
    }

    @Test
    void aModerateSpikeInAQuietPlaceIsMediumSeverity() {
        for (int s = 0; s < 120; s++) {
            detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, 45 + (s % 3)), baseline);
        }
        Condition c = detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 120, 90), baseline).get(0);
        assertThat(c.active()).isTrue();
        assertThat(c.severity()).isEqualTo(Severity.MEDIUM);
        // 58 dB is far above this baseline too, but below the absolute minimum.
        assertThat(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 121, 58), baseline).get(0).active()).isFalse();
    }

    @Test
    void noVerdictBeforeTheEarlySamplesWithoutHistory() {
        for (int s = 0; s < 5; s++) {
            detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, 60), baseline);
        }
        assertThat(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 5, 130), baseline).get(0).active()).isFalse();
        assertThat(baseline.samples()).isEqualTo(6);
    }

    @Test
    void withoutHistoryAYoungSensorHearsALoudSoundInAQuietNight() {
        // A fresh start with no history: nine readings of a quiet night (10 s apart, 90 s), then a fight's shouting.
        double[] night = {44.1, 45.3, 44.8, 45.9, 44.4, 45.0, 46.2, 44.7, 45.5};
        for (int i = 0; i < night.length; i++) {
            assertThat(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, i * 10, night[i]), baseline).get(0).active()).isFalse();
        }
        List<Condition> loud = detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 90, 65), baseline);
        assertThat(loud).singleElement().satisfies(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.summary()).contains("the level of its first 9 samples (no history for this hour; still learning) of 45.1 dB");
        });
        assertThat(baseline.samples()).as("the anomaly is not learnt").isEqualTo(9);
    }

    @Test
    void aYoungSensorsFewSamplesAreNotTakenForItsWholeSpread() {
        // Six readings of a street (deviation 0.82 dB among them). With the floor of 2 dB alone an
        // ordinary 79 dB would be 7.5 deviations up; widened to its 99 % bound (2.8 dB), 5.3.
        double[] street = {63, 64, 65, 63, 64, 65};
        NoiseBaseline other = new NoiseBaseline();
        for (int i = 0; i < street.length; i++) {
            detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, i * 10, street[i]), baseline);
            detector.detect(reading("z1", "snd-2", SensorType.SOUND_LEVEL, i * 10, street[i]), other);
        }
        assertThat(baseline.stddev()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-9));
        assertThat(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 60, 79), baseline).get(0).active()).isFalse();
        assertThat(detector.detect(reading("z1", "snd-2", SensorType.SOUND_LEVEL, 60, 85), other).get(0).active()).isTrue();
    }

    @Test
    void theYoungDeviationIsWidenedToItsUpperBound() {
        // sqrt(n / chi2(0.01, n - 1)): 3.29 for 6 samples, 2.34 for 9, 1.28 for 60 (exact values); the approximation errs wide.
        assertThat(NoiseDetector.youngWidening(6)).isBetween(3.29, 3.29 * 1.06);
        assertThat(NoiseDetector.youngWidening(9)).isBetween(2.34, 2.34 * 1.03);
        assertThat(NoiseDetector.youngWidening(60)).isCloseTo(1.279, within(0.002));
    }

    @Test
    void theWarmUpLearnsThePlainMeanAndVariance() {
        double[] xs = {60, 62, 64, 66, 68};
        for (int i = 0; i < xs.length; i++) {
            detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, i, xs[i]), baseline);
        }
        assertThat(baseline.mean()).isCloseTo(64.0, within(1e-9));
        assertThat(baseline.stddev()).isCloseTo(Math.sqrt(8.0), within(1e-9));
    }

    @Test
    void aLastingChangeBecomesTheNewNormal() {
        normalLife(0, 600, 55, 65, 3);
        List<Condition> works = new ArrayList<>();
        for (int s = 600; s < 600 + 20 * 60; s++) {
            works.addAll(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, 95 + (s % 2)), baseline));
        }
        // Anomalous for the whole adapt_after (15 min), then absorbed and quiet by the end.
        assertThat(works.subList(0, 15 * 60)).allMatch(Condition::active);
        assertThat(works.subList(19 * 60, 20 * 60)).noneMatch(Condition::active);
    }

    @Test
    void otherSensorsAreIgnoredAndTheStateIsSmall() {
        assertThat(detector.detect(reading("z1", "g-1", SensorType.GUNSHOT, 0, 1), baseline)).isEmpty();
        normalLife(0, 3600, 55, 75, 4);
        assertThat(Fixtures.serializedSize(baseline)).isLessThan(400);
    }

    @Test
    void aSensorBackAfterLongSilenceLearnsItsBaselineAgain() {
        normalLife(0, 600, 40, 46, 5);                  // a quiet night
        // Hours later, in the busy morning: as loud above the night's baseline as a noise
        // incident would be, but the baseline is of another time, so it warms up again.
        List<Condition> morning = normalLife(4 * 3600, 120, 70, 76, 6);
        assertThat(morning).noneMatch(Condition::active);
        assertThat(baseline.samples()).isEqualTo(120);
        // Within stale_after a jump of the same size is an anomaly.
        NoiseBaseline steady = new NoiseBaseline();
        for (int s = 0; s < 600; s++) {
            detector.detect(reading("z1", "snd-2", SensorType.SOUND_LEVEL, s, 43 + (s % 3)), steady);
        }
        assertThat(detector.detect(reading("z1", "snd-2", SensorType.SOUND_LEVEL, 600 + 20 * 60, 75), steady).get(0).active()).isTrue();
    }

    @Test
    void aColdSensorIsJudgedByItsZonesUsualLevelAtThatHour() {
        // A fresh start: no baseline of its own yet, but history says this zone is about 58 dB now.
        HourlyNoise.Norm usual = new HourlyNoise.Norm(58, 4);
        List<Condition> calm = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            calm.addAll(detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, s, 55 + s % 6), baseline, usual));
        }
        assertThat(calm).hasSize(10).noneMatch(Condition::active);
        List<Condition> loud = detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 10, 98), baseline, usual);
        assertThat(loud).singleElement().satisfies(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.summary()).contains("usual level at this hour").contains("58.0 dB");
        });
        assertThat(baseline.samples()).as("the anomaly is not learnt").isEqualTo(10);
    }

    @Test
    void withoutHistoryAColdSensorWaitsForItsFirstSamples() {
        List<Condition> out = detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 0, 98), baseline, null);
        assertThat(out).singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void aWarmSensorKeepsItsOwnBaselineWhateverHistorySays() {
        normalLife(0, 600, 75, 85, 3);
        // History thinks the zone is a quiet 45 dB at this hour; this sensor knows better.
        List<Condition> out = detector.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 600, 82), baseline,
                new HourlyNoise.Norm(45, 2));
        assertThat(out).singleElement().satisfies(c -> assertThat(c.active()).isFalse());
    }

    @Test
    void theZonesDetectionLooksUpTheReadingsLocalHour() {
        // Fixtures' readings are at 12:00 UTC: history for 12:00 only, in a zone on UTC.
        HourlyNoise history = HourlyNoise.none().with(12, 58, 4);
        ZoneDetection withHistory = new ZoneDetection(RuleSet.defaults(),
                java.util.Map.of("z1", new io.safetywatcher.alertjob.rules.ZoneFacts("z1", "plaza", null, "UTC", null, history)));
        assertThat(withHistory.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 5, 98), new ZoneDetectionState()))
                .anyMatch(Condition::active);
        HourlyNoise otherHour = HourlyNoise.none().with(3, 58, 4);
        ZoneDetection wrongHour = new ZoneDetection(RuleSet.defaults(),
                java.util.Map.of("z1", new io.safetywatcher.alertjob.rules.ZoneFacts("z1", "plaza", null, "UTC", null, otherHour)));
        assertThat(wrongHour.detect(reading("z1", "snd-1", SensorType.SOUND_LEVEL, 5, 98), new ZoneDetectionState()))
                .noneMatch(Condition::active);
    }
}
