package io.safetywatcher.alertjob.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.io.Serializable;
import java.util.zip.CRC32C;

/**
 * What a camera's health is judged by, measured once per decoded frame: how uniform the view
 * is, a digest of its exact pixels (a live sensor's noise changes it every frame, a stuck
 * encoder repeats it), and its layout, a tiny grey thumbnail a moved camera changes as a whole,
 * with where in it the camera's model saw people (foreground), so that a crowd filling the view
 * is not taken for another view.
 *
 * @param mean       mean grey level, 0..255
 * @param spread     standard deviation of the grey levels
 * @param digest     CRC-32C of the decoded pixels
 * @param layout     {@link #LAYOUT_W} x {@link #LAYOUT_H} grey levels, row by row
 * @param foreground per layout cell, the share of it that was foreground, 0..255; null where the
 *                   model could not tell (while it warms up)
 */
public record ViewStats(double mean, double spread, long digest, byte[] layout, byte[] foreground) implements Serializable {
    public static final int LAYOUT_W = 16;
    public static final int LAYOUT_H = 12;
    private static final int CELLS = LAYOUT_W * LAYOUT_H;
    /**
     * A layout cell counts as background where at most this share of it is foreground: people
     * change the layout too (a crowd over most of a plain view as much as a move does), so a
     * view is compared where none are.
     */
    static final double CELL_FOREGROUND_MAX = 0.05;
    /** Fewer background cells than this (a sixth of the view) tell nothing. */
    static final int MIN_OPEN_CELLS = CELLS / 6;
    /** A background flatter than this many grey levels (a bare wall) has no layout to compare. */
    static final double MIN_SPREAD = 2;

    public ViewStats {
        if (layout.length != CELLS || foreground != null && foreground.length != CELLS) {
            throw new IllegalArgumentException("layout and foreground must have " + CELLS + " cells, got " + layout.length
                    + (foreground == null ? "" : " and " + foreground.length));
        }
        layout = layout.clone();
        foreground = foreground == null ? null : foreground.clone();
    }

    /** Without knowing where the foreground is: every cell shows the background. */
    public ViewStats(double mean, double spread, long digest, byte[] layout) {
        this(mean, spread, digest, layout, null);
    }

    @Override
    public byte[] layout() { return layout.clone(); }

    @Override
    public byte[] foreground() { return foreground == null ? null : foreground.clone(); }

    /** The cells where the background shows: foreground over at most {@code maxShare} of the cell. */
    public boolean[] backgroundCells(double maxShare) {
        boolean[] open = new boolean[CELLS];
        for (int i = 0; i < CELLS; i++) {
            open[i] = foreground == null || (foreground[i] & 0xFF) <= maxShare * 255;
        }
        return open;
    }

    /**
     * How alike this view's layout is to {@code reference} in the cells {@code open}: 1 for the
     * same scene under any light, near 0 for another; NaN where fewer than a sixth of the cells
     * are open, or the view is too flat there to tell.
     */
    public double likeness(byte[] reference, boolean[] open) {
        return correlation(layout, reference, open, MIN_OPEN_CELLS, MIN_SPREAD);
    }

    /**
     * How alike this view is to an earlier frame's where both show background: near 1 from one
     * frame to the next of a live view whatever people do, low where the view changed at once.
     */
    public double likeness(ViewStats earlier) {
        boolean[] open = backgroundCells();
        boolean[] other = earlier.backgroundCells();
        for (int i = 0; i < CELLS; i++) {
            open[i] &= other[i];
        }
        return likeness(earlier.layout, open);
    }

    /** Where this frame shows background (at most 5 % of a cell foreground): where a view is compared. */
    public boolean[] backgroundCells() {
        return backgroundCells(CELL_FOREGROUND_MAX);
    }

    /** Of a decoded BGR image. */
    public static ViewStats of(Mat bgr) {
        return of(bgr, new byte[(int) (bgr.total() * bgr.channels())], null);
    }

    /**
     * The same, its pixels copied into {@code px} for the digest (one image's size, reused frame
     * after frame by a camera's analyzer), and the foreground {@code mask} (0 or 255, the image's
     * size; null if not known) brought down to the layout's cells.
     */
    static ViewStats of(Mat bgr, byte[] px, Mat mask) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Mat tiny = new Mat();
        Mat grey = new Mat();
        Mat tinyMask = new Mat();
        try {
            Core.meanStdDev(bgr, mean, std);
            double[] m = mean.toArray();
            double[] s = std.toArray();
            Imgproc.resize(bgr, tiny, new Size(LAYOUT_W, LAYOUT_H), 0, 0, Imgproc.INTER_AREA);
            Imgproc.cvtColor(tiny, grey, Imgproc.COLOR_BGR2GRAY);
            byte[] cells = new byte[LAYOUT_W * LAYOUT_H];
            grey.get(0, 0, cells);
            bgr.get(0, 0, px);
            CRC32C crc = new CRC32C();
            crc.update(px);
            byte[] fg = null;
            if (mask != null) {
                Imgproc.resize(mask, tinyMask, new Size(LAYOUT_W, LAYOUT_H), 0, 0, Imgproc.INTER_AREA);
                fg = new byte[CELLS];
                tinyMask.get(0, 0, fg);
            }
            // BT.601 weights on B, G, R; the spread so weighted is close enough to the grey image's for "uniform".
            return new ViewStats(0.114 * m[0] + 0.587 * m[1] + 0.299 * m[2], 0.114 * s[0] + 0.587 * s[1] + 0.299 * s[2],
                    crc.getValue(), cells, fg);
        } finally {
            mean.release();
            std.release();
            tiny.release();
            grey.release();
            tinyMask.release();
        }
    }

    /**
     * Pearson correlation of two layouts: 1 for the same scene under any brightness and contrast
     * (lights on or off), near 0 for another scene; 0 where either is flat (nothing to compare).
     */
    public static double correlation(byte[] a, byte[] b) {
        boolean[] all = new boolean[a.length];
        java.util.Arrays.fill(all, true);
        double r = correlation(a, b, all, 2, 0);
        return Double.isNaN(r) ? 0 : r;
    }

    /**
     * The same over the cells in {@code use} only; NaN where fewer than {@code minCells} are, or
     * either is flat there (a spread under {@code minSpread} grey levels): nothing to compare, so
     * no evidence either way.
     */
    public static double correlation(byte[] a, byte[] b, boolean[] use, int minCells, double minSpread) {
        int n = 0;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            if (use[i]) {
                n++;
                ma += a[i] & 0xFF;
                mb += b[i] & 0xFF;
            }
        }
        if (n < Math.max(2, minCells)) {
            return Double.NaN;
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            if (use[i]) {
                double da = (a[i] & 0xFF) - ma;
                double db = (b[i] & 0xFF) - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
        }
        double floor = Math.max(1e-9, minSpread * minSpread * n);
        return saa < floor || sbb < floor ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
