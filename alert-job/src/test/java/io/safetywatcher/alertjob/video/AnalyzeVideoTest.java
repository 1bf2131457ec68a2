package io.safetywatcher.alertjob.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.Scene;
import io.safetywatcher.alertjob.vision.VisionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./watcher analyze-video} over a folder of rendered frames: the rows it writes as it goes. */
class AnalyzeVideoTest {
    private static final int FRAMES = 40;

    @TempDir
    Path dir;

    private void render() throws IOException {
        CameraView view = new VisionSettings(20, 240, 10, 0.28, 5, 0.3, 8).view(640, 480, 150);
        try (Scene scene = new Scene(view)) {
            for (int i = 0; i < FRAMES; i++) {
                // One walker crossing near the camera.
                byte[] jpeg = scene.jpeg(List.of(new Scene.Figure(60 + 10 * i, 420, 0)), 1);
                Files.write(dir.resolve(String.format("%05d.jpg", i)), jpeg);
            }
        }
    }

    private static String[] run(String... args) {
        PrintStream was = System.out;
        PrintStream wasErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new AnalyzeVideo()).execute(args);
            return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(was);
            System.setErr(wasErr);
        }
    }

    @Test
    void jsonHasOneRowPerFrameWithTheWalkerCountedAfterWarmUp() throws IOException {
        render();
        String[] r = run(dir.toString(), "--fps", "2", "--view-area", "150", "--person-area", "0.3", "--format", "json");
        assertEquals("0", r[0], r[2]);
        JsonNode doc = new ObjectMapper().readTree(r[1]);
        JsonNode frames = doc.get("frames");
        assertEquals(FRAMES, frames.size());
        assertEquals(0.5, frames.get(1).get("time_s").asDouble(), 1e-9);
        JsonNode last = frames.get(FRAMES - 1);
        assertTrue(last.get("warm").asBoolean());
        assertEquals(1, last.get("people").asInt(), last::toString);
        JsonNode person = last.get("boxes").get("people").get(0);
        assertTrue(person.get("dwell_s").asDouble() > 5, person::toString);
        // One walker is too few to learn the perspective from: it says so, and each row says the count is uncertain.
        assertTrue(last.has("calibrated") && !last.get("calibrated").asBoolean(), last::toString);
        JsonNode calibration = doc.get("calibration");
        assertTrue(calibration != null && !calibration.get("calibrated").asBoolean(), doc::toString);
        assertTrue(calibration.get("people").asInt() <= 1, calibration::toString);
    }

    @Test
    void textEndsWithASummaryAndAnEmptyFolderIsAClearError() throws IOException {
        render();
        String[] r = run(dir.toString(), "--fps", "2", "--view-area", "150", "--person-area", "0.3");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].trim().split("\n");
        assertEquals(FRAMES + 3, lines.length); // header, one per frame, summary, calibration
        assertTrue(lines[lines.length - 2].startsWith(FRAMES + " frames, " + (FRAMES - 20) + " counted after warm-up"), lines[lines.length - 2]);
        assertTrue(lines[lines.length - 1].startsWith("perspective not calibrated: "), lines[lines.length - 1]);
        assertTrue(lines[lines.length - 3].trim().split("\\s+")[2].endsWith("?"), "an uncalibrated count is marked: " + lines[lines.length - 3]);

        Path empty = Files.createDirectory(dir.resolve("empty"));
        String[] e = run(empty.toString(), "--format", "json");
        assertEquals("1", e[0]);
        assertEquals("", e[1], "nothing half-written on stdout");
        assertTrue(e[2].contains("no frames could be read from"), e[2]);
    }
}
