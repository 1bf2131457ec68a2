package io.safetywatcher.alertjob.vision;

import java.io.Serializable;
import java.util.Locale;

/**
 * What one camera has learnt of its perspective from the people it saw walk alone: a person's
 * height in pixels grows in a line with the row their feet are on, {@code h = slope × (row −
 * horizonRow)}, which is the mounting {@code horizonRow} and {@code 1.7 m / slope} high; and how
 * much of their box squared a lone person's foreground covers ({@code personArea}).
 *
 * @param calibrated  false while too few people were seen (the registry's mounting is used and the counts are uncertain)
 * @param horizonRow  the fitted horizon row (NaN before any fit)
 * @param mountHeightM the fitted camera height, metres (NaN before any fit)
 * @param personArea  a lone person's foreground pixels per squared pixel of height (NaN before any fit)
 * @param samples     boxes of lone walkers kept for the fit
 * @param people      walkers they came from
 * @param inlierShare share of the samples within the fit's tolerance
 */
public record Calibration(boolean calibrated, double horizonRow, double mountHeightM, double personArea, int samples, int people,
                          double inlierShare) implements Serializable {
    static Calibration none(int samples, int people) {
        return new Calibration(false, Double.NaN, Double.NaN, Double.NaN, samples, people, 0);
    }

    /** The camera's view with the learnt mounting instead of the prior. */
    CameraView applyTo(CameraView prior) {
        return new CameraView(prior.width(), prior.height(), prior.viewAreaM2(), horizonRow, mountHeightM);
    }

    /** One line for people: what was learnt, from how much. */
    public String describe(int imageHeight) {
        if (Double.isNaN(horizonRow)) {
            return String.format(Locale.ROOT, "not calibrated: %d samples from %d lone walkers so far", samples, people);
        }
        return String.format(Locale.ROOT, "%s: horizon-share %.3f (row %.0f), mount-height %.2f m, person-area %.3f; "
                        + "from %d samples of %d lone walkers, %.0f%% within the fit",
                calibrated ? "calibrated" : "not yet calibrated (fit not trusted)", horizonRow / imageHeight, horizonRow,
                mountHeightM, personArea, samples, people, 100 * inlierShare);
    }

    /** As a JSON object. */
    public String json(int imageHeight) {
        return String.format(Locale.ROOT, "{\"calibrated\":%b,\"horizon_share\":%s,\"mount_height_m\":%s,\"person_area\":%s,"
                        + "\"samples\":%d,\"people\":%d,\"inlier_share\":%.3f}", calibrated, num(horizonRow / imageHeight),
                num(mountHeightM), num(personArea), samples, people, inlierShare);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }
}
