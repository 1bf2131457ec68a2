package io.safetywatcher.simulator.scene;

import io.safetywatcher.simulator.city.Camera;
import io.safetywatcher.simulator.city.ZoneKind;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one camera's frames: a copy of its pre-drawn backdrop at the current light level,
 * then people as simple figures (shadow, legs, body, arms, head) sized by perspective and
 * painted far to near, then sensor noise at night, then JPEG. Everything per frame is
 * cheap; the one per-frame native buffer is released each time.
 */
public final class FrameRenderer implements AutoCloseable {
    private static final Scalar[] SHIRTS = {
            new Scalar(40, 40, 200), new Scalar(200, 60, 40), new Scalar(40, 160, 40), new Scalar(20, 180, 230),
            new Scalar(150, 40, 150), new Scalar(30, 30, 30), new Scalar(230, 230, 230), new Scalar(0, 100, 200),
            new Scalar(120, 30, 30), new Scalar(200, 200, 40), new Scalar(60, 20, 120), new Scalar(30, 90, 60)};
    private static final Scalar[] TROUSERS = {
            new Scalar(60, 30, 20), new Scalar(25, 25, 25), new Scalar(70, 70, 70), new Scalar(30, 50, 90), new Scalar(110, 80, 50)};
    private static final Scalar SKIN = new Scalar(120, 160, 205);
    private static final Map<String, Mat[]> NOISE = new HashMap<>();
    private static final int NOISE_MARGIN = 32;

    static {
        OpenCV.loadLocally();
    }

    private final CameraGeometry geometry;
    private final Backdrop backdrop;
    private final Mat frame;
    private final MatOfInt jpegParams;
    private final Mat[] noise;
    /**
     * A live camera never sends the same pixels twice (a frozen one does): in good light, where no
     * noise is added, the bottom-left 8x8 block (one JPEG block, so the change survives the
     * encoding) takes another grey each frame. Near the camera a person is hundreds of times that
     * size, so it is never foreground that counts; the scene and its random draws stay as they were.
     */
    private int liveMark;
    private static final int MARK = 8;

    public FrameRenderer(Camera camera, ZoneKind kind, long seed, int jpegQuality) {
        this.geometry = new CameraGeometry(camera.width(), camera.height(), camera.viewAreaM2());
        this.backdrop = new Backdrop(geometry, kind, camera.id().toUpperCase(java.util.Locale.ROOT), seed);
        this.frame = new Mat(camera.height(), camera.width(), CvType.CV_8UC3);
        this.jpegParams = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality);
        this.noise = noise(camera.width(), camera.height());
    }

    public CameraGeometry geometry() { return geometry; }

    /** Two textures of sensor noise per resolution, shared by all cameras: made once, then only shifted. */
    private static synchronized Mat[] noise(int w, int h) {
        return NOISE.computeIfAbsent(w + "x" + h, k -> {
            SplittableRandom rng = new SplittableRandom(0x5EED);
            Mat[] pair = new Mat[2];
            for (int n = 0; n < 2; n++) {
                byte[] px = new byte[(w + NOISE_MARGIN) * (h + NOISE_MARGIN) * 3];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) Math.min(255, (int) Math.abs(rng.nextGaussian() * 7));
                }
                pair[n] = new Mat(h + NOISE_MARGIN, w + NOISE_MARGIN, CvType.CV_8UC3);
                pair[n].put(0, 0, px);
            }
            return pair;
        });
    }

    public RenderedFrame render(Crowd crowd, double brightness, SplittableRandom rng) {
        int level = Backdrop.level(brightness);
        double b = Math.max(0.25, Backdrop.brightnessOf(level));
        backdrop.at(level).copyTo(frame);
        List<Walker> ws = new ArrayList<>(crowd.walkers());
        ws.sort(Comparator.comparingDouble((Walker w) -> -w.z)); // painter's order: far first
        List<int[]> boxes = new ArrayList<>(ws.size());
        for (Walker w : ws) {
            int[] box = draw(w, b);
            if (box != null) {
                boxes.add(box);
            }
        }
        if (b < 0.75) {
            addNoise(noise, rng);
            if (b < 0.45) {
                addNoise(noise, rng);
            }
        } else {
            liveMark = (liveMark + 53) & 0xFF;
            Mat corner = frame.submat(geometry.height - MARK, geometry.height, 0, MARK);
            corner.setTo(new Scalar(liveMark, liveMark, liveMark));
            corner.release();
        }
        return encode(boxes);
    }

    /**
     * The same scene from a camera knocked aside: the picture slides a third of its width and a
     * quarter of its height, the edge it leaves mirrored in, so the whole view's layout changes.
     */
    public RenderedFrame renderMoved(Crowd crowd, double brightness, SplittableRandom rng) {
        render(crowd, brightness, rng);
        Mat shift = new Mat(2, 3, CvType.CV_64F);
        Mat moved = new Mat();
        try {
            shift.put(0, 0, 1, 0, -geometry.width / 3.0, 0, 1, geometry.height / 4.0);
            Imgproc.warpAffine(frame, moved, shift, frame.size(), Imgproc.INTER_NEAREST, Core.BORDER_REFLECT_101);
            Core.flip(moved, frame, 1);
        } finally {
            shift.release();
            moved.release();
        }
        return encode(List.of());
    }

    /** A lens taped over or sprayed black: a uniform dark view (a little light leaking past). */
    public RenderedFrame renderCovered() {
        frame.setTo(new Scalar(3, 3, 3));
        return encode(List.of());
    }

    private RenderedFrame encode(List<int[]> boxes) {
        MatOfByte buf = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", frame, buf, jpegParams);
            return new RenderedFrame(buf.toArray(), boxes);
        } finally {
            buf.release();
        }
    }

    /** Zero-mean noise: one shifted texture added, another subtracted. */
    private void addNoise(Mat[] noise, SplittableRandom rng) {
        int dx = rng.nextInt(NOISE_MARGIN);
        int dy = rng.nextInt(NOISE_MARGIN);
        Mat plus = noise[0].submat(new Rect(dx, dy, geometry.width, geometry.height));
        Mat minus = noise[1].submat(new Rect(NOISE_MARGIN - 1 - dx, dy, geometry.width, geometry.height));
        try {
            Core.add(frame, plus, frame);
            Core.subtract(frame, minus, frame);
        } finally {
            plus.release();
            minus.release();
        }
    }

    private int[] draw(Walker w, double b) {
        if (w.z < 0.8) {
            return null;
        }
        CameraGeometry g = geometry;
        double h = g.personHeight(w.z) * w.build;
        double u = g.u(w.x, w.z);
        double v = g.v(w.z);
        double halfW = h * 0.2;
        if (u + halfW < 0 || u - halfW >= g.width || v - h >= g.height || v < 0) {
            return null;
        }
        Scalar shirt = dim(SHIRTS[w.shirt], b);
        Scalar legs = dim(TROUSERS[w.trousers], b);
        Scalar skin = dim(SKIN, b);
        int thick = Math.max(2, (int) Math.round(h / 14));
        // Shadow on the ground, then legs in stride, body, arms, head.
        Imgproc.ellipse(frame, new Point(u + h * 0.06, v), new Size(h * 0.17, h * 0.045), 0, 0, 360, dim(new Scalar(70, 70, 70), b), -1);
        double stride = Math.sin(w.phase) * h * 0.12;
        Point hip = new Point(u, v - h * 0.47);
        Imgproc.line(frame, hip, new Point(u + stride, v), legs, thick);
        Imgproc.line(frame, hip, new Point(u - stride, v), legs, thick);
        Imgproc.ellipse(frame, new Point(u, v - h * 0.64), new Size(h * 0.12, h * 0.2), 0, 0, 360, shirt, -1);
        Point shoulder = new Point(u, v - h * 0.78);
        double reach = w.role == Role.FIGHTER ? 0.38 : 0.3;
        double swing = w.armSwing * (w.role == Role.FIGHTER ? 1.6 : 0.5);
        Imgproc.line(frame, shoulder, new Point(u + h * reach * Math.sin(0.5 + swing), shoulder.y + h * reach * Math.cos(0.5 + swing)), shirt, thick);
        Imgproc.line(frame, shoulder, new Point(u - h * reach * Math.sin(0.5 - swing), shoulder.y + h * reach * Math.cos(0.5 - swing)), shirt, thick);
        Imgproc.circle(frame, new Point(u, v - h * 0.9), Math.max(2, (int) Math.round(h * 0.075)), skin, -1);
        int x0 = (int) Math.max(0, u - h * 0.42);
        int y0 = (int) Math.max(0, v - h * 0.98);
        int x1 = (int) Math.min(g.width, u + h * 0.42);
        int y1 = (int) Math.min(g.height, v + h * 0.05);
        return x1 > x0 && y1 > y0 ? new int[] {x0, y0, x1 - x0, y1 - y0} : null;
    }

    private static Scalar dim(Scalar c, double b) { return new Scalar(c.val[0] * b, c.val[1] * b, c.val[2] * b); }

    @Override
    public void close() {
        backdrop.close();
        frame.release();
        jpegParams.release();
    }
}
