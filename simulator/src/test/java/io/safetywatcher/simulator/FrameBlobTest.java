package io.safetywatcher.simulator;

import io.safetywatcher.simulator.scene.RenderedFrame;
import io.safetywatcher.simulator.world.SimRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames decode, and once MOG2 has learnt the background its blob count equals the number of
 * figures drawn, in frames where no two figures overlap (overlapping people are one blob to
 * any background subtractor).
 */
class FrameBlobTest {

    @Test
    void blobCountMatchesFiguresDrawnOnceTheBackgroundIsLearnt() {
        String scenario = """
                start: 2026-11-23T13:00:00Z
                duration: 150s
                seed: 11
                """;
        List<RenderedFrame> drawn = new ArrayList<>();
        List<SimRecord> records = Runs.run(Runs.testCity(), scenario, true, 0, 0, f -> drawn.add(f));
        List<SimRecord> yard = records.stream().filter(r -> r.topic().equals("sw.frames") && r.key().equals("cam-yard")).toList();
        List<RenderedFrame> yardDrawn = new ArrayList<>();
        // Frames alternate between the two cameras in record order; match by JPEG bytes.
        for (SimRecord r : yard) {
            yardDrawn.add(drawn.stream().filter(f -> f.jpeg() == r.value()).findFirst().orElseThrow());
        }
        assertThat(yard).hasSize(300);
        int compared = 0;
        int equal = 0;
        int withPeople = 0;
        try (Vision v = new Vision()) {
            for (int i = 0; i < yard.size(); i++) {
                int blobs = v.blobs(yard.get(i).value(), 60);
                if (i < 60) {
                    continue; // learning the background
                }
                List<int[]> figures = yardDrawn.get(i).figures();
                if (overlapping(figures) || touchesEdge(figures, 640, 480)) {
                    continue;
                }
                compared++;
                withPeople += figures.isEmpty() ? 0 : 1;
                if (blobs == figures.size()) {
                    equal++;
                }
            }
        }
        assertThat(compared).isGreaterThan(60);
        assertThat(withPeople).as("frames with people among those compared").isGreaterThan(compared / 3);
        assertThat((double) equal / compared).as("%d of %d frames match", equal, compared).isGreaterThanOrEqualTo(0.8);
    }

    static boolean overlapping(List<int[]> boxes) {
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                int[] a = boxes.get(i);
                int[] b = boxes.get(j);
                int m = 4;
                if (a[0] < b[0] + b[2] + m && b[0] < a[0] + a[2] + m && a[1] < b[1] + b[3] + m && b[1] < a[1] + a[3] + m) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean touchesEdge(List<int[]> boxes, int w, int h) {
        // A figure half out of frame may show as a sliver below the blob size; leave those out.
        return boxes.stream().anyMatch(b -> b[0] <= 0 || b[0] + b[2] >= w || b[1] + b[3] >= h);
    }
}
