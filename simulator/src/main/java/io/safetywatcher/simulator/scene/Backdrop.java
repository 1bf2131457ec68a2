package io.safetywatcher.simulator.scene;

import io.safetywatcher.simulator.city.ZoneKind;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A camera's static scene, drawn once: sky, the far side of the plaza (buildings, stalls,
 * trees or stands, by zone kind), paving in perspective, lamp posts and benches. Dimmer
 * copies for dusk and night are made once per light level and kept; each frame starts
 * from a copy of one of them, which is what makes rendering cheap.
 */
final class Backdrop implements AutoCloseable {
    private static final int LEVELS = 8;

    private final CameraGeometry g;
    private final Mat day;
    private final Map<Integer, Mat> byLevel = new HashMap<>();
    private final List<double[]> lamps = new ArrayList<>();
    final Scalar ground;

    Backdrop(CameraGeometry g, ZoneKind kind, String label, long seed) {
        this.g = g;
        SplittableRandom rng = new SplittableRandom(seed);
        day = new Mat(g.height, g.width, CvType.CV_8UC3);
        ground = kind == ZoneKind.PARK ? new Scalar(95, 140, 105) : new Scalar(150 + rng.nextInt(20), 155 + rng.nextInt(15), 160);
        int vFar = (int) Math.round(g.v(g.zFar()));
        // Sky, in a few bands.
        for (int b = 0; b < 6; b++) {
            int y0 = (int) (g.horizon * b / 6);
            int y1 = (int) (g.horizon * (b + 1) / 6) + 1;
            Imgproc.rectangle(day, new Point(0, y0), new Point(g.width, y1), new Scalar(235 - 6 * b, 205 - 3 * b, 150 + 4 * b), -1);
        }
        // The far side: whatever bounds the plaza, standing on the far edge of the ground.
        Imgproc.rectangle(day, new Point(0, g.horizon), new Point(g.width, vFar), new Scalar(120, 125, 128), -1);
        drawSkyline(kind, vFar, rng);
        // The plaza itself with its paving grid.
        Imgproc.rectangle(day, new Point(0, vFar), new Point(g.width, g.height), ground, -1);
        Scalar joint = new Scalar(ground.val[0] * 0.85, ground.val[1] * 0.85, ground.val[2] * 0.85);
        for (double z = g.zNear(); z <= g.zFar(); z += 1.5) {
            int v = (int) Math.round(g.v(z));
            Imgproc.line(day, new Point(0, v), new Point(g.width, v), joint, 1);
        }
        double maxHalf = g.halfWidth(g.zFar());
        for (double x = -maxHalf; x <= maxHalf; x += 1.5) {
            Imgproc.line(day, new Point(g.u(x, g.zNear() * 0.6), g.v(g.zNear() * 0.6)), new Point(g.u(x, g.zFar()), vFar), joint, 1);
        }
        // Lamp posts and benches along the sides, far ones first.
        for (int k = 0; k < 4; k++) {
            double z = g.zFar() - (g.zFar() - g.zNear()) * (k + 0.5) / 4;
            double x = (k % 2 == 0 ? -1 : 1) * g.halfWidth(z) * (0.75 + 0.1 * rng.nextDouble());
            double h = g.personHeight(z);
            Point base = new Point(g.u(x, z), g.v(z));
            Imgproc.line(day, base, new Point(base.x, base.y - h * 2.4), new Scalar(55, 55, 60), Math.max(1, (int) (h / 25)));
            Imgproc.circle(day, new Point(base.x, base.y - h * 2.4), Math.max(2, (int) (h / 12)), new Scalar(200, 230, 235), -1);
            lamps.add(new double[] {base.x, base.y, h});
            double bx = g.u(x * 0.8, z);
            Imgproc.rectangle(day, new Point(bx - h * 0.4, base.y - h * 0.3), new Point(bx + h * 0.4, base.y - h * 0.22),
                    new Scalar(40, 70, 110), -1);
        }
        Imgproc.putText(day, label, new Point(8, g.height - 10), Imgproc.FONT_HERSHEY_SIMPLEX, 0.45, new Scalar(255, 255, 255), 1);
    }

    private void drawSkyline(ZoneKind kind, int vFar, SplittableRandom rng) {
        int x = 0;
        while (x < g.width) {
            int w = 40 + rng.nextInt(90);
            switch (kind) {
                case PARK -> {
                    int r = 18 + rng.nextInt(22);
                    Imgproc.rectangle(day, new Point(x + w / 2.0 - 3, vFar - r), new Point(x + w / 2.0 + 3, vFar), new Scalar(40, 60, 80), -1);
                    Imgproc.circle(day, new Point(x + w / 2.0, vFar - r - r * 0.6), r, new Scalar(50, 110 + rng.nextInt(40), 60), -1);
                }
                case MARKET -> {
                    Scalar awning = new Scalar(rng.nextInt(200), rng.nextInt(200), 150 + rng.nextInt(100));
                    Imgproc.rectangle(day, new Point(x + 2, vFar - 38), new Point(x + w - 2, vFar), new Scalar(90, 110, 130), -1);
                    Imgproc.rectangle(day, new Point(x, vFar - 48), new Point(x + w, vFar - 34), awning, -1);
                }
                case STADIUM -> {
                    Imgproc.rectangle(day, new Point(x, g.horizon - 40), new Point(x + w, vFar), new Scalar(150, 150, 150), -1);
                    for (int y = (int) g.horizon - 30; y < vFar - 10; y += 14) {
                        Imgproc.line(day, new Point(x, y), new Point(x + w, y), new Scalar(110, 110, 110), 2);
                    }
                }
                default -> {
                    int top = (int) (g.horizon - 20 - rng.nextInt(70));
                    Scalar wall = kind == ZoneKind.CAMPUS ? new Scalar(60, 80, 150) : new Scalar(110 + rng.nextInt(60), 110 + rng.nextInt(60), 120 + rng.nextInt(60));
                    Imgproc.rectangle(day, new Point(x, top), new Point(x + w, vFar), wall, -1);
                    for (int wy = top + 8; wy < vFar - 14; wy += 16) {
                        for (int wx = x + 6; wx < x + w - 10; wx += 14) {
                            Imgproc.rectangle(day, new Point(wx, wy), new Point(wx + 7, wy + 9), new Scalar(90, 70, 60), -1);
                        }
                    }
                    if (kind == ZoneKind.TRANSIT) {
                        Imgproc.rectangle(day, new Point(x, vFar - 30), new Point(x + w, vFar - 24), new Scalar(30, 120, 200), -1);
                    }
                }
            }
            x += w;
        }
    }

    /** The light level for a brightness: a few steps between night and day. */
    static int level(double brightness) {
        return (int) Math.round(Math.max(0, Math.min(1, brightness)) * (LEVELS - 1));
    }

    static double brightnessOf(int level) { return (double) level / (LEVELS - 1); }

    /** The scene at a light level; owned by this backdrop (never release it). */
    Mat at(int level) {
        Mat m = byLevel.get(level);
        if (m == null) {
            m = new Mat();
            double b = Math.max(0.25, brightnessOf(level));
            if (b >= 0.999) {
                day.copyTo(m);
            } else {
                // Darker and bluer, and pools of light under the lamps.
                Core.multiply(day, new Scalar(b * 1.05, b * 0.95, b * 0.85), m);
                if (b < 0.6) {
                    for (double[] lamp : lamps) {
                        Imgproc.ellipse(m, new Point(lamp[0], lamp[1]), new Size(lamp[2] * 0.9, lamp[2] * 0.3), 0, 0, 360,
                                new Scalar(ground.val[0] * 0.42, ground.val[1] * 0.45, ground.val[2] * 0.48), -1);
                    }
                }
            }
            byLevel.put(level, m);
        }
        return m;
    }

    @Override
    public void close() {
        day.release();
        byLevel.values().forEach(Mat::release);
        byLevel.clear();
    }
}
