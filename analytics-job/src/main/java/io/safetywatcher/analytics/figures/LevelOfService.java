package io.safetywatcher.analytics.figures;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fruin's levels of service for a crowd, by density: free, slowed (walking is slowed), contact
 * (involuntary contact), dangerous. The thresholds come from configuration
 * ({@code analytics.los-thresholds}); a density at a threshold belongs to the level above it.
 */
public record LevelOfService(double slowed, double contact, double dangerous) implements Serializable {
    public static final List<String> LEVELS = List.of("free", "slowed", "contact", "dangerous");

    public static LevelOfService parse(String text) {
        String[] p = text.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("analytics.los-thresholds needs three densities like 2,3.6,5.5, not '" + text + "'");
        }
        try {
            double a = Double.parseDouble(p[0].trim());
            double b = Double.parseDouble(p[1].trim());
            double c = Double.parseDouble(p[2].trim());
            if (!(0 < a && a < b && b < c)) {
                throw new IllegalArgumentException("analytics.los-thresholds must rise: " + text);
            }
            return new LevelOfService(a, b, c);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("analytics.los-thresholds needs numbers like 2,3.6,5.5, not '" + text + "'");
        }
    }

    /** The level of a density bin, compared bin to bin so that no rounding can move a sample across a threshold. */
    public String level(int bin) {
        if (bin >= HourStats.bin(dangerous)) return "dangerous";
        if (bin >= HourStats.bin(contact)) return "contact";
        if (bin >= HourStats.bin(slowed)) return "slowed";
        return "free";
    }

    /** Samples per level, every level present (0 when never reached). */
    public Map<String, Long> counts(Map<Integer, Long> bins) {
        Map<String, Long> out = new LinkedHashMap<>();
        LEVELS.forEach(l -> out.put(l, 0L));
        bins.forEach((bin, n) -> out.merge(level(bin), n, Long::sum));
        return out;
    }
}
