package io.safetywatcher.alertjob.vision;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Test frames with known content: a fixed textured plaza and figures (legs, body, arms,
 * head) whose feet stand where the test says, sized for that row by the camera's view.
 */
public final class Scene implements AutoCloseable {
    static {
        FrameAnalyzer.loadNative();
    }

    /** A figure with its feet at (x, footRow), image pixels. */
    public record Figure(double x, double footRow, int colour) {}

    /**
     * A square's crowd in a 640x480 view, frame by frame at 2 fps: from frame 80 to 219, 20 people
     * shuffling along together, slowly (a crowd moves; jumping on the spot is a fight), rows
     * staggered so that neighbours stay apart in the image; nobody before or after.
     */
    public static java.util.List<Figure> squareCrowd(int frame) {
        java.util.List<Figure> crowd = new java.util.ArrayList<>();
        if (frame >= 80 && frame < 220) {
            double[] rows = {260, 320, 390, 470};
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < 5; c++) {
                    double x = 60 + 125 * c + (r % 2) * 62 + 2.0 * (frame - 80);
                    crowd.add(new Figure(30 + Math.floorMod((int) x - 30, 620), rows[r], r + c));
                }
            }
        }
        return crowd;
    }

    private static final Scalar[] COLOURS = {new Scalar(40, 40, 200), new Scalar(200, 60, 40), new Scalar(40, 160, 40),
            new Scalar(20, 180, 230), new Scalar(30, 30, 30), new Scalar(150, 40, 150)};

    final CameraView view;
    private final Mat backdrop;

    public Scene(CameraView view) {
        this.view = view;
        backdrop = new Mat(view.height(), view.width(), CvType.CV_8UC3, new Scalar(170, 165, 160));
        SplittableRandom rng = new SplittableRandom(3);
        Imgproc.rectangle(backdrop, new Point(0, 0), new Point(view.width(), view.horizonRow()), new Scalar(200, 170, 120), -1);
        for (int i = 0; i < 40; i++) { // paving joints and a few fixtures
            double y = view.horizonRow() + rng.nextDouble() * (view.height() - view.horizonRow());
            Imgproc.line(backdrop, new Point(0, y), new Point(view.width(), y), new Scalar(150, 145, 140), 1);
        }
        Imgproc.rectangle(backdrop, new Point(60, view.horizonRow() + 20), new Point(140, view.horizonRow() + 60), new Scalar(60, 90, 120), -1);
    }

    /** A JPEG of the scene with these figures, at the given light (1 = day). */
    public byte[] jpeg(List<Figure> figures, double light) {
        Mat img = backdrop.clone();
        MatOfByte buf = new MatOfByte();
        MatOfInt q = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 85);
        try {
            for (Figure f : figures) {
                draw(img, f);
            }
            if (light != 1) {
                img.convertTo(img, -1, light, 0);
            }
            Imgcodecs.imencode(".jpg", img, buf, q);
            return buf.toArray();
        } finally {
            img.release();
            buf.release();
            q.release();
        }
    }

    private void draw(Mat img, Figure f) {
        double h = view.personHeightPx(f.footRow());
        double u = f.x();
        double v = f.footRow();
        Scalar c = COLOURS[f.colour() % COLOURS.length];
        int thick = Math.max(2, (int) Math.round(h / 12));
        Point hip = new Point(u, v - h * 0.47);
        Imgproc.line(img, hip, new Point(u + h * 0.08, v), new Scalar(40, 40, 60), thick);
        Imgproc.line(img, hip, new Point(u - h * 0.08, v), new Scalar(40, 40, 60), thick);
        Imgproc.ellipse(img, new Point(u, v - h * 0.64), new Size(h * 0.13, h * 0.2), 0, 0, 360, c, -1);
        Point shoulder = new Point(u, v - h * 0.78);
        Imgproc.line(img, shoulder, new Point(u + h * 0.18, v - h * 0.5), c, thick);
        Imgproc.line(img, shoulder, new Point(u - h * 0.18, v - h * 0.5), c, thick);
        Imgproc.circle(img, new Point(u, v - h * 0.9), Math.max(2, (int) Math.round(h * 0.08)), new Scalar(120, 160, 205), -1);
    }

    /**
     * A JPEG whose markers are all intact but whose scan data is noise (no 0xFF, so no stray
     * marker either): what a camera with a failing encoder or a bit-flipping link sends. OpenCV
     * decodes it, with warnings only, into garbage.
     */
    public static byte[] scrambled(byte[] jpeg, long seed) {
        int sos = 2;
        while (!((jpeg[sos] & 0xFF) == 0xFF && (jpeg[sos + 1] & 0xFF) == 0xDA)) {
            sos++;
        }
        byte[] out = jpeg.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = sos + 2 + (((jpeg[sos + 2] & 0xFF) << 8) | (jpeg[sos + 3] & 0xFF)); i < jpeg.length - 2; i++) {
            out[i] = (byte) rng.nextInt(0xFF);
        }
        return out;
    }

    @Override
    public void close() { backdrop.release(); }
}
