package io.safetywatcher.simulator.life;

/**
 * Scene brightness by local hour, 1 at midday and about 0.3 under street lights at night,
 * with dawn and dusk in between. Cameras render darker and noisier as it falls.
 */
public final class Lighting {
    private Lighting() {}

    public static double brightness(double localHour) {
        double h = ((localHour % 24) + 24) % 24;
        if (h >= 8 && h < 17) {
            return 1.0;
        }
        if (h >= 6 && h < 8) {
            return 0.3 + 0.7 * (h - 6) / 2;
        }
        if (h >= 17 && h < 19.5) {
            return 1.0 - 0.7 * (h - 17) / 2.5;
        }
        return 0.3;
    }
}
