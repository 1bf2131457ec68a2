package io.safetywatcher.analytics.figures;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HourStatsTest {
    static final LevelOfService FRUIN = LevelOfService.parse("2,3.6,5.5");

    static HourStats densities(double... values) {
        Map<Integer, Long> bins = new TreeMap<>();
        for (double v : values) {
            bins.merge(HourStats.bin(v), 1L, Long::sum);
        }
        return new HourStats(0, 0, 0, bins);
    }

    @Test
    void p95IsTheNearestRankOverTheMergedHistogram() {
        HourStats a = densities(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        HourStats b = densities(1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0);
        // 20 samples: rank ceil(19) = 19 -> 1.9
        assertThat(a.plus(b).densityP95()).isEqualTo(1.9);
        assertThat(densities(3.62).densityP95()).isEqualTo(3.6);
        assertThat(HourStats.EMPTY.densityP95()).isNull();
    }

    @Test
    void aThresholdBelongsToTheLevelAboveIt() {
        assertThat(FRUIN.counts(densities(1.99, 2.0, 3.59, 3.6, 5.49, 5.5, 9.0).densityBins()))
                .containsExactly(Map.entry("free", 1L), Map.entry("slowed", 2L), Map.entry("contact", 2L), Map.entry("dangerous", 2L));
        assertThat(FRUIN.counts(Map.of())).containsOnlyKeys(LevelOfService.LEVELS).allSatisfy((k, v) -> assertThat(v).isZero());
    }

    @Test
    void noiseMeanAndSampleDeviationFromSums() {
        double[] v = {60, 62, 64, 70};
        HourStats s = HourStats.EMPTY;
        for (double x : v) {
            s = s.plus(new HourStats(1, x, x * x, Map.of()));
        }
        assertThat(s.noiseMean()).isEqualTo(64.0);
        assertThat(s.noiseStddev()).isCloseTo(Math.sqrt((16 + 4 + 0 + 36) / 3.0), within(1e-9));
        assertThat(new HourStats(1, 60, 3600, Map.of()).noiseStddev()).isZero();
        assertThat(HourStats.EMPTY.noiseMean()).isNull();
    }

    @Test
    void badThresholdsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> LevelOfService.parse("2,1,5")).hasMessageContaining("analytics.los-thresholds");
        assertThatThrownBy(() -> LevelOfService.parse("2,x,5")).hasMessageContaining("analytics.los-thresholds");
    }
}
