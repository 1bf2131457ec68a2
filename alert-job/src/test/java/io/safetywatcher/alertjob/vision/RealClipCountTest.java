package io.safetywatcher.alertjob.vision;

import io.safetywatcher.alertjob.video.AnalyzeVideo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extractor on real footage: OpenCV's public pedestrian clip (shared fixture), against
 * people counts labelled by eye (test resource vision/pedestrians-labels.csv, 40 frames, how
 * they were made is in its header). Nothing about the clip is given: the configured defaults
 * only, as for a camera registered without a mounting (whose defaults are the simulator's
 * geometry, far from this camera's: with them alone the clip counted 34-254 people a frame).
 * The camera learns its perspective from the people it sees walk alone, and from then on its
 * counts must meet the issue's targets; before that they are marked uncertain.
 */
class RealClipCountTest {
    static final Path CLIP = Path.of("../../shared/fixtures/pedestrians-480x360-mjpeg.avi");
    /** Measured (see docs/vision.md): these are what the test holds the extractor to. */
    static final double MAX_RELATIVE_ERROR = 0.15;
    static final double MIN_WITHIN_ONE = 0.80;
    /**
     * Labelled frames counted before the camera calibrated (the first 14 s of the clip: keeping a
     * margin around the foreground out of the noise estimate, which holds a dense night crowd,
     * calibrates two labelled frames later than the 10 s it took before).
     */
    static final int MAX_UNCALIBRATED = 7;

    @Test
    void afterLearningItsPerspectiveTheCameraCountsTheLabelledFramesWithoutFlags() throws IOException {
        Path clip = Files.exists(CLIP) ? CLIP : Path.of("../shared/fixtures/pedestrians-480x360-mjpeg.avi");
        assertTrue(Files.exists(clip), "the shared fixture is missing: " + clip.toAbsolutePath());
        Map<Integer, Integer> labels = labels();
        assertTrue(labels.size() >= 30, "labels: " + labels.size());
        List<AnalyzeVideo.Row> rows = AnalyzeVideo.run(clip, VisionSettings.defaults(), 100, 0, null, r -> { });

        Calibration learnt = rows.get(rows.size() - 1).calibration();
        assertTrue(learnt.calibrated(), learnt.describe(360));
        // The clip looks down from a first floor: the horizon is above the image, the camera some 6-8 m up.
        assertTrue(learnt.horizonRow() < 0 && learnt.mountHeightM() > 5 && learnt.mountHeightM() < 9, learnt.describe(360));

        int scored = 0;
        int within = 0;
        int uncalibrated = 0;
        double error = 0;
        double labelled = 0;
        List<String> report = new ArrayList<>();
        for (var e : labels.entrySet()) {
            FrameFeatures f = rows.get(e.getKey()).features();
            if (!f.warm()) {
                continue;
            }
            int counted = f.peopleCount();
            report.add("frame " + e.getKey() + ": labelled " + e.getValue() + ", counted " + counted + (f.calibrated() ? "" : " (uncertain)"));
            if (!f.calibrated()) {
                uncalibrated++;
                continue;
            }
            scored++;
            error += Math.abs(counted - e.getValue());
            labelled += e.getValue();
            within += Math.abs(counted - e.getValue()) <= 1 ? 1 : 0;
        }
        String summary = String.format(Locale.ROOT, "real clip, no flags: %s%n  %d labelled frames counted calibrated: mean absolute error %.2f "
                        + "(%.1f%% of the labelled count), within one person on %d (%.0f%%); %d counted before calibrating%n  %s",
                learnt.describe(360), scored, error / scored, 100 * error / labelled, within, 100.0 * within / scored, uncalibrated,
                String.join("\n  ", report));
        System.out.println(summary);
        assertTrue(uncalibrated <= MAX_UNCALIBRATED, summary);
        assertEquals(labels.size() - 1, scored + uncalibrated, "frame 0 alone is in the warm-up: " + summary);
        assertTrue(error / labelled <= MAX_RELATIVE_ERROR, summary);
        assertTrue(within >= MIN_WITHIN_ONE * scored, summary);
    }

    static Map<Integer, Integer> labels() throws IOException {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        try (InputStream in = RealClipCountTest.class.getResourceAsStream("/vision/pedestrians-labels.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("frame")) {
                    continue;
                }
                String[] p = line.trim().split(",");
                out.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
        }
        return out;
    }
}
