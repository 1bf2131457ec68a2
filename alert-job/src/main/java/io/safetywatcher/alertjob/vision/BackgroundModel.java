package io.safetywatcher.alertjob.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * One camera's empty scene, learnt from its frames: it starts as the per-pixel median of
 * frames sampled across the warm-up (whoever walks through is in a minority of them at any
 * pixel, so they drop out) and then is a running average that learns only where
 * nobody is, so a person who stands still (a loiterer) is not absorbed into the background.
 * What stays foreground for about {@code ghostFrames} frames (a missed frame costs three) is absorbed after all (a parked
 * car, or a person who was there while the model warmed up and has since left). A change of
 * light scales the whole background at once (the gain is measured on the pixels last seen
 * as background, and not near foreground), and the foreground threshold follows the measured
 * sensor noise, so the darker, noisier night frames are judged against their own noise. Only
 * foreground that does not change from frame to frame ages into a ghost: a dense crowd, where
 * every pixel stays foreground but people move, is not absorbed.
 *
 * <p>Owns native memory: {@link #close()} it. Per-frame buffers are released before each
 * call returns.
 */
final class BackgroundModel implements AutoCloseable {
    static {
        FrameAnalyzer.loadNative(); // before the native constants below
    }

    /** The share of the view's quietest pixels the noise is read from. */
    static final double QUIET_QUANTILE = 0.25;
    /**
     * The noise estimate over the quiet pixels' lower quartile. The mean difference of sensor noise
     * alone is 2-2.5 times its quartile on the simulated cameras and 2-3.4 on the real clip; 2.5 keeps
     * the real clip's counts where the mean had them (2 over-counts it; 3 lets a packed simulated
     * crowd vanish again).
     */
    static final double QUIET_TO_NOISE = 2.5;
    /** The noise estimate may rise only while at least this share of the view is clear of foreground and its margin. */
    static final double CLEAR_SHARE = 0.6;
    /** Whole-view statistics (light, noise) are read from one pixel in this many, each way. */
    static final int SAMPLE_STEP = 2;
    /** The margin around the last mask kept out of the light and noise statistics: the width over this. */
    static final int MARGIN_SHARE = 25;

    private final int warmupFrames;
    private final int ghostFrames;
    /** Learning rate where no one is (vision.background-learning-rate). */
    private final double alpha;
    /** On the sum of the three channels' differences (vision.foreground-min-threshold). */
    private final double minThreshold;
    private final double noiseFactor;
    /** The weak threshold's share of the full one (vision.foreground-hysteresis); 1 is off. */
    private final double hysteresis;
    private final Mat background = new Mat();   // CV_32FC3
    private final Mat age = new Mat();          // CV_8U: frames in a row each pixel was foreground
    private final Mat lastMask = new Mat();     // CV_8U 0/255
    /** The hysteresis' weak mask and its regions, and their pixels as Java arrays: reused frame to frame. */
    private final Mat low = new Mat();
    private final Mat lowLabels = new Mat();
    private int[] labelBuf = new int[0];
    private byte[] maskBuf = new byte[0];
    // Taller than wide: removes speckle and thin horizontal things (tape in the wind, wires) that would chain people together.
    private final Mat open = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 5));
    // Taller than wide: joins a figure's thin legs to its body without merging neighbours side by side.
    private final Mat close = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 9));
    private final Mat grow = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(9, 9));
    private final Mat toGrey = new Mat(1, 3, CvType.CV_32F);
    /** Frames sampled during warm-up for the median; released once it is computed. */
    private final java.util.List<Mat> samples = new java.util.ArrayList<>();
    static final int SAMPLES = 9;
    private int frames;
    private double gain = 1;
    private double noise;
    private double lastThreshold;
    /** The frame learnt last (CV_8UC3): what did not change since is what a ghost is made of. */
    private final Mat previous = new Mat();
    /** Around the last mask, not bare ground (set with the first frame's width). */
    private Mat margin = new Mat();

    BackgroundModel(int warmupFrames, int ghostFrames, VisionSettings.Detection d) {
        this.warmupFrames = Math.max(1, warmupFrames);
        this.ghostFrames = Math.min(255, Math.max(2, ghostFrames));
        this.alpha = d.learningRate();
        this.minThreshold = d.minThreshold();
        this.noiseFactor = d.noiseFactor();
        this.hysteresis = d.hysteresis();
        toGrey.put(0, 0, 1f, 1f, 1f);
    }

    boolean warm() { return frames >= warmupFrames; }

    int frames() { return frames; }

    /**
     * The foreground of a (blurred) frame against the model, without learning from it.
     *
     * @param mask out: CV_8U, 255 where something differs from the empty scene
     */
    void foreground(Mat frame, Mat mask) {
        if (frames == 0) {
            mask.create(frame.rows(), frame.cols(), CvType.CV_8U);
            mask.setTo(Scalar.all(0));
            gain = 1;
            return;
        }
        Mat bg = background;
        Mat scaled = new Mat();
        Mat diff3 = new Mat();
        Mat diff = new Mat();
        Mat still = new Mat();
        Mat sampledStill = new Mat();
        try {
            // Light: the ratio of frame to background over what was background last time
            // (lightGain). Medians, not means: where a crowd fills the view the mask misses parts
            // of people, and those must not pass for a change of light (the background would be
            // rescaled, the mask would miss more, and the crowd would vanish within seconds).
            // Statistics of the whole view are read from every SAMPLE_STEP-th pixel of every
            // SAMPLE_STEP-th row: a quarter of the cost, and the real clip's counts unchanged
            // (every fourth pixel changed one labelled frame).
            // Near what was foreground is not taken for bare ground either: a dense crowd is never
            // wholly in the mask, and the people it missed, counted as still, moved the light's
            // median a little every frame (rescaling the sky too) and raised the noise estimate,
            // until the threshold lost the crowd: a night crowd in half the view was down from 80
            // people to 3 within two minutes. A margin of a twenty-fifth of the width around the
            // mask keeps them out (a sixtieth did not); a quarter of the view left bare still gives the noise.
            Imgproc.dilate(lastMask, still, margin);
            Core.bitwise_not(still, still);
            sample(still, sampledStill);
            Mat frame32 = diff3; // reuse: the frame as float, then the difference in place
            frame.convertTo(frame32, CvType.CV_32FC3);
            gain = lightGain(frame32, sampledStill);
            if (Math.abs(gain - 1) > STEADY_LIGHT) {
                Core.multiply(background, Scalar.all(gain), scaled);
                bg = scaled;
            } else {
                gain = 1;
            }
            Core.absdiff(frame32, bg, diff3);
            Core.transform(diff3, diff, toGrey);
            // The noise is read from the quietest quarter of the pixels where nothing was seen and nothing
            // stands out now: however many people there are, while a quarter of the view is empty ground,
            // wall or sky they cannot pass for noise. (A mean there let a crowd raise the threshold until
            // the crowd vanished from the mask, and then nothing brought it back: a scene crowded from its
            // first frame was never seen at all.) A frame where almost everything stands out (a corrupt
            // one) says nothing about the noise.
            Mat sampledDiff = new Mat();
            Mat quiet = new Mat();
            double measured;
            try {
                sample(diff, sampledDiff);
                if (frames <= 1) {
                    sampledStill.copyTo(quiet);
                } else {
                    Imgproc.threshold(sampledDiff, quiet, Math.max(minThreshold, noiseFactor * noise), 255, Imgproc.THRESH_BINARY_INV);
                    quiet.convertTo(quiet, CvType.CV_8U);
                    Core.bitwise_and(quiet, sampledStill, quiet);
                }
                measured = Core.countNonZero(quiet) < QUIET_QUANTILE * quiet.total() ? Double.NaN
                        : QUIET_TO_NOISE * quantile(sampledDiff, quiet, QUIET_QUANTILE);
            } finally {
                sampledDiff.release();
                quiet.release();
            }
            // People the threshold misses (a dark crowd at night) are quiet pixels too, and raise the
            // quartile as the crowd grows: the threshold rose with it until the crowd half vanished
            // (a night crowd at 3.7 p/m² counted 1.2). Noise may fall at any time, but rise only while
            // most of the view is clear, as it is when the light, not a crowd, makes it noisier.
            boolean clear = Core.countNonZero(sampledStill) >= CLEAR_SHARE * sampledStill.total();
            if (!Double.isNaN(measured) && (frames <= 1 || measured < noise || clear)) {
                noise = frames <= 1 ? measured : 0.9 * noise + 0.1 * measured;
            }
            double threshold = Math.max(minThreshold, noiseFactor * noise);
            lastThreshold = threshold;
            double weak = weakThreshold(threshold, bg);
            if (weak < threshold) {
                Imgproc.threshold(diff, low, weak, 255, Imgproc.THRESH_BINARY);
                low.convertTo(low, CvType.CV_8U);
            }
            Imgproc.threshold(diff, diff, threshold, 255, Imgproc.THRESH_BINARY);
            diff.convertTo(mask, CvType.CV_8U);
            if (weak < threshold) {
                // Hysteresis: what differs by at least the weak threshold is foreground where it joins what
                // passes the full one (a night walker's dark trousers under their lit coat), not on its own;
                // grown only from what survives the opening: a speck of noise in a dim patch is no one.
                Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, open);
                joined(low, mask);
            }
            Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, open);
            Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, close);
        } finally {
            scaled.release();
            diff3.release();
            diff.release();
            still.release();
            sampledStill.release();
        }
    }

    /**
     * The weak threshold of the hysteresis, in a dark scene only (a mean grey under
     * {@link #MID_GREY}): vision.foreground-hysteresis of the threshold, but no lower than the floor
     * (vision.foreground-min-threshold) scaled by the scene's grey against {@link #MID_GREY}. By
     * night a dim figure's contrast with the ground falls under the floor and a crowd at 4 p/m²
     * counted half its size (eval counts --light 0.3). In daylight it stays off: on the real
     * pedestrian clip (mean grey about 130, its threshold over the floor from compression noise)
     * the regions over half the threshold joined into crowds of 50-220 people before the camera
     * had calibrated.
     *
     * @param bg the background as compared (float, 3 channels, the light's gain applied)
     */
    private double weakThreshold(double threshold, Mat bg) {
        if (hysteresis >= 1) {
            return threshold;
        }
        Scalar mean = Core.mean(bg);
        double grey = (mean.val[0] + mean.val[1] + mean.val[2]) / 3;
        if (grey >= MID_GREY) {
            return threshold;
        }
        return Math.max(minThreshold * grey / MID_GREY, hysteresis * threshold);
    }

    /**
     * Sets {@code mask} to the regions of {@code low} (8-connected) that hold a pixel of {@code mask}.
     * The pixel buffers are kept from frame to frame: this runs on every night frame.
     */
    private void joined(Mat low, Mat mask) {
        int n = Imgproc.connectedComponents(low, lowLabels, 8, CvType.CV_32S);
        if (n <= 1) {
            return; // nothing over the weak threshold, so nothing over the full one either
        }
        int total = (int) mask.total();
        if (labelBuf.length != total) {
            labelBuf = new int[total];
            maskBuf = new byte[total];
        }
        lowLabels.get(0, 0, labelBuf);
        mask.get(0, 0, maskBuf);
        boolean[] seeded = new boolean[n];
        for (int i = 0; i < total; i++) {
            if (maskBuf[i] != 0) {
                seeded[labelBuf[i]] = true;
            }
        }
        seeded[0] = false;
        for (int i = 0; i < total; i++) {
            maskBuf[i] = seeded[labelBuf[i]] ? (byte) 255 : 0;
        }
        mask.put(0, 0, maskBuf);
    }

    /** The mean grey (0..255) under which a scene is dark enough for the hysteresis: the simulator's night is about 40, its day 150. */
    static final double MID_GREY = 100;

    /** Where the frame differs from the previous one by more than the foreground threshold (CV_8U 0/255). */
    private void changedSinceLast(Mat frame, Mat out) {
        Mat d3 = new Mat();
        Mat d = new Mat();
        try {
            Core.absdiff(frame, previous, d3);
            // In 16 bits, not float: the sum of three 8-bit differences fits, and the float
            // transform halved the frame rate of the whole analysis (bench vision: 117 against 223 frames/s).
            d3.convertTo(d3, CvType.CV_16UC3);
            Core.transform(d3, d, toGrey);
            Core.compare(d, Scalar.all(lastThreshold), out, Core.CMP_GT);
        } finally {
            d3.release();
            d.release();
        }
    }

    /** Every {@link #SAMPLE_STEP}-th pixel of every {@link #SAMPLE_STEP}-th row (nearest: masks stay 0/255). */
    private static void sample(Mat full, Mat out) {
        Imgproc.resize(full, out, new Size((full.cols() + SAMPLE_STEP - 1) / SAMPLE_STEP, (full.rows() + SAMPLE_STEP - 1) / SAMPLE_STEP),
                0, 0, Imgproc.INTER_NEAREST);
    }

    /** Learns from a frame accepted as sound, with the mask {@link #foreground} gave for it. */
    void learn(Mat frame, Mat mask) {
        if (frames == 0) {
            frame.convertTo(background, CvType.CV_32FC3);
            frame.copyTo(previous);
            int side = Math.max(3, (frame.cols() / MARGIN_SHARE) | 1);
            margin.release();
            margin = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(side, side));
            age.create(frame.rows(), frame.cols(), CvType.CV_8U);
            age.setTo(Scalar.all(0));
            mask.copyTo(lastMask);
            frames = 1;
            return;
        }
        if (gain != 1) {
            Core.multiply(background, Scalar.all(gain), background);
        }
        if (frames < warmupFrames) {
            Imgproc.accumulateWeighted(frame, background, 1.0 / (frames + 1));
            int stride = Math.max(1, warmupFrames / SAMPLES);
            if (frames % stride == 0 && samples.size() < SAMPLES) {
                samples.add(frame.clone());
            }
            if (frames == warmupFrames - 1) {
                median();
            }
        } else {
            Mat empty = new Mat();
            Mat ghosts = new Mat();
            Mat moved = new Mat();
            try {
                Imgproc.dilate(mask, empty, grow);
                Core.bitwise_not(empty, empty);
                Imgproc.accumulateWeighted(frame, background, alpha, empty);
                // A ghost's edge flickers around the threshold: its age decays when it misses a frame rather than restarting.
                Core.add(age, Scalar.all(1), age, mask);
                Core.subtract(age, Scalar.all(3), age, empty);
                // A ghost or a parked car is foreground that does not change; a dense crowd keeps
                // every pixel foreground for minutes, but not the same person: where the frame
                // changed since the last one the age decays as where nobody is, so the crowd is
                // not absorbed after ghostFrames (it was, two minutes into a night crowd).
                changedSinceLast(frame, moved);
                Core.bitwise_and(moved, mask, moved);
                Core.subtract(age, Scalar.all(4), age, moved);
                Core.compare(age, Scalar.all(ghostFrames), ghosts, Core.CMP_GE);
                if (Core.countNonZero(ghosts) > 0) {
                    Imgproc.accumulateWeighted(frame, background, 0.1, ghosts);
                }
            } finally {
                empty.release();
                ghosts.release();
                moved.release();
            }
        }
        frame.copyTo(previous);
        if (frames < warmupFrames) {
            lastMask.setTo(Scalar.all(0));
        } else {
            mask.copyTo(lastMask);
        }
        frames++;
    }

    /**
     * Whether the foreground in a box is a ghost rather than someone there: along the outline of
     * the foreground the background has edges the frame does not. Where a person stands the frame
     * shows their outline against the ground; where a person stood while the model learnt (and
     * has left) the frame shows bare ground and the outline is only in the background.
     */
    boolean ghost(Mat frame, Mat mask, Box box) {
        if (background.empty() || box.w() < 3 || box.h() < 3) {
            return false;
        }
        org.opencv.core.Rect r = new org.opencv.core.Rect(box.x(), box.y(), box.w(), box.h());
        Mat inner = new Mat();
        Mat outline = new Mat();
        Mat bg8 = new Mat();
        try {
            Mat m = mask.submat(r);
            Imgproc.erode(m, inner, new Mat());
            Core.subtract(m, inner, outline);
            m.release();
            if (Core.countNonZero(outline) == 0) {
                return false;
            }
            Mat bgPart = background.submat(r);
            bgPart.convertTo(bg8, CvType.CV_8UC3);
            bgPart.release();
            Mat framePart = frame.submat(r);
            double now = edgeStrength(framePart, outline);
            framePart.release();
            double then = edgeStrength(bg8, outline);
            return now < 0.7 * then;
        } finally {
            inner.release();
            outline.release();
            bg8.release();
        }
    }

    /** The mean gradient magnitude of an 8-bit BGR image's grey on the mask's pixels. */
    private static double edgeStrength(Mat bgr, Mat where) {
        Mat grey = new Mat();
        Mat gx = new Mat();
        Mat gy = new Mat();
        try {
            Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
            Imgproc.Sobel(grey, gx, CvType.CV_32F, 1, 0);
            Imgproc.Sobel(grey, gy, CvType.CV_32F, 0, 1);
            Core.magnitude(gx, gy, gx);
            return Core.mean(gx, where).val[0];
        } finally {
            grey.release();
            gx.release();
            gy.release();
        }
    }

    /** Takes the frame as the background where the box's foreground is (a ghost found), at once. */
    void absorb(Mat frame, Mat mask, Box box) {
        org.opencv.core.Rect r = new org.opencv.core.Rect(box.x(), box.y(), box.w(), box.h());
        Mat where = new Mat();
        try {
            Mat m = mask.submat(r);
            Imgproc.dilate(m, where, grow);
            m.release();
            Mat bgPart = background.submat(r);
            Mat framePart = frame.submat(r);
            Mat agePart = age.submat(r);
            Imgproc.accumulateWeighted(framePart, bgPart, 1.0, where);
            agePart.setTo(Scalar.all(0), where);
            bgPart.release();
            framePart.release();
            agePart.release();
        } finally {
            where.release();
        }
    }

    /** The per-pixel, per-channel median of the samples becomes the background. */
    private void median() {
        if (samples.size() >= 3) {
            int n = samples.size();
            int len = (int) (samples.get(0).total() * samples.get(0).channels());
            byte[][] px = new byte[n][len];
            for (int k = 0; k < n; k++) {
                samples.get(k).get(0, 0, px[k]);
            }
            byte[] out = new byte[len];
            int[] v = new int[n];
            for (int i = 0; i < len; i++) {
                for (int k = 0; k < n; k++) {
                    int x = px[k][i] & 0xFF;
                    int j = k;
                    while (j > 0 && v[j - 1] > x) {
                        v[j] = v[j - 1];
                        j--;
                    }
                    v[j] = x;
                }
                out[i] = (byte) v[n / 2];
            }
            Mat m = new Mat(samples.get(0).rows(), samples.get(0).cols(), samples.get(0).type());
            try {
                m.put(0, 0, out);
                m.convertTo(background, CvType.CV_32FC3);
            } finally {
                m.release();
            }
        }
        releaseSamples();
    }

    private void releaseSamples() {
        samples.forEach(Mat::release);
        samples.clear();
    }

    /** Forget everything: the next frames warm the model up again (a camera moved, a run restarted). */
    void reset() {
        frames = 0;
        releaseSamples();
    }

    /**
     * How much brighter the frame is than the background where it is bare. The ratio of the two
     * medians follows a real camera's exposure curve best (the real clip counts better with it),
     * but people walking onto the bare ground move the frame's median too: a dense crowd over a
     * third of it read 0.6-0.8, the whole background was scaled down, every pixel differed, and
     * the camera's frames were refused as a device fault. The median of the pixels' own ratios
     * takes each person for an outlier; it is used where the two part and nearly all the ratios
     * agree with it, that is where the scene is the same and only some of it changed. Pixels too
     * dark for a ratio to mean anything are left out. 1 when nothing is left.
     */
    private double lightGain(Mat frame32, Mat sampledMask) {
        Mat f = new Mat();
        Mat b = new Mat();
        Mat fGrey = new Mat();
        Mat bGrey = new Mat();
        Mat lit = new Mat();
        try {
            sample(frame32, f);
            sample(background, b);
            Core.transform(f, fGrey, toGrey);
            Core.transform(b, bGrey, toGrey);
            double fm = quantile(fGrey, sampledMask, 0.5);
            double bm = quantile(bGrey, sampledMask, 0.5);
            double ofMedians = bm > 1 && !Double.isNaN(fm) ? fm / bm : 1;
            if (Math.abs(ofMedians - 1) <= STEADY_LIGHT) {
                // Steady light, most frames: nothing to scale, and the ratios' cost is saved (bench vision).
                return ofMedians;
            }
            Imgproc.threshold(bGrey, lit, MIN_GREY_FOR_GAIN, 255, Imgproc.THRESH_BINARY);
            lit.convertTo(lit, CvType.CV_8U);
            Core.bitwise_and(lit, sampledMask, lit);
            // The ratio in 1/256ths fits the histogram's 0..1023: gains up to 4.
            Core.divide(fGrey, bGrey, fGrey, RATIO_SCALE);
            double ofRatios = quantile(fGrey, lit, 0.5) / RATIO_SCALE;
            if (Double.isNaN(ofRatios) || Math.abs(ofMedians - ofRatios) <= MAX_GAIN_DISAGREEMENT) {
                return ofMedians;
            }
            // They part. People on the bare ground pull the ratio of medians, and then nearly all the
            // ratios still sit close to their median (0.93-0.99 of them in a dense day crowd). A camera
            // knocked aside pairs each pixel with another scene's: its ratios scatter (0.51 of them near
            // the median in the dark park), and the ratio of medians, which makes the whole view
            // foreground and so reads as another scene, must stand.
            Core.inRange(fGrey, Scalar.all((ofRatios - GAIN_BAND) * RATIO_SCALE), Scalar.all((ofRatios + GAIN_BAND) * RATIO_SCALE), f);
            Core.bitwise_and(f, lit, f);
            return Core.countNonZero(f) >= MIN_GAIN_AGREEMENT * Core.countNonZero(lit) ? ofRatios : ofMedians;
        } finally {
            f.release();
            b.release();
            fGrey.release();
            bGrey.release();
            lit.release();
        }
    }

    /** A gain of the light this near 1 is no change: the background is not rescaled. */
    static final double STEADY_LIGHT = 0.02;
    /** The background's grey (sum of three channels) under which a pixel's ratio is left out of the light's gain. */
    static final double MIN_GREY_FOR_GAIN = 24;
    private static final double RATIO_SCALE = 256;
    /** How far the ratio of medians may stray from the median of ratios before people, not the light, may have moved it. */
    static final double MAX_GAIN_DISAGREEMENT = 0.03;
    /** How near the median of ratios a pixel's ratio must be to agree with it. */
    static final double GAIN_BAND = 0.1;
    /** The share of bare pixels that must agree with the median of ratios for it to stand against the ratio of medians. */
    static final double MIN_GAIN_AGREEMENT = 0.8;

    // calcHist's arguments, made once and only read: made per call, their native memory waited
    // for the garbage collector's finalizers, three or four calls a frame (bench vision's RSS growth).
    private static final org.opencv.core.MatOfInt HIST_CHANNEL = new org.opencv.core.MatOfInt(0);
    private static final org.opencv.core.MatOfInt HIST_BINS = new org.opencv.core.MatOfInt(1024);
    private static final org.opencv.core.MatOfFloat HIST_RANGE = new org.opencv.core.MatOfFloat(0, 1024);

    /**
     * A quantile of a one-channel float image where the mask is set, from a histogram over
     * 0..1023 (the sum of three 8-bit channels fits) interpolated within the bin; NaN if the mask is empty.
     */
    private static double quantile(Mat values, Mat mask, double q) {
        Mat hist = new Mat();
        try {
            Imgproc.calcHist(java.util.List.of(values), HIST_CHANNEL, mask, hist, HIST_BINS, HIST_RANGE);
            float[] h = new float[1024];
            hist.get(0, 0, h);
            double total = 0;
            for (float v : h) {
                total += v;
            }
            if (total == 0) {
                return Double.NaN;
            }
            double wanted = q * total;
            double seen = 0;
            for (int i = 0; i < h.length; i++) {
                if (h[i] > 0 && seen + h[i] >= wanted) {
                    return i + (wanted - seen) / h[i];
                }
                seen += h[i];
            }
            return h.length - 1;
        } finally {
            hist.release();
        }
    }

    @Override
    public void close() {
        releaseSamples();
        background.release();
        age.release();
        lastMask.release();
        low.release();
        lowLabels.release();
        previous.release();
        margin.release();
        open.release();
        close.release();
        grow.release();
        toGrey.release();
    }
}
