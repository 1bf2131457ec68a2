package io.safetywatcher.alertjob.vision;

import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The light's gain is read from the bare ground, and people walking onto it are not a change of light. */
class BackgroundModelTest {
    static {
        FrameAnalyzer.loadNative();
    }

    /** Ground whose grey runs from dark to bright across the view, as paving, shade and walls do. */
    static Mat ground() {
        Mat m = new Mat(240, 320, CvType.CV_8UC3);
        for (int x = 0; x < 320; x++) {
            double v = 50 + 190.0 * x / 319;
            Imgproc.line(m, new Point(x, 0), new Point(x, 239), new Scalar(v, v, v), 1);
        }
        return m;
    }

    static double share(Mat mask) { return (double) Core.countNonZero(mask) / mask.total(); }

    /** The model warmed up on 12 frames of the empty scene; returns the mask to reuse. */
    static Mat learnt(BackgroundModel model, Mat empty) {
        Mat mask = new Mat();
        for (int i = 0; i < 12; i++) {
            model.foreground(empty, mask);
            model.learn(empty, mask);
        }
        return mask;
    }

    @Test
    void darkPeopleOverAThirdOfTheBareGroundAreForegroundNotADimmerLight() {
        VisionSettings s = VisionSettings.defaults();
        try (BackgroundModel model = new BackgroundModel(10, s.ghostFrames(), s.detection())) {
            Mat empty = ground();
            Mat mask = learnt(model, empty);
            assertThat(model.warm()).isTrue();
            model.foreground(empty, mask);
            assertThat(share(mask)).as("the empty scene").isLessThan(0.01);

            // A crowd in dark clothes walks onto the brighter two thirds of the view, a hundred people
            // a frame, until it covers 30-50 % of the pixels.
            Mat crowd = empty.clone();
            SplittableRandom rng = new SplittableRandom(5);
            Mat people = Mat.zeros(240, 320, CvType.CV_8U);
            for (int wave = 0; wave < 4; wave++) {
                for (int k = 0; k < 100; k++) {
                    int x = 110 + rng.nextInt(200);
                    int y = rng.nextInt(220);
                    Imgproc.rectangle(crowd, new Point(x, y), new Point(x + 6, y + 18), new Scalar(25, 25, 30), -1);
                    Imgproc.rectangle(people, new Point(x, y), new Point(x + 6, y + 18), new Scalar(255), -1);
                }
                model.foreground(crowd, mask);
                double covered = share(people);
                // Read as a dimmer light (a ratio of medians, 0.85 from the first wave on here), the whole
                // scaled background differed: nearly every pixel foreground.
                assertThat(share(mask)).as("foreground with %.0f%% of the view covered", 100 * covered)
                        .isBetween(0.8 * covered, 1.2 * covered);
                model.learn(crowd, mask);
            }
            assertThat(share(people)).as("the crowd's share of the view").isBetween(0.3, 0.5);

            // A real change of light still scales the background: the same empty scene 30 % darker is no one.
            Mat dimmer = new Mat();
            empty.convertTo(dimmer, -1, 0.7, 0);
            model.foreground(dimmer, mask);
            assertThat(share(mask)).as("the light dimmed by 30 %%").isLessThan(0.02);
        }
    }

    /** A night scene: dark ground with sensor noise, as the simulator renders it at a third of the light. */
    static Mat nightGround() {
        Mat m = new Mat(240, 320, CvType.CV_32FC3, new Scalar(40, 42, 45));
        Mat noise = new Mat(240, 320, CvType.CV_32FC3);
        Core.randn(noise, 0, 2);
        Core.add(m, noise, m);
        Mat out = new Mat();
        m.convertTo(out, CvType.CV_8UC3);
        return out;
    }

    /** As the frame analyzer feeds the model: blurred 3x3. */
    static Mat blurred(Mat frame) {
        Mat out = new Mat();
        Imgproc.blur(frame, out, new org.opencv.core.Size(3, 3));
        return out;
    }

    @Test
    void atNightAFiguresDimPartsJoinItsLitPartsButDimPatchesOnTheirOwnStayBackground() {
        VisionSettings s = VisionSettings.defaults();
        Core.setRNGSeed(3);
        Mat mask = new Mat();
        // A lit coat (90 over the ground, summed over the channels) over dark trousers (24 over it,
        // under the 30 floor), and elsewhere a dim patch of the same 24 with nothing lit beside it.
        Mat figure = Mat.zeros(240, 320, CvType.CV_8U);
        Imgproc.rectangle(figure, new Point(100, 60), new Point(112, 120), new Scalar(255), -1);
        Mat trousers = Mat.zeros(240, 320, CvType.CV_8U);
        Imgproc.rectangle(trousers, new Point(100, 121), new Point(112, 150), new Scalar(255), -1);
        Mat patch = Mat.zeros(240, 320, CvType.CV_8U);
        Imgproc.rectangle(patch, new Point(220, 100), new Point(232, 130), new Scalar(255), -1);
        for (double hysteresis : new double[] {0.5, 1.0}) {
            VisionSettings.Detection d = VisionSettings.Detection.of(
                    WatcherConfig.defaults().with("vision.foreground-hysteresis", Double.toString(hysteresis), "test"));
            try (BackgroundModel model = new BackgroundModel(10, s.ghostFrames(), d)) {
                for (int i = 0; i < 12; i++) {
                    Mat empty = blurred(nightGround());
                    model.foreground(empty, mask);
                    model.learn(empty, mask);
                }
                Mat frame = nightGround();
                frame.setTo(new Scalar(70, 72, 75), figure);
                Mat lifted = new Mat();
                Core.add(frame, new Scalar(8, 8, 8), lifted);
                lifted.copyTo(frame, trousers);
                lifted.copyTo(frame, patch);
                model.foreground(blurred(frame), mask);
                assertThat(shareOf(mask, figure)).as("the lit coat, hysteresis %s", hysteresis).isGreaterThan(0.9);
                assertThat(shareOf(mask, patch)).as("the dim patch alone, hysteresis %s", hysteresis).isLessThan(0.05);
                if (hysteresis < 1) {
                    assertThat(shareOf(mask, trousers)).as("the dim trousers under the coat").isGreaterThan(0.8);
                } else {
                    assertThat(shareOf(mask, trousers)).as("the dim trousers without hysteresis").isLessThan(0.3);
                }
            }
        }
    }

    @Test
    void byDayTheFloorHoldsForTheWeakThresholdToo() {
        VisionSettings s = VisionSettings.defaults();
        try (BackgroundModel model = new BackgroundModel(10, s.ghostFrames(), s.detection())) {
            Mat empty = ground();
            Mat mask = learnt(model, empty);
            // A coat differing 90 from the bright ground, and trousers 18 (6 a channel): by day that is no one's.
            Mat frame = empty.clone();
            Mat coat = Mat.zeros(240, 320, CvType.CV_8U);
            Imgproc.rectangle(coat, new Point(200, 60), new Point(212, 120), new Scalar(255), -1);
            Mat trousers = Mat.zeros(240, 320, CvType.CV_8U);
            Imgproc.rectangle(trousers, new Point(200, 121), new Point(212, 150), new Scalar(255), -1);
            Mat darker = new Mat();
            Core.subtract(empty, new Scalar(30, 30, 30), darker);
            darker.copyTo(frame, coat);
            Core.subtract(empty, new Scalar(6, 6, 6), darker);
            darker.copyTo(frame, trousers);
            model.foreground(frame, mask);
            assertThat(shareOf(mask, coat)).as("the coat").isGreaterThan(0.9);
            assertThat(shareOf(mask, trousers)).as("18 under the 30 floor by day").isLessThan(0.3);
        }
    }

    /** The share of a region's pixels the mask holds. */
    static double shareOf(Mat mask, Mat region) {
        Mat both = new Mat();
        Core.bitwise_and(mask, region, both);
        return (double) Core.countNonZero(both) / Core.countNonZero(region);
    }
}
