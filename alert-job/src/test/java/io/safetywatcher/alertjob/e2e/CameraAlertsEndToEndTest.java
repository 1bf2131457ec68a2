package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.vision.CameraModels;
import io.safetywatcher.alertjob.vision.CameraView;
import io.safetywatcher.alertjob.vision.Scene;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camera alerts end to end on the real stack: four cameras, 2 fps, {@value #SECONDS} s of
 * rendered frames (ten minutes ago), one incident each after the models' 10 s warm-up:
 * <ul>
 *   <li>vault (closed now): two people wander in view from 40 s to 100 s: intrusion;</li>
 *   <li>bench (40 s allowed): one person stays from 30 s to 130 s: loitering;</li>
 *   <li>yard: two people lunge at each other on the spot from 40 s to 110 s: fight; and at
 *       20 s three broken frames (zero bytes, another size than registered, corrupt pixels);</li>
 *   <li>square (8 m² in view): 20 people shuffle along from 40 s to 110 s, 2.5 p/m²: crowd
 *       alerts (density; its sudden rise may also count as a surge and a crowd risk, and a
 *       high crowd risk supersedes the density alert).</li>
 * </ul>
 * Each zone gets exactly its alerts, every firing alert names its evidence frame (the frame sent,
 * read back from Kafka and stored with its boxes drawn: the detect query shuffles no JPEG), frame
 * features are on the frames' rows, and the broken frames are quarantined with their reasons while
 * the yard camera's next frames are still analysed.
 */
@StackTest
class CameraAlertsEndToEndTest {
    static final int SECONDS = 200;
    static SparkSession spark;

    @BeforeAll
    static void spark(StackEndpoints stack) {
        spark = InProcessJob.spark(stack.config());
    }

    @AfterAll
    static void stop() {
        spark.stop();
        CameraModels.clear();
    }

    /** {@code stored} is {@code original} re-encoded with marks drawn: the same picture, some pixels changed much. */
    static void assertAnnotatedCopy(byte[] stored, byte[] original, String what) throws java.io.IOException {
        java.awt.image.BufferedImage a = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(stored));
        java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(original));
        assertThat(a).as("stored evidence of %s decodes", what).isNotNull();
        assertThat(new int[] {a.getWidth(), a.getHeight()}).containsExactly(b.getWidth(), b.getHeight());
        int same = 0;
        int marked = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    d = Math.max(d, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
                }
                same += d < 24 ? 1 : 0;
                marked += d > 80 ? 1 : 0;
            }
        }
        double sameShare = (double) same / (a.getWidth() * a.getHeight());
        System.err.printf("[camera test] evidence of %s: %.1f %% of pixels as sent, %d marked%n", what, 100 * sameShare, marked);
        assertThat(sameShare).as("evidence of %s: the frame sent, re-encoded", what).isGreaterThan(0.8);
        assertThat(marked).as("evidence of %s: boxes drawn", what).isGreaterThan(30);
    }

    interface Script {
        List<Scene.Figure> at(int frame, SplittableRandom rng);
    }

    @Test
    void eachCameraIncidentGivesItsAlertWithEvidence(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        String run = "cam" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        // The test's figures fill more of their box than the simulator's: say so, as a deployment would.
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test").with("vision.person-area", "0.3", "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String vault = run + "-vault";
        String bench = run + "-bench";
        String yard = run + "-yard";
        String square = run + "-square";
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        int closedFrom = (int) ((t0.getEpochSecond() / 3600 + 2) % 24);
        String closed = String.format("%02d:00-%02d:00", closedFrom, (closedFrom + 1) % 24); // open an hour, two hours from now
        Path rules = tmp.resolve("rules.yaml");
        // The test scene has no sensor noise: a minute without anyone in view is the very same pixels,
        // which camera_frozen would rightly call a stuck camera. (camera_moved is on: the square's crowd
        // over most of a plain view must not be taken for a move.)
        Files.writeString(rules, "zones:\n  overrides:\n    " + vault + ":\n      opening_hours: \"" + closed + "\"\n"
                + "    " + bench + ":\n      max_dwell: 40s\n"
                + "rules:\n  camera_frozen:\n    after: 1h\n");
        VisionSettings vision = VisionSettings.of(config);
        Map<String, Double> areas = Map.of(vault, 150.0, bench, 150.0, yard, 150.0, square, 8.0);
        try (CqlSession s = stack.openSession()) {
            for (String zone : areas.keySet()) {
                TestCassandra.zone(s, ks, zone, "square", 1);
                TestCassandra.camera(s, ks, zone + "-cam", zone, areas.get(zone), 640, 480);
            }
        }
        Map<String, Script> scripts = Map.of(
                vault, (i, rng) -> i >= 80 && i < 200 ? List.of(new Scene.Figure(200 + 2 * (i - 80), 380, 0),
                        new Scene.Figure(450 - (i - 80), 330, 1)) : List.of(),
                bench, (i, rng) -> i >= 60 && i < 260 ? List.of(new Scene.Figure(320 + 20 * Math.sin(i / 9.0), 400 + 8 * Math.cos(i / 7.0), 4))
                        : List.of(),
                yard, (i, rng) -> i >= 80 && i < 220 ? List.of(new Scene.Figure(300 + rng.nextGaussian() * 18, 400 + rng.nextGaussian() * 6, 0),
                        new Scene.Figure(360 + rng.nextGaussian() * 18, 400 + rng.nextGaussian() * 6, 1)) : List.of(),
                square, (i, rng) -> Scene.squareCrowd(i));
        FrameCodec codec = FrameCodec.standard();
        long jpegBytesSent = 0;
        Map<String, byte[]> sent = new java.util.HashMap<>(); // by camera@time: the evidence must be one of them, annotated
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of());
             Scene scene = new Scene(vision.view(640, 480, 150));
             Scene small = new Scene(vision.view(320, 240, 150))) {
            for (String zone : areas.keySet()) {
                SplittableRandom rng = new SplittableRandom(zone.hashCode());
                String cam = zone + "-cam";
                for (int i = 0; i < SECONDS * 2; i++) {
                    Instant t = t0.plusMillis(500L * i);
                    byte[] jpeg = scene.jpeg(scripts.get(zone).at(i, rng), 1);
                    int w = 640;
                    int h = 480;
                    if (zone.equals(yard) && i == 40) {
                        jpeg = new byte[0];
                    } else if (zone.equals(yard) && i == 41) {
                        jpeg = small.jpeg(List.of(), 1);
                        w = 320;
                        h = 240;
                    } else if (zone.equals(yard) && i == 42) {
                        SplittableRandom noise = new SplittableRandom(42);
                        for (int k = jpeg.length / 3; k < jpeg.length - 10; k++) {
                            jpeg[k] = (byte) noise.nextInt(256);
                        }
                    }
                    p.send(TestKafka.record(topics.frames(), cam, jpeg, codec.headers(new FrameMeta(cam, t, i, w, h))));
                    jpegBytesSent += jpeg.length;
                    sent.put(cam + "@" + t, jpeg);
                }
            }
            p.flush();
        }

        ShuffleMeter shuffle = ShuffleMeter.on(spark);
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"), RuleSet.load(rules));
        shuffle.settled();
        System.err.printf("[camera test] detect query's shuffle: %,d bytes in %,d records; %,d frames sent, %,d JPEG bytes%n",
                shuffle.bytes("detect"), shuffle.records("detect"), areas.size() * SECONDS * 2, jpegBytesSent);
        // Every frame's row goes through the detect query's shuffle, none with its JPEG (26 KB here,
        // about 5.7 KB a row once Spark's shuffle compressed them, when it was carried): a few hundred bytes a row.
        if (InProcessJob.direct()) {
            assertThat(shuffle.records("detect")).as("direct detection runs no Spark query: nothing shuffled").isZero();
        } else {
            assertThat(shuffle.records("detect")).as("rows shuffled by the detect query").isGreaterThanOrEqualTo(areas.size() * SECONDS * 2);
            assertThat(shuffle.bytes("detect")).as("bytes shuffled by the detect query").isLessThan(2_000L * shuffle.records("detect"));
        }

        List<Alert> events = TestKafka.alerts(config, topics.alerts());
        Map<String, Set<String>> byZone = events.stream().collect(Collectors.groupingBy(Alert::zone,
                Collectors.mapping(a -> a.type().id(), Collectors.toSet())));
        assertThat(byZone.keySet()).as("zones with alerts: %s", events).containsExactlyInAnyOrder(vault, bench, yard, square);
        assertThat(byZone.get(vault)).containsExactly("intrusion");
        assertThat(byZone.get(bench)).containsExactly("loitering");
        assertThat(byZone.get(yard)).containsExactly("fight");
        // Density, and the sudden rise as a surge and a crowd risk (a high risk supersedes the density alert).
        assertThat(byZone.get(square)).isNotEmpty().isSubsetOf("crowd-density", "crowd-surge", "crowd-risk");

        List<Alert> firing = events.stream().filter(a -> a.state() == AlertState.FIRING).toList();
        try (CqlSession s = stack.openSession()) {
            for (Alert a : firing) {
                assertThat(a.evidence()).as("evidence of %s", a.type()).isNotEmpty();
                assertThat(a.evidence().get(0)).startsWith("evidence_frames:" + a.id() + "/");
                Row e = s.execute("SELECT camera_id, ts, jpeg, boxes FROM " + ks + ".evidence_frames WHERE alert_id = ?", a.id()).one();
                assertThat(e).as("evidence frame of %s", a.type()).isNotNull();
                byte[] jpeg = new byte[e.getByteBuffer("jpeg").remaining()];
                e.getByteBuffer("jpeg").get(jpeg);
                assertThat(Arrays.copyOf(jpeg, 2)).containsExactly((byte) 0xFF, (byte) 0xD8);
                assertThat(e.getString("boxes")).contains("\"people\":[{");
                // The job shuffles no JPEG: the sink read this frame back from Kafka and drew the boxes on it.
                byte[] original = sent.get(e.getString("camera_id") + "@" + e.getInstant("ts"));
                assertThat(original).as("the frame sent at the evidence's time").isNotNull();
                assertAnnotatedCopy(jpeg, original, a.type().id());
            }
            // Features on the frames' rows: the crowd is counted (20 drawn; within a few).
            LocalDate day = LocalDate.ofInstant(t0.plusSeconds(90), ZoneOffset.UTC);
            Row crowd = s.execute("SELECT people_count, blob_count, motion_energy FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ? AND ts = ?",
                    square + "-cam", day, t0.plusSeconds(90)).one();
            assertThat(crowd).isNotNull();
            assertThat(crowd.isNull("people_count")).as("features stored").isFalse();
            assertThat(crowd.getInt("people_count")).isBetween(16, 24);
            // The broken frames: quarantined with their reasons, by the raw path or by the extractor.
            assertThat(TestCassandra.quarantined(s, ks, run + ".")).extracting(q -> q.reason())
                    .containsExactlyInAnyOrder("empty_payload", "wrong_size", "corrupt_jpeg");
            // And the yard camera's next frames still analysed.
            Row after = s.execute("SELECT people_count FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ? AND ts = ?",
                    yard + "-cam", LocalDate.ofInstant(t0.plusMillis(500L * 45), ZoneOffset.UTC), t0.plusMillis(500L * 45)).one();
            assertThat(after).isNotNull();
            assertThat(after.isNull("people_count")).isFalse();
            assertThat(after.getInt("people_count")).isZero();
        }

        // A yard frame from long behind its zone's clock (a newer sequence number, so the model
        // analyses it): late. The detect query carried none of its bytes, yet its quarantine row
        // holds its JPEG, read back from Kafka by the sink.
        byte[] lateJpeg;
        org.apache.kafka.clients.producer.RecordMetadata lateAt;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of());
             Scene scene = new Scene(vision.view(640, 480, 150))) {
            lateJpeg = scene.jpeg(List.of(), 1);
            lateAt = TestKafka.sendSync(p, TestKafka.record(topics.frames(), yard + "-cam", lateJpeg,
                    codec.headers(new FrameMeta(yard + "-cam", t0.plusSeconds(10), SECONDS * 2 + 100, 640, 480))));
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"), RuleSet.load(rules));
        String lateCoordinates = lateAt.topic() + "/" + lateAt.partition() + "/" + lateAt.offset();
        try (CqlSession s = stack.openSession()) {
            assertThat(TestCassandra.quarantined(s, ks, run + ".")).filteredOn(q -> q.coordinates().equals(lateCoordinates))
                    .as("the late frame's quarantine row").singleElement()
                    .satisfies(q -> assertThat(q.reason()).isEqualTo("late"))
                    .satisfies(q -> assertThat(q.raw()).as("its JPEG").isEqualTo(lateJpeg));
        }
    }
}
