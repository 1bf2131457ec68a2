package io.safetywatcher.alertjob.vision;

import java.util.Locale;

/**
 * How a frame's people were counted, and so how far the count can be trusted: one by one; one by
 * one but with a perspective not learnt yet (uncertain); or, where more than half of them stand too
 * close to be told apart, estimated from the area their merged blobs cover, which hides people
 * wholly behind others. That estimate is reported as a density band with low confidence, never as
 * an exact number.
 *
 * @param people     people counted in view
 * @param inCrowds   of them, those estimated from merged blobs (vision.crowd-blob-people or more)
 * @param calibrated whether the camera's perspective was learnt
 */
public record CrowdCount(int people, int inCrowds, boolean calibrated) {
    public CrowdCount {
        if (people < 0 || inCrowds < 0 || inCrowds > people) {
            throw new IllegalArgumentException("need 0 <= inCrowds <= people, got " + inCrowds + " of " + people);
        }
    }

    public enum Confidence {
        /** Counted one by one with a learnt perspective. */
        COUNTED("counted"),
        /** Counted one by one, at sizes from the registry's mounting: the perspective is not learnt yet. */
        UNCERTAIN("uncertain"),
        /** Too dense to separate: a density band. */
        LOW("low");

        private final String id;

        Confidence(String id) { this.id = id; }

        public String id() { return id; }
    }

    /** Density bands in people per m² of ground in view (free walking under 0.5; 4 and over is crush territory). */
    public enum Band {
        UNDER_HALF("under 0.5", 0.5), HALF_TO_ONE("0.5-1", 1), ONE_TO_TWO("1-2", 2), TWO_TO_FOUR("2-4", 4), FOUR_AND_OVER("4 and over",
                Double.POSITIVE_INFINITY);

        private final String label;
        private final double below;

        Band(String label, double below) {
            this.label = label;
            this.below = below;
        }

        public String label() { return label; }

        public static Band of(double perM2) {
            for (Band b : values()) {
                if (perM2 < b.below) {
                    return b;
                }
            }
            return FOUR_AND_OVER;
        }
    }

    /** Whether more than half of the people were estimated from merged blobs. */
    public boolean dense() { return 2 * inCrowds > people; }

    public Confidence confidence() {
        return dense() ? Confidence.LOW : calibrated ? Confidence.COUNTED : Confidence.UNCERTAIN;
    }

    /** The density band of a count too dense to separate; null when it was counted one by one or the ground area in view is unknown (0). */
    public Band band(double viewAreaM2) {
        return dense() && viewAreaM2 > 0 ? Band.of(people / viewAreaM2) : null;
    }

    /** The count as an operator should read it; the band needs the ground area in view (0: unknown). */
    public String describe(double viewAreaM2) {
        Band band = band(viewAreaM2);
        return switch (confidence()) {
            case COUNTED -> people + (people == 1 ? " person" : " people");
            case UNCERTAIN -> people + (people == 1 ? " person" : " people") + "? (perspective not learnt yet: uncertain)";
            case LOW -> (band != null ? band.label() + " people/m²" : "a dense crowd")
                    + String.format(Locale.ROOT, " (too dense to count one by one: about %d, low confidence)", people);
        };
    }

    /** Short, for a table column: {@code 12}, {@code 12?}, {@code ~2-4/m²} ({@code ~dense} without an area). */
    public String brief(double viewAreaM2) {
        Band band = band(viewAreaM2);
        return switch (confidence()) {
            case COUNTED -> Integer.toString(people);
            case UNCERTAIN -> people + "?";
            case LOW -> band != null ? "~" + band.label().replace(" and over", "+") + "/m²" : "~dense";
        };
    }
}
