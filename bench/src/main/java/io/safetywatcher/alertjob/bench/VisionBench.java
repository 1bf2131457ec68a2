package io.safetywatcher.alertjob.bench;

import io.safetywatcher.alertjob.Main;
import io.safetywatcher.alertjob.vision.CameraModels;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.BackgroundSubtractorMOG2;
import org.opencv.video.Video;
import org.opencv.videoio.VideoCapture;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher bench vision}: frames per second through the job's frame path (decode,
 * background model, blobs, tracking: {@link CameraModels#analyze}, called from Spark tasks
 * one camera per partition as the detect query does) next to a bare OpenCV loop over the same
 * JPEGs in the same process (decode, MOG2, opening, contours); and this process's resident
 * memory after 1,000 and after all frames, which stays flat only if every Mat is released.
 * Frames: the real pedestrian clip, re-encoded to JPEG once, played in a loop per camera.
 */
@Command(name = "bench vision", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Vision throughput (job vs bare OpenCV loop) and memory after 1,000 vs all frames.")
public final class VisionBench implements Callable<Integer> {
    @Option(names = "--frames", paramLabel = "N", description = "Frames through the job in all (default: 10000).")
    int frames = 10_000;

    @Option(names = "--cameras", paramLabel = "N", description = "Cameras (one model and one Spark partition each; default: 4).")
    int cameras = 4;

    @Option(names = "--clip", paramLabel = "FILE", description = "An MJPEG AVI (default: the shared pedestrian fixture).")
    Path clip;

    @CommandLine.Mixin
    FormatOption format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Program.exit(new VisionBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (frames < 2000 || cameras < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--frames must be at least 2000 and --cameras at least 1");
        }
        Path video = clip != null ? clip : Path.of(System.getProperty("watcher.home", "."), "..", "shared", "fixtures", "pedestrians-480x360-mjpeg.avi");
        if (!Files.exists(video)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such clip: " + video + " (give one with --clip)");
        }
        FrameAnalyzer.loadNative();
        List<byte[]> jpegs = jpegs(video);
        System.err.printf("bench vision: %d JPEG frames of %s, %d frames through the job on %d cameras%n", jpegs.size(), video, frames, cameras);
        WatcherConfig config = WatcherConfig.defaults();
        VisionSettings settings = VisionSettings.of(config);
        // One core for the job, as the bare loop has one thread: a like-for-like ratio.
        SparkConf conf = Main.sparkConf(config).setMaster("local[1]");
        long rss1;
        long rss2;
        long jobNanos;
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<List<byte[]>> clipFrames = jsc.broadcast(jpegs);
            int first = 1000 / cameras;
            int per = frames / cameras;
            runJob(jsc, clipFrames, settings, 0, 20); // JIT and Spark warm-up, models of other cameras
            CameraModels.clear();
            long t0 = System.nanoTime();
            long a = runJob(jsc, clipFrames, settings, 0, first);
            long t1 = System.nanoTime();
            rss1 = ProcStatus.kilobytes("VmRSS");
            long b = runJob(jsc, clipFrames, settings, first, per);
            long t2 = System.nanoTime();
            rss2 = ProcStatus.kilobytes("VmRSS");
            jobNanos = (t1 - t0) + (t2 - t1);
            System.err.printf("  job: %d + %d frames analysed%n", a, b);
            CameraModels.clear();
        }
        long bareNanos = bareLoop(jpegs, frames, cameras);
        double jobFps = frames / (jobNanos / 1e9);
        double bareFps = frames / (bareNanos / 1e9);
        double growth = (double) (rss2 - rss1) / rss1;
        if (format.json()) {
            System.out.printf(Locale.ROOT, "{\"frames\":%d,\"cameras\":%d,\"job_fps\":%.1f,\"bare_fps\":%.1f,\"ratio\":%.3f,"
                            + "\"rss_after_1000_mb\":%.1f,\"rss_after_all_mb\":%.1f,\"rss_growth\":%.4f}%n",
                    frames, cameras, jobFps, bareFps, jobFps / bareFps, rss1 / 1024.0, rss2 / 1024.0, growth);
        } else {
            System.out.printf(Locale.ROOT, "frames per second, job (Spark task, decode + model + blobs + tracking): %8.1f%n", jobFps);
            System.out.printf(Locale.ROOT, "frames per second, bare OpenCV loop (decode + MOG2 + blobs):            %8.1f%n", bareFps);
            System.out.printf(Locale.ROOT, "job / bare (target >= 0.8):                                            %8.2f%n", jobFps / bareFps);
            System.out.printf(Locale.ROOT, "RSS after 1,000 frames: %.0f MB; after %,d: %.0f MB; growth %+.1f %% (target within 10 %%)%n",
                    rss1 / 1024.0, frames, rss2 / 1024.0, 100 * growth);
        }
        return 0;
    }

    /** Frames [from, to) of every camera through the job's per-camera models, one Spark partition per camera. */
    private long runJob(JavaSparkContext jsc, Broadcast<List<byte[]>> clipFrames, VisionSettings settings, int from, int to) {
        List<Integer> cams = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            cams.add(c);
        }
        return jsc.parallelize(cams, cameras).mapPartitions((Iterator<Integer> it) -> {
            List<Integer> counts = new ArrayList<>();
            List<byte[]> clip = clipFrames.value();
            while (it.hasNext()) {
                int cam = it.next();
                String id = "bench-cam-" + cam;
                byte[] probe = clip.get(0);
                Mat m = FrameAnalyzer.decode(probe);
                int w = m.cols();
                int h = m.rows();
                m.release();
                var view = settings.view(w, h, 100);
                for (int i = from; i < to; i++) {
                    // Each camera starts at its own place in the clip.
                    byte[] jpeg = clip.get((i + cam * 197) % clip.size());
                    Verdict v = CameraModels.analyze(id, view, settings, jpeg, Instant.EPOCH.plusMillis(500L * i), i);
                    counts.add(v instanceof Verdict.Analysed ? 1 : 0);
                }
            }
            return counts.iterator();
        }).count();
    }

    /** The same frames through plain OpenCV calls, one thread: the ceiling to compare against. */
    static long bareLoop(List<byte[]> jpegs, int frames, int cameras) {
        List<BackgroundSubtractorMOG2> models = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            models.add(Video.createBackgroundSubtractorMOG2(200, 16, false));
        }
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 5));
        int per = frames / cameras;
        long blobs = 0;
        long t0 = System.nanoTime();
        for (int c = 0; c < cameras; c++) {
            for (int i = 0; i < per; i++) {
                MatOfByte buf = new MatOfByte(jpegs.get((i + c * 197) % jpegs.size()));
                Mat img = org.opencv.imgcodecs.Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
                Mat fg = new Mat();
                Mat hierarchy = new Mat();
                List<MatOfPoint> contours = new ArrayList<>();
                try {
                    models.get(c).apply(img, fg);
                    Imgproc.morphologyEx(fg, fg, Imgproc.MORPH_OPEN, kernel);
                    Imgproc.findContours(fg, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
                    blobs += contours.size();
                } finally {
                    buf.release();
                    img.release();
                    fg.release();
                    hierarchy.release();
                    contours.forEach(Mat::release);
                }
            }
        }
        long t = System.nanoTime() - t0;
        kernel.release();
        System.err.printf("  bare loop: %d contours%n", blobs);
        return t;
    }

    private static List<byte[]> jpegs(Path video) {
        List<byte[]> out = new ArrayList<>();
        VideoCapture cap = new VideoCapture(video.toString());
        Mat img = new Mat();
        MatOfByte buf = new MatOfByte();
        MatOfInt q = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 80);
        try {
            while (cap.read(img) && !img.empty()) {
                Imgcodecs.imencode(".jpg", img, buf, q);
                out.add(buf.toArray());
            }
        } finally {
            cap.release();
            img.release();
            buf.release();
            q.release();
        }
        return out;
    }
}
