package io.safetywatcher.common.retry;

import java.time.Duration;

/**
 * Exponential back-off with jitter between delivery attempts: the n-th retry waits about
 * {@code base * 2^(n-1)}, capped at {@code max}, and a random half of it is shaved off ("equal
 * jitter") so receivers coming back are not hit by every sender at the same instant.
 */
public record Backoff(Duration base, Duration max) {
    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("back-off base must be positive and at most its max, got " + base + ".." + max);
        }
    }

    /** The ceiling for the wait after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        long ms = base.toMillis() << doublings;
        return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
    }

    /** The wait after failed attempt {@code attempt}; {@code random} in [0, 1). */
    public Duration delay(int attempt, double random) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling / 2 + (long) (random * (ceiling - ceiling / 2)));
    }
}
