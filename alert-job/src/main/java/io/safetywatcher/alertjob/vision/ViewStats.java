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
 * encoder repeats it), and its layout, a tiny grey thumbnail a moved camera changes as a whole.
 *
 * @param mean   mean grey level, 0..255
 * @param spread standard deviation of the grey levels
 * @param digest CRC-32C of the decoded pixels
 * @param layout {@link #LAYOUT_W} x {@link #LAYOUT_H} grey levels, row by row
 */
public record ViewStats(double mean, double spread, long digest, byte[] layout) implements Serializable {
    public static final int LAYOUT_W = 16;
    public static final int LAYOUT_H = 12;

    public ViewStats {
        if (layout.length != LAYOUT_W * LAYOUT_H) {
            throw new IllegalArgumentException("layout must have " + LAYOUT_W * LAYOUT_H + " cells, got " + layout.length);
        }
        layout = layout.clone();
    }

    @Override
    public byte[] layout() { return layout.clone(); }

    /** Of a decoded BGR image. */
    public static ViewStats of(Mat bgr) {
        return of(bgr, new byte[(int) (bgr.total() * bgr.channels())]);
    }

    /** The same, its pixels copied into {@code px} for the digest: one image's size, reused frame after frame by a camera's analyzer. */
    static ViewStats of(Mat bgr, byte[] px) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble std = new MatOfDouble();
        Mat tiny = new Mat();
        Mat grey = new Mat();
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
            // BT.601 weights on B, G, R; the spread so weighted is close enough to the grey image's for "uniform".
            return new ViewStats(0.114 * m[0] + 0.587 * m[1] + 0.299 * m[2], 0.114 * s[0] + 0.587 * s[1] + 0.299 * s[2],
                    crc.getValue(), cells);
        } finally {
            mean.release();
            std.release();
            tiny.release();
            grey.release();
        }
    }

    /**
     * Pearson correlation of two layouts: 1 for the same scene under any brightness and contrast
     * (lights on or off), near 0 for another scene; 0 where either is flat (nothing to compare).
     */
    public static double correlation(byte[] a, byte[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] & 0xFF;
            mb += b[i] & 0xFF;
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = (a[i] & 0xFF) - ma;
            double db = (b[i] & 0xFF) - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa < 1e-9 || sbb < 1e-9 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
