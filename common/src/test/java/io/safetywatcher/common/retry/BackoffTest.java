package io.safetywatcher.common.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    final Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void doublesEachAttemptUpToItsMax() {
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(b.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling(500)).as("no overflow").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterKeepsTheWaitBetweenHalfAndAllOfTheCeiling() {
        assertThat(b.delay(3, 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.delay(3, 0.5)).isEqualTo(Duration.ofMillis(600));
        assertThat(b.delay(3, 0.999)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
    }
}
