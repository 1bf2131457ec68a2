package io.safetywatcher.alertjob.vision;

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

    @Test
    void darkPeopleOverAThirdOfTheBareGroundAreForegroundNotADimmerLight() {
        VisionSettings s = VisionSettings.defaults();
        try (BackgroundModel model = new BackgroundModel(10, s.ghostFrames(), s.detection())) {
            Mat empty = ground();
            Mat mask = new Mat();
            for (int i = 0; i < 12; i++) {
                model.foreground(empty, mask);
                model.learn(empty, mask);
            }
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
}
