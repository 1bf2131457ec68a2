package io.safetywatcher.cli.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WilsonTest {
    @Test
    void knownIntervals() {
        // Published values (Newcombe 1998 and any Wilson calculator), to three decimals.
        Wilson tenOfTen = Wilson.of(10, 10);
        assertThat(tenOfTen.low()).isCloseTo(0.722, within(5e-4));
        assertThat(tenOfTen.high()).isEqualTo(1.0);
        Wilson half = Wilson.of(50, 100);
        assertThat(half.low()).isCloseTo(0.404, within(5e-4));
        assertThat(half.high()).isCloseTo(0.596, within(5e-4));
        Wilson none = Wilson.of(0, 20);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.161, within(5e-4));
        // 95 of 100: the target bound (0.9) is not yet proven by such a sample.
        assertThat(Wilson.of(95, 100).low()).isCloseTo(0.888, within(5e-4));
    }

    @Test
    void moreTrialsNarrowTheInterval() {
        Wilson small = Wilson.of(19, 20);
        Wilson large = Wilson.of(190, 200);
        assertThat(large.high() - large.low()).isLessThan(small.high() - small.low());
        assertThat(large.low()).isGreaterThan(small.low());
    }

    @Test
    void noTrialsIsNoIntervalAndNonsenseIsRefused() {
        assertThat(Wilson.of(0, 0).low()).isNaN();
        assertThatThrownBy(() -> Wilson.of(3, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 successes of 2");
    }
}
