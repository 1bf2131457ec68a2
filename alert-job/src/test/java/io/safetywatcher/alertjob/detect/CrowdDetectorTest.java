package io.safetywatcher.alertjob.detect;

import io.safetywatcher.alertjob.Fixtures;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.safetywatcher.alertjob.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CrowdDetectorTest {
    private final CrowdDetector detector = new CrowdDetector(RuleSet.defaults());
    private final DensityTrend trend = new DensityTrend();

    /** One sample a second from {@code from} to {@code to} (exclusive) of density(t); the conditions of the last. */
    private List<Condition> series(int from, int to, DoubleUnaryOperator density) {
        List<Condition> last = List.of();
        for (int s = from; s < to; s++) {
            last = detector.detect(new DensitySample("z1", "dn-1", at(s), density.applyAsDouble(s), "reading:dn-1@" + at(s)), trend);
        }
        return last;
    }

    private static Condition of(List<Condition> cs, AlertType type) {
        return cs.stream().filter(c -> c.fingerprint().type() == type).findFirst().orElseThrow();
    }

    @Test
    void aLightCrowdIsClear() {
        List<Condition> last = series(0, 120, s -> 1.0 + 0.3 * Math.sin(s / 7.0));
        assertThat(last).hasSize(2).noneMatch(Condition::active);
    }

    @Test
    void densityIsGradedByLevelOfService() {
        Condition c = of(series(0, 60, s -> 4.0), AlertType.CROWD_DENSITY);
        assertThat(c).isEqualTo(new Condition(new Fingerprint(AlertType.CROWD_DENSITY, "z1", "dn-1"), at(59), true,
                Severity.MEDIUM, 4.0 / 5.5, "crowd density 4.0 p/m² at dn-1 in z1 (contact level)", List.of("dn-1"),
                List.of("reading:dn-1@2024-05-14T12:00:59Z")));
        assertThat(of(series(60, 120, s -> 6.0), AlertType.CROWD_DENSITY).severity()).isEqualTo(Severity.HIGH);
        assertThat(of(series(120, 180, s -> 2.5), AlertType.CROWD_DENSITY).severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void oneMiscountedFrameIsSmoothedAway() {
        series(0, 60, s -> 1.0);
        List<Condition> spike = series(60, 61, s -> 8.0);
        assertThat(of(spike, AlertType.CROWD_DENSITY).active()).isFalse();
        assertThat(detector.estimate(new DensitySample("z1", "dn-1", at(60), 8.0, "x"), trend).density()).isCloseTo(1.7, within(1e-9));
    }

    @Test
    void aSteadyCrowdIsNotASurge() {
        assertThat(of(series(0, 120, s -> 4.5), AlertType.CROWD_SURGE).active()).isFalse();
    }

    @Test
    void aFastRiseTowardDangerIsACriticalSurge() {
        // 1.0 p/m² rising 3 p/m² per minute: 3.0 at 40 s, dangerous (5.5) ~50 s later.
        List<Condition> last = series(0, 41, s -> 1.0 + 0.05 * s);
        Condition surge = of(last, AlertType.CROWD_SURGE);
        assertThat(surge.active()).isTrue();
        assertThat(surge.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(surge.summary()).startsWith("crowd surge at dn-1 in z1: density rising 3.0 p/m² per minute, 2.8 now, dangerous in ~");
        assertThat(surge.score()).isEqualTo(1.0);
    }

    @Test
    void aSlowerRiseIsAHighSurgeAndAGentleOneIsNone() {
        // 1.2 p/m² per minute: at ~3.0 p/m² danger is over two minutes away.
        Condition surge = of(series(0, 61, s -> 1.8 + 0.02 * s), AlertType.CROWD_SURGE);
        assertThat(surge.active()).isTrue();
        assertThat(surge.severity()).isEqualTo(Severity.HIGH);

        DensityTrend other = new DensityTrend();
        Condition gentle = null;
        for (int s = 0; s < 300; s++) {
            gentle = of(detector.detect(new DensitySample("z1", "dn-2", at(s), 2.0 + 0.005 * s, "e"), other), AlertType.CROWD_SURGE);
        }
        assertThat(gentle.active()).isFalse();
    }

    @Test
    void aRiseInAnEmptyPlaceIsNotASurge() {
        assertThat(of(series(0, 61, s -> 0.2 + 0.025 * s), AlertType.CROWD_SURGE).active()).isFalse();
    }

    @Test
    void aCameraAtTenFramesASecondKeepsASmallTrend() {
        for (int i = 0; i < 36_000; i++) {
            detector.detect(new DensitySample("z1", "cam-1", at(i / 10.0), 3.0 + (i % 7) * 0.1, "f"), trend);
        }
        assertThat(trend.buckets).hasSizeLessThanOrEqualTo(DensityTrend.BUCKETS + 1);
        assertThat(Fixtures.serializedSize(trend)).isLessThan(4_000);
    }
}
