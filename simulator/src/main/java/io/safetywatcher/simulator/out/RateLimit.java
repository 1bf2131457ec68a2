package io.safetywatcher.simulator.out;

/** A token bucket of records per second (a second's worth of burst); 0 means no limit. */
public final class RateLimit {
    private final double perSecond;
    private double tokens;
    private long last = System.nanoTime();

    public RateLimit(double perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    public void acquire() {
        if (perSecond <= 0) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            long waitNanos = (long) ((1 - tokens) / perSecond * 1e9);
            try {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
