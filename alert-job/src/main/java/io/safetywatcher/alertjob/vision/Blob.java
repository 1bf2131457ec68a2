package io.safetywatcher.alertjob.vision;

import java.io.Serializable;

/**
 * One connected foreground region that passed the size filter.
 *
 * @param area   foreground pixels in it
 * @param people how many people it most likely holds (a group walking together is one blob)
 * @param colour its mean colour, packed 0xBBGGRR, or -1 if not measured
 */
public record Blob(Box box, int area, int people, int colour) implements Serializable {
    Blob(Box box, int area, int people) {
        this(box, area, people, -1);
    }

    Blob withColour(int packed) { return new Blob(box, area, people, packed); }

    static int pack(double b, double g, double r) {
        return (int) Math.round(clamp(b)) << 16 | (int) Math.round(clamp(g)) << 8 | (int) Math.round(clamp(r));
    }

    /** Its mean colour as blue, green, red; null if not measured. */
    double[] bgr() {
        return colour < 0 ? null : new double[] {colour >> 16 & 0xff, colour >> 8 & 0xff, colour & 0xff};
    }

    private static double clamp(double v) { return Math.max(0, Math.min(255, v)); }
}
