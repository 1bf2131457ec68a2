package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.codec.Rejection;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One camera's feature extractor: JPEG in, {@link FrameFeatures} out. Decode, blur away
 * sensor noise, foreground against the camera's {@link BackgroundModel}, connected blobs
 * filtered by the size a person has at their row ({@link CameraView}), people per blob,
 * {@link Tracker}, and the motion energy from where people keep moving violently on the spot
 * ({@link Agitation}). A frame that cannot be decoded, has the wrong size or corrupt scan data,
 * or whose pixels are implausible for this camera (most of the view changed at once, not
 * explained by the light, or more people per m² than can physically stand there) is refused
 * with its reason and neither the model, the tracker nor the motion energy learns from it.
 * The size a person has at each row starts from the camera's registered mounting and is then
 * learnt from the people it sees walking alone ({@link PerspectiveLearner}); until it is, each
 * frame's count is marked uncertain ({@link FrameFeatures#calibrated()}). A track that never
 * moved and whose outline is in the background but not in the frame is a ghost, absorbed at once.
 *
 * <p>Frames must come in capture order; a frame already analysed (a replayed batch) gets the
 * same answer again from a short memory, and an older one is skipped rather than fed to the
 * model out of order. Not thread-safe: one camera, one caller at a time. Owns native memory.
 */
public final class FrameAnalyzer implements AutoCloseable {
    private byte[] pixelBuffer;
    private static final int MEMORY = 64;
    /**
     * A camera silent this long comes back to a scene that may have changed (another light, other
     * people): its model warms up again and its tracks end, so nobody seen before the gap
     * "dwells" across it.
     */
    public static final Duration GAP = Duration.ofSeconds(60);

    static {
        OpenCV.loadLocally();
    }

    /** The camera's view as registered (its mounting the prior), and as counted with now (learnt once calibrated). */
    private final CameraView prior;
    private CameraView view;
    private double personArea;
    private final double priorPersonArea;
    private PerspectiveLearner learner;
    /** This frame's foreground regions before the size filter: what the perspective is learnt from. */
    private final List<Box> regions = new ArrayList<>();
    private int[] regionAreas = new int[0];
    private final double maxDensity;
    private final VisionSettings.Detection detection;
    private final BackgroundModel model;
    private final Tracker tracker;
    private final Agitation agitation;
    private final Size blur = new Size(3, 3);
    private final Map<Long, Verdict> recent = new LinkedHashMap<>(MEMORY, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Verdict> e) { return size() > MEMORY; }
    };
    private long lastSeq = Long.MIN_VALUE;
    private Instant lastTime;
    private double lastShare;
    private int implausibleRun;
    /** The last analysed frame's view, while the model is warm: a sudden change of the whole of it is another scene. */
    private ViewStats lastView;

    public FrameAnalyzer(CameraView view, VisionSettings settings) {
        this.prior = view;
        this.view = view;
        this.personArea = settings.personArea();
        this.priorPersonArea = settings.personArea();
        this.learner = new PerspectiveLearner(view.width(), view.height());
        this.maxDensity = settings.maxDensity();
        this.detection = settings.detection();
        this.model = new BackgroundModel(settings.warmupFrames(), settings.ghostFrames(), detection);
        this.tracker = new Tracker(view, settings.maxMisses(), settings.motion());
        this.agitation = new Agitation(settings.motion());
    }

    /** The view as registered (what a re-registration is compared with). */
    public CameraView view() { return prior; }

    /** What the camera has learnt of its perspective so far. */
    public Calibration calibration() { return learner.current(); }

    /** The places its tracker takes for spots someone stays at, as of the last frame. */
    public List<Tracker.Place> spots() { return tracker.places(); }

    /** Loads OpenCV's native library (once per process) before a caller makes Mats of its own. */
    public static void loadNative() {
        // The static initialiser does it.
    }

    /** Decodes a JPEG to a BGR image, or null if OpenCV cannot. The caller releases it. */
    public static Mat decode(byte[] jpeg) {
        MatOfByte buf = new MatOfByte(jpeg);
        try {
            Mat img = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
            if (img.empty()) {
                img.release();
                return null;
            }
            return img;
        } finally {
            buf.release();
        }
    }

    public Verdict analyze(byte[] jpeg, Instant time, long seq) {
        if (seq <= lastSeq) {
            Verdict again = recent.get(seq);
            return again != null ? again : new Verdict.Skipped("frame " + seq + " is older than the last analysed (" + lastSeq + ")");
        }
        Rejection broken = FrameCodec.structureProblem(jpeg, view.width(), view.height());
        if (broken != null) {
            return remember(seq, new Verdict.Refused(broken.reason(), broken.detail()));
        }
        Mat img = decode(jpeg);
        if (img == null) {
            return remember(seq, new Verdict.Refused(Reason.CORRUPT_JPEG, "OpenCV could not decode the JPEG (" + jpeg.length + " bytes)"));
        }
        try {
            return remember(seq, analyze(img, time, seq));
        } finally {
            img.release();
        }
    }

    /** The same, from a decoded BGR image (a video file's frame). */
    public Verdict analyze(Mat img, Instant time, long seq) {
        if (img.cols() != view.width() || img.rows() != view.height() || img.type() != CvType.CV_8UC3) {
            return new Verdict.Refused(Reason.WRONG_SIZE, "the image is " + img.cols() + "x" + img.rows()
                    + " but the camera is registered as " + view.width() + "x" + view.height());
        }
        if (lastTime != null && Duration.between(lastTime, time).compareTo(GAP) > 0) {
            model.reset();
            tracker.reset();
            agitation.reset();
            lastView = null;
        }
        lastTime = time;
        Mat smooth = new Mat();
        Mat mask = new Mat();
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            Imgproc.blur(img, smooth, blur);
            model.foreground(smooth, mask);
            double share = (double) Core.countNonZero(mask) / mask.total();
            if (model.warm() && share > detection.implausibleShare() && share > 3 * lastShare + 0.05) {
                if (++implausibleRun <= detection.implausibleRun()) {
                    return new Verdict.Refused(Reason.CORRUPT_JPEG, String.format(java.util.Locale.ROOT,
                            "implausible pixels: %.0f%% of the view changed at once (%.0f%% in the last sound frame); not learnt from",
                            100 * share, 100 * lastShare));
                }
                // It persists: the scene itself changed (the camera moved). Learn it afresh.
                anotherScene();
            }
            ViewStats seen = ViewStats.of(img, pixels(img), model.warm() ? mask : null);
            if (model.warm() && lastView != null && seen.likeness(lastView) < detection.sceneChange()) {
                // The whole view changed from one frame to the next where neither frame shows anyone,
                // but too little for the share above (a dark scene): without this its changed pixels
                // would be "people" until the model absorbed them, minutes later.
                anotherScene();
                seen = new ViewStats(seen.mean(), seen.spread(), seen.digest(), seen.layout());
            }
            boolean warm = model.warm();
            List<Blob> blobs = warm ? blobs(smooth, mask, labels, stats, centroids) : List.of();
            int people = 0;
            int inCrowds = 0;
            for (Blob b : blobs) {
                people += b.people();
                inCrowds += b.people() >= detection.crowdBlob() ? b.people() : 0;
            }
            // Garbage pixels (a JPEG whose scan data decodes without error into noise) make blobs
            // everywhere: thousands of "people" where no crowd can pack. Refused before any state learns it.
            double density = people / view.viewAreaM2();
            if (density > maxDensity) {
                return new Verdict.Refused(Reason.CORRUPT_JPEG, String.format(java.util.Locale.ROOT,
                        "implausible scene: %d people in %.0f m² of view is %.1f p/m², beyond the %.1f p/m² people can pack; not learnt from",
                        people, view.viewAreaM2(), density, maxDensity));
            }
            implausibleRun = 0;
            Tracker.Result tracked = warm ? tracker.update(blobs, time, density) : Tracker.Result.NONE;
            // Someone going somewhere is no company for a fight: a passer-by brushing past a pacer, a wanderer crossing another.
            double agitated = agitation.update(smooth, mask, blobs, b -> tracked.going(b) ? 0 : held(b),
                    b -> view.metresPerPixel(b.box().footRow()), seen.mean());
            model.learn(smooth, mask);
            lastShare = share;
            for (Box still : tracked.still()) {
                // Someone who stood there while the model learnt and has left: absorbed now, not after vision.ghost-frames.
                if (model.ghost(smooth, mask, still)) {
                    model.absorb(smooth, mask, still);
                }
            }
            boolean calibrated = learner.current().calibrated();
            if (warm && learner.observe(regions, regionAreas) && learner.current().calibrated()) {
                // Counted from the next frame on with what the camera's own people showed.
                Calibration c = learner.current();
                view = c.applyTo(prior);
                personArea = c.personArea();
                tracker.view(view);
            }
            lastView = warm ? seen : null;
            return new Verdict.Analysed(new FrameFeatures(time, seq, warm, people, warm ? agitated : 0, share, blobs, tracked.people(), calibrated,
                    seen, inCrowds));
        } finally {
            smooth.release();
            mask.release();
            labels.release();
            stats.release();
            centroids.release();
        }
    }

    /**
     * The camera now sees another scene (moved, turned): the background is learnt afresh, the
     * tracks end, and the perspective learnt from the old view's people no longer holds, so the
     * camera counts as uncalibrated again, from its registered mounting.
     */
    private void anotherScene() {
        model.reset();
        agitation.reset();
        tracker.reset();
        lastView = null;
        learner = new PerspectiveLearner(prior.width(), prior.height());
        view = prior;
        personArea = priorPersonArea;
        tracker.view(view);
    }

    private List<Blob> blobs(Mat image, Mat mask, Mat labels, Mat stats, Mat centroids) {
        int n = Imgproc.connectedComponentsWithStats(mask, labels, stats, centroids, 8, CvType.CV_32S);
        List<Blob> out = new ArrayList<>();
        regions.clear();
        if (n <= 1) {
            return out;
        }
        int[] s = new int[n * 5];
        stats.get(0, 0, s);
        double[] cover = null; // each row's foreground share of the view: read once, when a crowd is there and the correction is on
        regionAreas = new int[n];
        for (int i = 1; i < n; i++) {
            if (s[i * 5 + Imgproc.CC_STAT_AREA] >= 12) {
                regionAreas[regions.size()] = s[i * 5 + Imgproc.CC_STAT_AREA];
                regions.add(new Box(s[i * 5 + Imgproc.CC_STAT_LEFT], s[i * 5 + Imgproc.CC_STAT_TOP], s[i * 5 + Imgproc.CC_STAT_WIDTH],
                        s[i * 5 + Imgproc.CC_STAT_HEIGHT]));
            }
        }
        for (int i = 1; i < n; i++) {
            int x = s[i * 5 + Imgproc.CC_STAT_LEFT];
            int y = s[i * 5 + Imgproc.CC_STAT_TOP];
            int w = s[i * 5 + Imgproc.CC_STAT_WIDTH];
            int h = s[i * 5 + Imgproc.CC_STAT_HEIGHT];
            int area = s[i * 5 + Imgproc.CC_STAT_AREA];
            Blob b = person(new Box(x, y, w, h), area);
            if (b != null && b.people() >= detection.crowdBlob()) {
                cover = cover == null && detection.occlusionLimit() > 0 ? rowCover(mask) : cover;
                b = new Blob(b.box(), area, Math.max(b.people(), peopleByRow(labels, i, b.box(), cover)));
            }
            if (b != null) {
                out.add(b.people() <= 1 ? b.withColour(meanColour(image, labels, i, b.box())) : b);
            }
        }
        return out;
    }

    /**
     * A crowd's blob spans many rows, and a person far away is much smaller than one at the
     * blob's lowest row: each row's pixels are counted at the size of a person whose body
     * crosses that row (feet about half a height lower), and partly hidden by their neighbours
     * (vision.crowd-visible-share). People hidden wholly behind others are estimated from how much
     * of the row is covered ({@link #hiddenFactor}), up to vision.crowd-occlusion-limit.
     */
    private int peopleByRow(Mat labels, int label, Box box, double[] cover) {
        Mat region = labels.submat(box.y(), box.y() + box.h(), box.x(), box.x() + box.w());
        Mat mine = new Mat();
        Mat perRow = new Mat();
        try {
            Core.compare(region, new Scalar(label), mine, Core.CMP_EQ);
            Core.reduce(mine, perRow, 1, Core.REDUCE_SUM, CvType.CV_32S);
            int[] counts = new int[box.h()];
            perRow.get(0, 0, counts);
            double people = 0;
            for (int r = 0; r < counts.length; r++) {
                double row = box.y() + r;
                double h = view.personHeightPx(row + 0.5 * view.personHeightPx(row));
                if (h >= 4) {
                    people += (cover == null ? 1 : hiddenFactor(cover[box.y() + r], detection.occlusionLimit())) * counts[r] / 255.0
                            / (detection.crowdVisible() * personArea * h * h);
                }
            }
            return (int) Math.round(people);
        } finally {
            region.release();
            mine.release();
            perRow.release();
        }
    }

    /**
     * How many people a row's pixels stand for per person they show, when the row is covered
     * over {@code cover} of the view's width: people at random positions leave a share
     * {@code exp(-n w)} of a row uncovered, so {@code -ln(1 - cover) / cover}; 1 for a sparse
     * row, and no more than at {@code limit} (0: not corrected).
     */
    static double hiddenFactor(double cover, double limit) {
        double c = Math.min(cover, limit);
        return c < 1e-3 ? 1 : -Math.log(1 - c) / c;
    }

    /** Each row's share of foreground across the whole view. */
    private static double[] rowCover(Mat mask) {
        Mat perRow = new Mat();
        try {
            Core.reduce(mask, perRow, 1, Core.REDUCE_SUM, CvType.CV_32S);
            int[] sums = new int[mask.rows()];
            perRow.get(0, 0, sums);
            double[] cover = new double[sums.length];
            for (int r = 0; r < sums.length; r++) {
                cover[r] = sums[r] / 255.0 / mask.cols();
            }
            return cover;
        } finally {
            perRow.release();
        }
    }

    /** The mean colour of one blob's pixels, packed (the tracker tells people apart by it when they meet). */
    private static int meanColour(Mat image, Mat labels, int label, Box box) {
        Mat region = labels.submat(box.y(), box.y() + box.h(), box.x(), box.x() + box.w());
        Mat pixels = image.submat(box.y(), box.y() + box.h(), box.x(), box.x() + box.w());
        Mat mine = new Mat();
        try {
            Core.compare(region, new Scalar(label), mine, Core.CMP_EQ);
            double[] m = Core.mean(pixels, mine).val;
            return Blob.pack(m[0], m[1], m[2]);
        } finally {
            region.release();
            pixels.release();
            mine.release();
        }
    }

    /** The size filter, scaled to the row the blob stands on; null if it is not a person (or group). */
    Blob person(Box box, int area) {
        double personH = view.personHeightPx(box.footRow());
        double expected = personArea * personH * personH;
        boolean clipped = box.x() <= 0 || box.y() <= 0 || box.x() + box.w() >= view.width() || box.footRow() >= view.height();
        if (area < Math.max(12, detection.minAreaShare() * expected * (clipped ? 0.5 : 1)) || box.h() < (clipped ? 0.2 : 0.3) * personH) {
            return null;
        }
        int people = (int) Math.max(1, Math.round(area / expected));
        return new Blob(box, area, people);
    }

    /**
     * How many people a blob holds at least, for the fight signal: two people a metre apart
     * merge into a blob that may count as one by its area, but it is wider than one person
     * stands (about 0.4 of their height with their shadow).
     */
    private int held(Blob b) {
        double height = view.personHeightPx(b.box().footRow());
        if (b.box().w() >= PAIR_WIDTH * height) {
            return Math.max(2, b.people());
        }
        // One person's outline: far off, a walker's stride and blur swell it to two people's area
        // now and then, and a lone pacer there lit the fight signal as if someone were with them.
        return b.box().h() <= ONE_TALL * height ? Math.min(1, b.people()) : b.people();
    }

    /** A blob this wide, in person heights at its foot row, holds two people or more. */
    static final double PAIR_WIDTH = 0.75;
    /** A blob narrower than {@link #PAIR_WIDTH} and no taller than this, in person heights, is one person, whatever its area. */
    static final double ONE_TALL = 1.3;

    private Verdict remember(long seq, Verdict v) {
        lastSeq = seq;
        recent.put(seq, v);
        return v;
    }

    /** The buffer the view's digest copies each frame into: one per camera, not a frame's worth of garbage per frame. */
    private byte[] pixels(Mat img) {
        int size = (int) (img.total() * img.channels());
        if (pixelBuffer == null || pixelBuffer.length != size) {
            pixelBuffer = new byte[size];
        }
        return pixelBuffer;
    }

    @Override
    public void close() {
        model.close();
        agitation.close();
    }
}
