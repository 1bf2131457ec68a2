package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.analytics.Main;
import io.safetywatcher.common.codec.IncidentCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.common.risk.RiskModels;
import io.safetywatcher.shell.Program;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./watcher analytics train-risk} end to end on the real Cassandra: two days of a small
 * city's sensor history with crowd incidents, the simulator's truth in a file; a model version
 * is published with its forest and its figures, and a second run publishes the next version.
 * The stack is shared with the other analytics tests, which count the registry's devices and
 * the rows of their own days: this one seeds days none of them reads and removes its camera
 * and every row it wrote when it is done.
 */
@StackTest
class RiskTrainingTest {
    static final LocalDate DAY1 = LocalDate.now(ZoneOffset.UTC).minusDays(62);
    static final LocalDate DAY2 = DAY1.plusDays(1);
    /** Minutes of camera frames in the park on the held-out day. */
    static final int PARK_MINUTES = 60;

    @TempDir
    static Path dir;
    static Path truth;
    static final List<Incident> incidents = new ArrayList<>();

    @BeforeAll
    static void seed(StackEndpoints stack) throws Exception {
        SeedCity city = new SeedCity();
        Random random = new Random(5);
        for (LocalDate day : List.of(DAY1, DAY2)) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            // A quiet day: a reading a minute from each sound and density sensor of the plaza and the station.
            for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(1))); t = t.plusSeconds(60)) {
                city.reading("plaza-sound-1", t, 55 + random.nextDouble() * 6);
                city.reading("station-sound-1", t, 58 + random.nextDouble() * 6);
                city.reading("plaza-density-1", t.plusMillis(300), 0.3 + random.nextDouble() * 1.5);
                city.reading("station-density-1", t.plusMillis(300), 0.2 + random.nextDouble() * 1.2);
            }
            // Crowds: surges in the plaza (density climbing past 5 p/m² in minutes), dense spells at the station.
            for (int k = 0; k < 4; k++) {
                Instant surge = start.plus(Duration.ofHours(8 + 3 * k)).plusSeconds(20);
                for (int s = 0; s < 600; s += 15) {
                    city.reading("plaza-density-1", surge.plusSeconds(s), Math.min(6.8, 2 + s / 100.0) + random.nextDouble() * 0.2);
                }
                incidents.add(incident(AlertType.CROWD_SURGE, "plaza", surge, surge.plusSeconds(600), day, k));
                Instant dense = start.plus(Duration.ofHours(9 + 3 * k)).plusSeconds(20);
                for (int s = 0; s < 900; s += 15) {
                    city.reading("station-density-1", dense.plusSeconds(s), 3.6 + random.nextDouble() * 0.8);
                }
                incidents.add(incident(AlertType.CROWD_DENSITY, "station", dense, dense.plusSeconds(900), day, k));
            }
        }
        try (CqlSession s = stack.openSession()) {
            city.storeAll(s, stack.keyspace());
            // The park has no density sensor, only a camera whose analysed frames (people counted by the
            // stream's vision stage) give its density: an hour of them on the held-out day.
            new io.safetywatcher.store.registry.RegistryTable(s, stack.keyspace()).writeAll(List.of(
                    io.safetywatcher.store.registry.Device.camera("park-cam-1", "park", 50.0, 640, 480, 2.0, null, Instant.now())));
            var frame = s.prepare("INSERT INTO " + stack.keyspace() + ".frames_by_camera_day (camera_id, day, ts, seq, zone_id, people_count,"
                    + " motion_energy) VALUES ('park-cam-1', ?, ?, ?, 'park', ?, 0.1)");
            Instant hour = DAY2.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(14));
            for (int i = 0; i < PARK_MINUTES * 2; i++) {
                s.execute(frame.bind(DAY2, hour.plusSeconds(30L * i), (long) i, 20 + i % 7));
            }
        }
        truth = dir.resolve("sim-truth.jsonl");
        StringBuilder lines = new StringBuilder();
        incidents.forEach(i -> lines.append(IncidentCodec.toJson(i)).append('\n'));
        Files.writeString(truth, lines);
    }

    @AfterAll
    static void removeWhatWasSeeded(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            s.execute("DELETE FROM " + ks + ".devices WHERE device_id = 'park-cam-1'");
            s.execute("DELETE FROM " + ks + ".devices_by_zone WHERE zone_id = 'park' AND device_id = 'park-cam-1'");
            var readings = s.prepare("DELETE FROM " + ks + ".readings_by_sensor_day WHERE sensor_id = ? AND day = ?");
            var frames = s.prepare("DELETE FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ?");
            for (LocalDate day : List.of(DAY1, DAY2)) {
                for (String sensor : List.of("plaza-sound-1", "station-sound-1", "plaza-density-1", "station-density-1")) {
                    s.execute(readings.bind(sensor, day));
                }
                s.execute(frames.bind("park-cam-1", day));
                s.execute("DELETE FROM " + ks + ".raw_day_changes WHERE day = ?", day);
            }
        }
    }

    static Incident incident(AlertType type, String zone, Instant from, Instant to, LocalDate day, int k) {
        return new Incident(type.id() + "-" + day + "-" + k, type, zone, List.of(), from, to, 1.0);
    }

    static Program.Outcome trainRisk(StackEndpoints stack, String... more) {
        List<String> args = new ArrayList<>(List.of("train-risk", "--from", DAY1.toString(), "--to", DAY2.toString(),
                "--set", "models.dir=" + dir.resolve("models")));
        stack.config().settings().forEach((k, s) -> {
            if (!"default".equals(s.source())) {
                args.add("--set");
                args.add(k + "=" + s.value());
            }
        });
        args.addAll(List.of(more));
        return Program.capture(Main.commandLine(), args.toArray(String[]::new));
    }

    @Test
    void trainsJudgesAndPublishesVersionAfterVersion(StackEndpoints stack) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-truth.jsonl"), "");
        Program.Outcome refused = trainRisk(stack, "--truth", empty.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("no labels");

        long t0 = System.nanoTime();
        Program.Outcome first = trainRisk(stack, "--truth", truth.toString(), "--report", dir.resolve("report").toString());
        assertThat(first.code()).as(first.err()).isZero();
        System.out.printf("train-risk over 2 days took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        RiskModels models = new RiskModels(dir.resolve("models"));
        assertThat(models.latest()).hasValue(1);
        RiskForest forest = models.read(1);
        assertThat(forest.version()).isEqualTo(1);
        assertThat(forest.trees()).hasSize(RiskTraining.TREES);
        assertThat(models.version(1).resolve("mllib")).isDirectory();
        assertThat(models.staging(1)).doesNotExist();

        JsonNode e = Json.MAPPER.readTree(models.version(1).resolve("evaluation.json").toFile());
        assertThat(e.path("held_out_from").asText()).isEqualTo(DAY2.toString());
        assertThat(e.path("train_to").asText()).isEqualTo(DAY1.toString());
        long held = e.path("held_out_rows").path("total").asLong();
        // A row per minute of the plaza's and the station's density sensors, and of the park's camera hour.
        assertThat(e.path("train_rows").path("total").asLong()).isEqualTo(2 * 1_440);
        assertThat(held).isEqualTo(2 * 1_440 + PARK_MINUTES);
        assertThat(e.path("held_out_rows").path("high").asLong()).isPositive();
        assertThat(e.path("held_out_rows").path("medium").asLong()).isPositive();
        for (String scorer : List.of("learned", "rule")) {
            JsonNode s = e.path("scorers").path(scorer);
            assertThat(s.path("macro_f1").isNumber()).as(scorer).isTrue();
            assertThat(s.path("classes").path("high").path("support").asLong()).isEqualTo(e.path("held_out_rows").path("high").asLong());
            long total = 0;
            for (JsonNode row : s.path("confusion")) {
                for (JsonNode x : row) {
                    total += x.asLong();
                }
            }
            assertThat(total).as(scorer).isEqualTo(held);
        }
        assertThat(e.path("mllib_agreement").asLong()).isEqualTo(held);
        assertThat(e.path("feature_importances").path("density").asDouble()).isPositive();
        assertThat(dir.resolve("report").resolve("risk-model.md")).content().contains("Crowd-risk model v1", "macro-F1");
        System.out.println("learned macro-F1 " + e.path("scorers").path("learned").path("macro_f1")
                + ", rule macro-F1 " + e.path("scorers").path("rule").path("macro_f1"));

        Program.Outcome second = trainRisk(stack, "--truth", truth.toString(), "--format", "json");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(models.latest()).hasValue(2);
        assertThat(models.read(2).version()).isEqualTo(2);
    }
}
