package io.safetywatcher.alertjob.vision;

import java.io.Serializable;

/**
 * What the extractor knows of one camera's view: the image size and the ground area in view
 * (from the device registry), and how the camera is mounted. For a level camera over flat
 * ground, a person standing with their feet on image row v is {@code (personHeight /
 * mountHeight) * (v - horizonRow)} pixels tall, whatever the lens: that is what scales the
 * size filters to the view. The mounting is the camera's registry row's
 * ({@code mount_height_m}, {@code horizon_share}), else the {@code vision.*} defaults.
 *
 * @param horizonRow   image row of the horizon (may be negative: a camera looking down steeply)
 * @param mountHeightM camera height above the ground, metres
 */
public record CameraView(int width, int height, double viewAreaM2, double horizonRow, double mountHeightM) implements Serializable {
    static final double PERSON_HEIGHT_M = 1.7;
    /** Below this a figure is too small to tell from noise. */
    static final double MIN_PERSON_PX = 8;

    public CameraView {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (!(viewAreaM2 > 0)) {
            throw new IllegalArgumentException("view area must be > 0 m2, got " + viewAreaM2);
        }
        if (!(mountHeightM > 0)) {
            throw new IllegalArgumentException("mount height must be > 0 m, got " + mountHeightM);
        }
    }

    /** A camera mounted {@code mountHeightM} up with the horizon at {@code horizonShare} of the image height. */
    public static CameraView standard(int width, int height, double viewAreaM2, double horizonShare, double mountHeightM) {
        return new CameraView(width, height, viewAreaM2, horizonShare * height, mountHeightM);
    }

    /** A standing person's height in pixels with their feet on row {@code footRow}. */
    public double personHeightPx(double footRow) {
        return Math.max(MIN_PERSON_PX, PERSON_HEIGHT_M / mountHeightM * (footRow - horizonRow));
    }

    /** Ground metres per pixel at that row (from a person's known height). */
    public double metresPerPixel(double footRow) {
        return PERSON_HEIGHT_M / personHeightPx(footRow);
    }
}
