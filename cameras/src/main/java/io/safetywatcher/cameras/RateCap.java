package io.safetywatcher.cameras;

/**
 * A camera's frame-rate cap: of the frames a source delivers, keeps at most {@code maxFps} a
 * second on average and counts the rest as dropped. A frame is kept when its slot is due; the
 * next slot is one interval after the previous slot (not after the frame), so a source whose
 * frames arrive with jitter still gets the full rate (up to a quarter interval early counts), and after a pause the slots start afresh
 * rather than letting a burst through. Pure: times are given, in nanoseconds.
 */
public final class RateCap {
    private final long intervalNanos;
    private long nextSlot = Long.MIN_VALUE;
    private long kept;
    private long dropped;

    public RateCap(double maxFps) {
        if (!(maxFps > 0) || Double.isInfinite(maxFps)) {
            throw new IllegalArgumentException("a frame-rate cap must be a positive number of frames a second, got " + maxFps);
        }
        this.intervalNanos = Math.round(1e9 / maxFps);
    }

    /** Whether the frame that arrived at {@code nowNanos} goes out. */
    public boolean admit(long nowNanos) {
        // A quarter of an interval early still takes the slot: a source at the cap's own rate arrives with jitter both ways.
        if (nextSlot != Long.MIN_VALUE && nowNanos - (nextSlot - intervalNanos / 4) < 0) {
            dropped++;
            return false;
        }
        boolean late = nextSlot == Long.MIN_VALUE || nowNanos - nextSlot >= intervalNanos;
        nextSlot = (late ? nowNanos : nextSlot) + intervalNanos;
        kept++;
        return true;
    }

    /** How long from {@code nowNanos} until a frame would be admitted (0: now); what a snapshot source waits. */
    public long waitNanos(long nowNanos) {
        return nextSlot == Long.MIN_VALUE ? 0 : Math.max(0, nextSlot - nowNanos);
    }

    public long kept() { return kept; }

    public long dropped() { return dropped; }
}
