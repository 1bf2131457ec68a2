package io.safetywatcher.simulator.life;

/**
 * Slow, smooth randomness as a pure function of time: hashed values at knots, eased between.
 * Being a function of (seed, time) rather than a stepped walk, it gives the same drift however
 * the run is sliced (live, batches, backfill), which keeps records deterministic.
 */
public final class SmoothNoise {
    private SmoothNoise() {}

    /** In about [-1, 1]: a 20-minute swell plus a 3-minute ripple. */
    public static double at(long seed, long epochMs) {
        return 0.75 * knot(seed, epochMs, 20 * 60_000L) + 0.25 * knot(seed ^ 0x5DEECE66DL, epochMs, 3 * 60_000L);
    }

    private static double knot(long seed, long t, long spacing) {
        long k = Math.floorDiv(t, spacing);
        double f = (double) (t - k * spacing) / spacing;
        double a = unit(seed, k);
        double b = unit(seed, k + 1);
        double s = f * f * (3 - 2 * f); // smoothstep: no kinks at knots
        return a + (b - a) * s;
    }

    /** A value in [-1, 1) from (seed, k), via the SplitMix64 finaliser. */
    static double unit(long seed, long k) {
        long z = mix(seed + 0x9E3779B97F4A7C15L * (k + 1));
        return ((z >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A stable 64-bit seed for a name under a run seed (String.hashCode is specified, so stable too). */
    public static long seedFor(long runSeed, String name) {
        long h = 0xCBF29CE484222325L; // FNV-1a: spreads similar ids apart
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(runSeed * 0x9E3779B97F4A7C15L ^ h);
    }
}
