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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extractor on real footage: OpenCV's public pedestrian clip (shared fixture), against
 * people counts labelled by eye (test resource vision/pedestrians-labels.csv). The camera
 * looks down from a first floor, so its mounting is given as analyze-video would be told
 * (horizon above the image, 7.4 m up, people in coats fill more of their box than the
 * simulator's figures), at the clip's 10 fps (warm-up 10 s, ghosts absorbed after 3 s).
 */
class RealClipCountTest {
    static final Path CLIP = Path.of("../../shared/fixtures/pedestrians-480x360-mjpeg.avi");

    @Test
    void countsAreWithinOnePersonOfTheLabelsOnMostFrames() throws IOException {
        Path clip = Files.exists(CLIP) ? CLIP : Path.of("../shared/fixtures/pedestrians-480x360-mjpeg.avi");
        assertTrue(Files.exists(clip), "the shared fixture is missing: " + clip.toAbsolutePath());
        Map<Integer, Integer> labels = labels();
        VisionSettings s = new VisionSettings(100, 30, 50, -0.09, 7.4, 0.3, 8);
        List<AnalyzeVideo.Row> rows = AnalyzeVideo.run(clip, s, 100, 0, null, r -> { });
        int within = 0;
        List<String> report = new ArrayList<>();
        for (var e : labels.entrySet()) {
            AnalyzeVideo.Row r = rows.get(e.getKey());
            int counted = r.features().peopleCount();
            if (Math.abs(counted - e.getValue()) <= 1) {
                within++;
            }
            report.add("frame " + e.getKey() + ": labelled " + e.getValue() + ", counted " + counted);
        }
        System.out.println("real clip: " + within + " of " + labels.size() + " labelled frames within one person\n  " + String.join("\n  ", report));
        assertTrue(within * 2 > labels.size(), "within one person on only " + within + " of " + labels.size() + ":\n" + String.join("\n", report));
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
