package io.safetywatcher.alertjob.vision;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

import io.safetywatcher.alertjob.detect.Condition;
import io.safetywatcher.alertjob.detect.ViewHealth;
import io.safetywatcher.alertjob.detect.ViewHealthDetector;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The view statistics the frame analysis keeps for a camera's health, on real decoded frames of a test scene. */
class ViewStatsTest {
    private static final VisionSettings SETTINGS = VisionSettings.defaults();

    private static ViewStats of(byte[] jpeg) {
        Mat m = FrameAnalyzer.decode(jpeg);
        try {
            return ViewStats.of(m);
        } finally {
            m.release();
        }
    }

    @Test
    void theSamePicturesHaveOneDigestAndTheLightsDoNotChangeTheLayout() {
        CameraView view = SETTINGS.view(640, 480, 400);
        try (Scene scene = new Scene(view)) {
            List<Scene.Figure> one = List.of(new Scene.Figure(300, 400, 1));
            ViewStats day = of(scene.jpeg(one, 1.0));
            ViewStats again = of(scene.jpeg(one, 1.0));
            ViewStats dusk = of(scene.jpeg(one, 0.5));
            ViewStats moved = of(scene.jpeg(List.of(new Scene.Figure(360, 420, 2)), 1.0));
            assertThat(again.digest()).isEqualTo(day.digest());
            assertThat(moved.digest()).as("someone moved").isNotEqualTo(day.digest());
            assertThat(dusk.mean()).isLessThan(day.mean() * 0.7);
            assertThat(ViewStats.correlation(day.layout(), dusk.layout())).as("the same view in less light").isGreaterThan(0.95);
            // In a plain scene one person close by changes the layout far more than the light does
            // (0.64 here), but not below camera_moved.min_correlation (0.5).
            assertThat(ViewStats.correlation(day.layout(), moved.layout())).as("a person moved").isGreaterThan(0.55);
            assertThat(day.spread()).isGreaterThan(10);
        }
    }

    @Test
    void aPannedAndTiltedViewHasAnotherLayoutAndACoveredOneNoSpread() {
        CameraView view = SETTINGS.view(640, 480, 400);
        try (Scene scene = new Scene(view)) {
            Mat frame = FrameAnalyzer.decode(scene.jpeg(List.of(), 1.0));
            Mat panned = new Mat(frame.size(), CvType.CV_8UC3, new Scalar(90, 90, 90));
            Mat cover = new Mat(frame.size(), CvType.CV_8UC3, new Scalar(4, 4, 4));
            try {
                // Knocked: the picture slides 200 px left and 150 px up, grey where nothing was in view.
                frame.submat(new Rect(200, 150, 440, 330)).copyTo(panned.submat(new Rect(0, 0, 440, 330)));
                Core.flip(panned, panned, 1);
                double corr = ViewStats.correlation(ViewStats.of(frame).layout(), ViewStats.of(panned).layout());
                assertThat(corr).isLessThan(0.5);
                ViewStats covered = ViewStats.of(cover);
                assertThat(covered.spread()).isLessThan(1);
                assertThat(covered.mean()).isLessThan(6);
            } finally {
                frame.release();
                panned.release();
                cover.release();
            }
        }
    }

    @Test
    void theAnalysisReportsTheStatisticsOfEveryAnalysedFrame() {
        CameraView view = SETTINGS.view(640, 480, 400);
        try (Scene scene = new Scene(view); FrameAnalyzer a = new FrameAnalyzer(view, SETTINGS)) {
            Verdict v = a.analyze(scene.jpeg(List.of(), 1.0), Instant.parse("2024-05-14T12:00:00Z"), 1);
            assertThat(v).isInstanceOf(Verdict.Analysed.class);
            assertThat(((Verdict.Analysed) v).features().view()).isNotNull();
        }
    }

    /**
     * The frames through a camera's analysis and its view health (camera_moved on the default
     * rules), at 2 a second; the seconds at which camera-moved was active. With {@code blind}, the
     * foreground is dropped from the statistics, as before the view was compared where no people are.
     */
    private static List<Double> movedAt(CameraView view, VisionSettings settings, int frames, IntFunction<Mat> frame, boolean blind) {
        ViewHealthDetector detector = new ViewHealthDetector(RuleSet.defaults());
        ViewHealth health = new ViewHealth();
        Instant t0 = Instant.parse("2026-11-10T10:00:00Z");
        List<Double> moved = new ArrayList<>();
        try (FrameAnalyzer a = new FrameAnalyzer(view, settings)) {
            for (int i = 0; i < frames; i++) {
                Instant t = t0.plusMillis(500L * i);
                Mat m = frame.apply(i);
                Verdict v;
                try {
                    v = a.analyze(m, t, i);
                } finally {
                    m.release();
                }
                if (v instanceof Verdict.Analysed an && an.features().view() != null) {
                    ViewStats st = an.features().view();
                    ViewStats judged = blind ? new ViewStats(st.mean(), st.spread(), st.digest(), st.layout()) : st;
                    for (Condition c : detector.detect("cam", "zone", t, judged, "frame", health)) {
                        if (c.active() && c.fingerprint().type() == AlertType.CAMERA_MOVED) {
                            moved.add(i / 2.0);
                        }
                    }
                }
            }
        }
        return moved;
    }

    @Test
    void aCrowdFillingAPlainViewIsNoMoveButAKnockedCameraIs() {
        // CameraAlertsEndToEndTest's square: 20 people shuffling along over most of a plain 8 m² view for 70 s.
        VisionSettings settings = VisionSettings.of(WatcherConfig.defaults().with("vision.person-area", "0.3", "test"));
        CameraView view = settings.view(640, 480, 8.0);
        try (Scene scene = new Scene(view)) {
            IntFunction<Mat> square = i -> FrameAnalyzer.decode(scene.jpeg(Scene.squareCrowd(i), 1));
            assertThat(movedAt(view, settings, 300, square, true)).as("judged on the whole layout, the crowd is taken for a move").isNotEmpty();
            assertThat(movedAt(view, settings, 300, square, false)).as("judged where no people are").isEmpty();

            // Knocked at 40 s: the picture slides 200 px left and 150 px up and is mirrored, and stays so.
            Mat still = FrameAnalyzer.decode(scene.jpeg(List.of(), 1.0));
            Mat knocked = new Mat(still.size(), CvType.CV_8UC3, new Scalar(90, 90, 90));
            still.submat(new Rect(200, 150, 440, 330)).copyTo(knocked.submat(new Rect(0, 0, 440, 330)));
            Core.flip(knocked, knocked, 1);
            try {
                List<Double> moved = movedAt(view, settings, 240, i -> (i < 80 ? still : knocked).clone(), false);
                assertThat(moved).as("a knocked camera is moved, 20 s after it was knocked and a little more").isNotEmpty();
                assertThat(moved.get(0)).isBetween(60.0, 75.0);
            } finally {
                still.release();
                knocked.release();
            }
        }
    }
}
