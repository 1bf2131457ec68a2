package io.safetywatcher.alertjob.video;

import io.safetywatcher.alertjob.vision.Annotation;
import io.safetywatcher.alertjob.vision.Calibration;
import io.safetywatcher.alertjob.vision.FrameAnalyzer;
import io.safetywatcher.alertjob.vision.CrowdCount;
import io.safetywatcher.alertjob.vision.FrameFeatures;
import io.safetywatcher.alertjob.vision.Verdict;
import io.safetywatcher.alertjob.vision.VisionSettings;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./watcher analyze-video}: the alert job's feature extractor over footage, frame by
 * frame, so its counts can be checked against a real clip. Reads an MJPEG AVI (OpenCV's own
 * reader; this OpenCV build has no FFmpeg) or a folder of images in name order.
 */
@Command(name = "analyze-video", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Run the alert job's frame feature extractor over an MJPEG AVI or a folder of images: per-frame people count and motion.")
public final class AnalyzeVideo implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", description = "An MJPEG .avi, or a folder of .jpg/.jpeg/.png images (name order).")
    Path input;

    @Option(names = "--annotate", paramLabel = "DIR", description = "Write each frame as a PNG with the boxes drawn into DIR.")
    Path annotate;

    @CommandLine.Mixin
    FormatOption format;

    @Option(names = "--fps", paramLabel = "N", description = "Frame rate for a folder of images, or when the file does not say (default: the file's, else 2).")
    double fps;

    @Option(names = "--view-area", paramLabel = "M2", description = "Ground area in view, for the density column (default: 100).")
    double viewArea = 100;

    @Option(names = "--horizon-share", paramLabel = "SHARE",
            description = "Horizon row as a share of the image height from the top; negative when the camera looks down steeply (default: vision.horizon-share).")
    Double horizonShare;

    @Option(names = "--mount-height", paramLabel = "M", description = "Camera height above the ground in metres (default: vision.mount-height-m).")
    Double mountHeight;

    @Option(names = "--person-area", paramLabel = "SHARE",
            description = "A person's foreground pixels per squared pixel of height (default: vision.person-area).")
    Double personArea;

    @Option(names = "--ghost-frames", paramLabel = "FRAMES",
            description = "Frames something may stay foreground before it is taken as background (default: vision.ghost-frames, up to 255).")
    Integer ghostFrames;

    @Option(names = "--warmup", paramLabel = "FRAMES", description = "Frames the background model learns from before counting (default: vision.warmup-frames).")
    Integer warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Program.exit(new AnalyzeVideo(), args);
    }

    /** Per frame: index, time into the footage, and what the extractor made of it. */
    /** Per frame: index, time into the footage, what the extractor made of it, and the camera's calibration after it. */
    public record Row(int frame, double seconds, FrameFeatures features, String refused, Calibration calibration, int imageHeight) {}

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such file or folder: " + input);
        }
        if (!(viewArea > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--view-area must be > 0, not " + viewArea);
        }
        VisionSettings d = VisionSettings.defaults();
        VisionSettings s = new VisionSettings(warmup != null ? warmup : d.warmupFrames(), ghostFrames != null ? ghostFrames : d.ghostFrames(), d.maxMisses(),
                horizonShare != null ? horizonShare : d.horizonShare(), mountHeight != null ? mountHeight : d.mountHeightM(),
                personArea != null ? personArea : d.personArea(), d.maxDensity(), d.detection(), d.motion());
        if (annotate != null) {
            Files.createDirectories(annotate);
        }
        PrintStream out = System.out;
        boolean json = format.json();
        if (!json) {
            out.println("frame   time_s  people  motion  blobs  tracks  foreground   (people? = not calibrated yet: uncertain;"
                    + " ~2-4/m² = too dense to count one by one: a density band, low confidence)");
        }
        // Rows are written as they are made and not kept: hours of footage must not have to fit in memory.
        String source = input.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        long[] seen = new long[3]; // rows, counted after warm-up, people summed over them
        Row[] last = new Row[1];
        run(input, s, viewArea, fps, annotate, r -> {
            seen[0]++;
            if (last[0] == null || r.calibration().calibrated() != last[0].calibration().calibrated()) {
                System.err.println("frame " + r.frame() + ": " + r.calibration().describe(r.imageHeight()));
            }
            last[0] = r;
            if (r.features() != null && r.features().warm()) {
                seen[1]++;
                seen[2] += r.features().peopleCount();
            }
            if (json) {
                out.print(seen[0] == 1 ? "{\"source\":\"" + source + "\",\"frames\":[" : ",");
                out.print(jsonRow(r, viewArea));
            } else {
                out.println(r.refused() != null ? String.format(Locale.ROOT, "%5d %8.2f  refused: %s", r.frame(), r.seconds(), r.refused())
                        : String.format(Locale.ROOT, "%5d %8.2f  %6s  %6.2f  %5d  %6d  %9.1f%%", r.frame(), r.seconds(),
                        !r.features().warm() ? "warmup" : r.features().count().brief(viewArea), r.features().motionEnergy(),
                        r.features().blobs().size(), r.features().people().size(), 100 * r.features().foregroundShare()));
            }
        }, false);
        if (seen[0] == 0) {
            System.err.println("error: no frames could be read from " + input + " (an MJPEG AVI or a folder of images is needed)");
            return 1;
        }
        Calibration learnt = last[0].calibration();
        if (json) {
            out.println("],\"calibration\":" + learnt.json(last[0].imageHeight()) + "}");
        } else {
            out.printf(Locale.ROOT, "%d frames, %d counted after warm-up, mean people %.2f%s%n", seen[0], seen[1],
                    seen[1] == 0 ? 0.0 : (double) seen[2] / seen[1], annotate != null ? ", annotated PNGs in " + annotate : "");
            out.println("perspective " + learnt.describe(last[0].imageHeight()));
        }
        return 0;
    }

    private static String jsonRow(Row r, double viewArea) {
        if (r.refused() != null) {
            return String.format(Locale.ROOT, "{\"frame\":%d,\"time_s\":%.3f,\"refused\":\"%s\"}", r.frame(), r.seconds(),
                    r.refused().replace("\"", "'"));
        }
        FrameFeatures f = r.features();
        double density = f.peopleCount() / viewArea;
        CrowdCount.Band band = f.count().band(viewArea);
        return String.format(Locale.ROOT, "{\"frame\":%d,\"time_s\":%.3f,\"warm\":%b,\"calibrated\":%b,\"people\":%d,\"confidence\":\"%s\","
                        + "\"density_band\":%s,\"motion\":%.3f,\"foreground_share\":%.4f,\"density_per_m2\":%.4f,\"boxes\":%s}", r.frame(), r.seconds(),
                f.warm(), f.calibrated(), f.peopleCount(), f.count().confidence().id(),
                band == null ? "null" : "\"" + band.label() + "\"", f.motionEnergy(), f.foregroundShare(), density,
                f.boxesJson());
    }

    /** Runs the extractor over the footage; each row also goes to {@code each} as it is made. The rows, kept. */
    public static List<Row> run(Path input, VisionSettings s, double viewArea, double fps, Path annotate,
                                java.util.function.Consumer<Row> each) {
        return run(input, s, viewArea, fps, annotate, each, true);
    }

    private static List<Row> run(Path input, VisionSettings s, double viewArea, double fps, Path annotate,
                                 java.util.function.Consumer<Row> each, boolean keep) {
        FrameAnalyzer.loadNative();
        List<Row> rows = new ArrayList<>();
        FrameAnalyzer analyzer = null;
        try (Frames frames = Files.isDirectory(input) ? new ImageFolder(input) : new Video(input)) {
            double rate = fps > 0 ? fps : frames.fps() > 0 ? frames.fps() : 2;
            Mat img = new Mat();
            try {
                for (int i = 0; frames.next(img); i++) {
                    if (analyzer == null) {
                        analyzer = new FrameAnalyzer(s.view(img.cols(), img.rows(), viewArea), s);
                    }
                    double t = i / rate;
                    Verdict v = analyzer.analyze(img, Instant.EPOCH.plusMillis(Math.round(t * 1000)), i);
                    Row r = v instanceof Verdict.Analysed a ? new Row(i, t, a.features(), null, analyzer.calibration(), img.rows())
                            : new Row(i, t, null, v instanceof Verdict.Refused f ? f.reason().id() + ": " + f.detail() : "skipped",
                            analyzer.calibration(), img.rows());
                    if (annotate != null && r.features() != null) {
                        Annotation.draw(img, r.features());
                        Imgcodecs.imwrite(annotate.resolve(String.format("frame-%05d.png", i)).toString(), img);
                    }
                    if (keep) {
                        rows.add(r);
                    }
                    each.accept(r);
                }
            } finally {
                img.release();
            }
        } finally {
            if (analyzer != null) {
                analyzer.close();
            }
        }
        return rows;
    }

    private interface Frames extends AutoCloseable {
        boolean next(Mat into);

        double fps();

        @Override
        void close();
    }

    private static final class Video implements Frames {
        private final VideoCapture cap;

        Video(Path file) {
            cap = new VideoCapture(file.toString(), Videoio.CAP_ANY);
        }

        @Override
        public boolean next(Mat into) { return cap.isOpened() && cap.read(into) && !into.empty(); }

        @Override
        public double fps() { return cap.get(Videoio.CAP_PROP_FPS); }

        @Override
        public void close() { cap.release(); }
    }

    private static final class ImageFolder implements Frames {
        private final List<Path> files;
        private int next;

        ImageFolder(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean next(Mat into) {
            while (next < files.size()) {
                Mat m = Imgcodecs.imread(files.get(next++).toString(), Imgcodecs.IMREAD_COLOR);
                if (!m.empty()) {
                    m.copyTo(into);
                    m.release();
                    return true;
                }
                m.release();
            }
            return false;
        }

        @Override
        public double fps() { return 0; }

        @Override
        public void close() { }
    }
}
