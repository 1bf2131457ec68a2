package io.safetywatcher.analytics.figures;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTest {
    @Test
    void slopeAndPValueMatchAnOrdinaryRegression() {
        long[] series = {1, 3, 4, 7, 6, 9, 12};
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < series.length; i++) {
            r.addData(i, series[i]);
        }
        Trend t = Trend.of(series);
        assertThat(t.slopePerDay()).isCloseTo(r.getSlope(), within(1e-12));
        assertThat(t.pValue()).isCloseTo(r.getSignificance(), within(1e-9));
        assertThat(t.significant(0.05)).isTrue();
    }

    @Test
    void noiseIsNotATrend() {
        Trend t = Trend.of(new long[] {5, 2, 6, 3, 5, 2, 6});
        assertThat(t.pValue()).isGreaterThan(0.05);
        assertThat(t.significant(0.05)).isFalse();
    }

    @Test
    void flatPerfectAndTooShortSeries() {
        assertThat(Trend.of(new long[] {0, 0, 0, 0})).isEqualTo(new Trend(0, 1.0));
        assertThat(Trend.of(new long[] {1, 2, 3})).isEqualTo(new Trend(1, 0.0));
        assertThat(Trend.of(new long[] {1, 4}).pValue()).isNull();
        assertThat(Trend.of(new long[] {4}).slopePerDay()).isZero();
        assertThat(Trend.of(new long[] {4}).significant(0.05)).isFalse();
    }
}
