package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.rules.Zone;
import io.safetywatcher.alertjob.rules.ZoneFacts;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;


import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CrowdRiskDetectorTest {
    private final RuleSet rules = RuleSet.defaults();
    private final CrowdRiskDetector detector = new CrowdRiskDetector(rules);
    private final CrowdRiskState state = new CrowdRiskState();

    private Zone zone(int importance) {
        return rules.zone(new ZoneFacts("z1", "square", null, null, importance));
    }

    private static DensityEstimate estimate(String device, double seconds, double density, double slope) {
        return new DensityEstimate("z1", device, at(seconds), density, slope, "reading:" + device);
    }

    @Test
    void noCrowdNoRiskHoweverImportantTheZone() {
        assertThat(detector.detect(estimate("dn-1", 0, 0.5, 0), zone(5), state).active()).isFalse();
    }

    @Test
    void aDenseGrowingCrowdInAnImportantZoneIsHigh() {
        Condition c = detector.detect(estimate("dn-1", 0, 6.0, 1.5), zone(5), state);
        // 0.5 x 1 (density capped) + 0.2 x 1 (growth capped) + 0.1 x 0 (no noise) + 0.2 x 1 (importance 5)
        assertThat(c.score()).isCloseTo(0.9, within(1e-9));
        assertThat(c.severity()).isEqualTo(Severity.HIGH);
        assertThat(c.fingerprint().key()).isEqualTo("crowd-risk@z1/*");
        assertThat(c.summary()).isEqualTo("crowd risk high in z1: score 0.90 (density 6.0 p/m², growth 1.5 p/m² per minute, "
                + "noise 0.00, importance 5)");
    }

    @Test
    void aModerateCrowdInAnOrdinaryZoneIsLow() {
        Condition c = detector.detect(estimate("dn-1", 0, 4.0, 0.25), zone(2), state);
        // 0.5 x 4/5.5 + 0.2 x 0.25 + 0 + 0.2 x 0.25
        assertThat(c.score()).isCloseTo(0.5 * 4 / 5.5 + 0.05 + 0.05, within(1e-9));
        assertThat(c.severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void recentNoiseRaisesTheRisk() {
        assertThat(detector.detect(estimate("dn-1", 0, 4.4, 0), zone(3), state).severity()).isEqualTo(Severity.LOW);
        detector.hearNoise(at(10), 1.0, state);
        Condition noisy = detector.detect(estimate("dn-1", 20, 4.4, 0), zone(3), state);
        assertThat(noisy.score()).isCloseTo(0.4 + 0.1 + 0.1, within(1e-9));
        assertThat(noisy.severity()).isEqualTo(Severity.MEDIUM);
        // A minute later the noise no longer counts.
        assertThat(detector.detect(estimate("dn-1", 71, 4.4, 0), zone(3), state).severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void theDensestDeviceSpeaksForTheZoneUntilItGoesQuiet() {
        detector.detect(estimate("cam-1", 0, 6.0, 0), zone(3), state);
        Condition both = detector.detect(estimate("dn-1", 1, 1.5, 0), zone(3), state);
        assertThat(both.devices()).containsExactly("cam-1", "dn-1");
        assertThat(both.score()).isCloseTo(0.5 + 0.1, within(1e-9));
        // cam-1 has not reported for longer than the surge window: it no longer counts.
        Condition later = detector.detect(estimate("dn-1", 62, 1.5, 0), zone(3), state);
        assertThat(later.devices()).containsExactly("dn-1");
        assertThat(later.active()).isFalse();
        assertThat(state.devices).containsOnlyKeys("dn-1");
    }

    @Test
    void theRulesClassIsWhatTheDetectorRaises() {
        // The training judges the rule score by RiskRule.classOf; it must say what the detector does.
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 500; i++) {
            CrowdRiskState s = new CrowdRiskState();
            if (random.nextBoolean()) {
                detector.hearNoise(at(i), random.nextDouble(), s);
            }
            DensityEstimate e = estimate("dn-1", i, random.nextDouble() * 7, random.nextGaussian());
            io.safetywatcher.common.risk.RiskFeatures f = detector.features(e, zone(1 + random.nextInt(5)), random.nextInt(3) * 400, s);
            Condition c = detector.grade(f, e, s);
            io.safetywatcher.common.risk.RiskClass expected = c.active() ? io.safetywatcher.common.risk.RiskClass.of(c.severity())
                    : io.safetywatcher.common.risk.RiskClass.NONE;
            assertThat(rules.risk().classOf(f, rules.density().dangerous(), rules.surge().growthPerMinute())).as("%s", f).isEqualTo(expected);
        }
    }
}
