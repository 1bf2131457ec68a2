package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one zone's readings said in one hour of one day, in a form that adds up across days:
 * the sound level's count, sum and sum of squares, and crowd densities as a histogram of
 * {@link #DENSITY_STEP} bins (so a percentile over any set of days is exact at that resolution,
 * rounded down to it).
 */
public record HourStats(long noiseN, double noiseSum, double noiseSumSq, Map<Integer, Long> densityBins) implements Serializable {
    /** Density resolution in people/m²; the Fruin thresholds (2, 3.6, 5.5) fall on bin edges. */
    public static final double DENSITY_STEP = 0.05;

    public static final HourStats EMPTY = new HourStats(0, 0, 0, Map.of());

    public HourStats {
        densityBins = Map.copyOf(densityBins);
    }

    /**
     * Added before flooring, so that a value on a step (3.6 / 0.05 = 71.999...) lands in its own
     * bin and not in the one below.
     */
    public static final double BIN_EPSILON = 1e-9;

    /**
     * The bin of a density value: the step at or below it, so a density under a threshold that is
     * a multiple of the step (2, 3.6, 5.5) never counts as reaching it. Values are non-negative
     * by validation.
     */
    public static int bin(double density) { return (int) Math.floor(density / DENSITY_STEP + BIN_EPSILON); }

    /** A bin's density, computed so that bin 72 is exactly 3.6. */
    public static double density(int bin) { return bin * 5 / 100.0; }

    public HourStats plus(HourStats o) {
        Map<Integer, Long> bins = new TreeMap<>(densityBins);
        o.densityBins.forEach((k, v) -> bins.merge(k, v, Long::sum));
        return new HourStats(noiseN + o.noiseN, noiseSum + o.noiseSum, noiseSumSq + o.noiseSumSq, bins);
    }

    public long densitySamples() { return densityBins.values().stream().mapToLong(Long::longValue).sum(); }

    public Double noiseMean() { return noiseN == 0 ? null : noiseSum / noiseN; }

    /** Sample standard deviation; 0 for a single reading, null for none. */
    public Double noiseStddev() {
        if (noiseN == 0) {
            return null;
        }
        if (noiseN == 1) {
            return 0.0;
        }
        double var = (noiseSumSq - noiseSum * noiseSum / noiseN) / (noiseN - 1);
        return Math.sqrt(Math.max(0, var));
    }

    /**
     * The 95th percentile density by nearest rank (the smallest sample at or above 95 % of
     * samples), at the bin's lower edge; null with no samples.
     */
    public Double densityP95() {
        long n = densitySamples();
        if (n == 0) {
            return null;
        }
        long rank = (long) Math.ceil(0.95 * n);
        long seen = 0;
        for (Map.Entry<Integer, Long> e : new TreeMap<>(densityBins).entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return density(e.getKey());
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + n);
    }
}
