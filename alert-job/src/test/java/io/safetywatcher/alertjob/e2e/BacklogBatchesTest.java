package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog larger than the batch caps, worked through by {@code --trigger available-now} in a
 * JVM of 512 MB: every batch of both queries stays within the caps (read from the queries'
 * offset logs), everything is stored, and the history is not mistaken for late data although
 * its partitions are read unevenly.
 */
@StackTest
class BacklogBatchesTest {
    static final int MAX_RECORDS = 2000;
    static final int FRAME_BYTES = 4096;
    static final int MAX_FRAMES = 5;

    @Test
    void anAvailableNowRunTakesTheBacklogInBoundedBatchesAndStoresItAllWithNothingLate(StackEndpoints stack, @TempDir Path tmp)
            throws Exception {
        workThroughTheBacklog(stack, tmp, "spark");
    }

    /**
     * The same with direct detection: its polls bring one partition's fetch at a time, half an
     * hour of this history ahead of the other partition, so the zones' clocks are held at how far
     * the partitions with input left have got; nothing is late, and it works in the same heap.
     */
    @Test
    void directDetectionTakesTheSameBacklogWithNothingLate(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        workThroughTheBacklog(stack, tmp, "direct");
    }

    private static void workThroughTheBacklog(StackEndpoints stack, Path tmp, String engine) throws Exception {
        QuarantineKindsTest.Run thisRun = QuarantineKindsTest.Run.start(stack, "backlog");
        String run = thisRun.id();
        Topics topics = thisRun.topics();
        WatcherConfig config = thisRun.config();
        String ks = stack.keyspace();
        String zone = run + "-square";
        String busy = run + "-market";
        String near = run + "-near";
        String far = run + "-far";
        String cam = run + "-cam";
        List<String> crowd = new ArrayList<>();
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.zone(s, ks, busy, "park", 2);
            TestCassandra.sensor(s, ks, near, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, far, zone, SensorType.SOUND_LEVEL);
            TestCassandra.camera(s, ks, cam, zone, 40, 64, 48);
            for (int i = 0; i < 10; i++) {
                crowd.add(run + "-stall" + i);
                TestCassandra.sensor(s, ks, crowd.get(i), busy, SensorType.SOUND_LEVEL);
            }
        }
        // Two hours of history: the square's two sensors every 2 s, one in partition 0, one in
        // partition 1; partition 1 also carries ten market sensors' burst (1/s each) in the first
        // ten minutes, so Spark (which shares a cap by the partitions' lag) reads partition 0
        // far ahead of partition 1 in event time. Thirty frames, capped by bytes.
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        FrameCodec frames = FrameCodec.standard();
        byte[] jpeg = QuarantineKindsTest.jpeg(64, 48);
        List<String> sent = new ArrayList<>();
        Map<String, Long> ends = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int s = 0; s < 7200; s += 2) {
                Instant t = t0.plusSeconds(s);
                send(p, topics.readings(), 0, near, codec.encode(Reading.of(near, SensorType.SOUND_LEVEL, t, 55, s)), ends);
                sent.add(TestCassandra.readingKey(near, t, s));
                send(p, topics.readings(), 1, far, codec.encode(Reading.of(far, SensorType.SOUND_LEVEL, t, 55, s)), ends);
                sent.add(TestCassandra.readingKey(far, t, s));
                for (int k = 0; s < 600 && k < 2; k++) {
                    for (String stall : crowd) {
                        Instant ts = t.plusSeconds(k);
                        send(p, topics.readings(), 1, stall, codec.encode(Reading.of(stall, SensorType.SOUND_LEVEL, ts, 50, s + k)), ends);
                        sent.add(TestCassandra.readingKey(stall, ts, s + k));
                    }
                }
            }
            for (int i = 0; i < 30; i++) {
                FrameMeta meta = new FrameMeta(cam, t0.plusSeconds(i * 60L), i, 64, 48);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topics.frames(), 0, cam.getBytes(StandardCharsets.UTF_8), jpeg);
                frames.headers(meta).forEach((k, v) -> r.headers().add(k, v));
                p.send(r);
                ends.merge(topics.frames() + "/0", 1L, Long::sum);
            }
            p.flush();
        }

        Path checkpoint = tmp.resolve("checkpoint");
        Path log = tmp.resolve("job.log");
        List<String> args = List.of("--trigger", "available-now", "--checkpoint", checkpoint.toString(),
                "--max-offsets-per-trigger", Integer.toString(MAX_RECORDS), "--max-bytes-per-trigger", Integer.toString(MAX_FRAMES * FRAME_BYTES),
                "--set", "job.batch.frame-bytes=" + FRAME_BYTES, "--set", "job.detect=" + engine);
        ProcessBuilder pb = new ProcessBuilder(ChildJob.command("512m", config, args)).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WATCHER_") || k.startsWith("SPARK_"));
        Process job = pb.start();
        try {
            assertThat(job.waitFor(10, TimeUnit.MINUTES)).as("the run ended (log %s)", log).isTrue();
        } finally {
            job.destroyForcibly();
        }
        assertThat(job.exitValue()).as("exit status; the log's end:\n%s", tail(log)).isZero();

        for (String query : engine.equals("spark") ? List.of("ingest", "detect") : List.of("ingest")) {
            List<Map<String, Long>> batches = batches(checkpoint.resolve(query));
            assertThat(batches.size()).as("%s: batches", query).isGreaterThanOrEqualTo(7);
            Map<String, Long> before = new HashMap<>();
            for (int b = 0; b < batches.size(); b++) {
                long readings = 0;
                long frameCount = 0;
                for (var e : batches.get(b).entrySet()) {
                    long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    if (e.getKey().startsWith(topics.frames())) {
                        frameCount += n;
                    } else {
                        readings += n;
                    }
                }
                assertThat(readings).as("%s batch %d: readings and observations", query, b).isLessThanOrEqualTo(MAX_RECORDS);
                assertThat(frameCount).as("%s batch %d: frames", query, b).isLessThanOrEqualTo(MAX_FRAMES);
                before.putAll(batches.get(b));
            }
            ends.forEach((tp, end) -> assertThat(before.get(tp)).as("%s: %s read to its end", query, tp).isEqualTo(end));
        }

        try (CqlSession s = stack.openSession()) {
            List<String> sensors = new ArrayList<>(crowd);
            sensors.addAll(List.of(near, far));
            assertThat(TestCassandra.readingRows(s, ks, sensors, TestCassandra.days(t0, t0.plusSeconds(7200))))
                    .as("every reading stored").hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);
            long frameRows = 0;
            for (var day : TestCassandra.days(t0, t0.plusSeconds(1800))) {
                frameRows += s.execute("SELECT count(*) FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ?", cam, day)
                        .one().getLong(0);
            }
            assertThat(frameRows).as("every frame stored").isEqualTo(30);
            assertThat(TestCassandra.quarantined(s, ks, run + ".")).as("nothing quarantined, as late or otherwise").isEmpty();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, int partition, String key, byte[] value, Map<String, Long> ends) {
        p.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value));
        ends.merge(topic + "/" + partition, 1L, Long::sum);
    }

    /**
     * Each batch's end offsets, "topic/partition" to offset, from the query's offset log: a
     * version line, a metadata line, then a line per source.
     */
    static List<Map<String, Long>> batches(Path queryCheckpoint) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (var list = Files.list(queryCheckpoint.resolve("offsets"))) {
            files = list.filter(f -> f.getFileName().toString().matches("\\d+"))
                    .sorted((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()), Long.parseLong(b.getFileName().toString())))
                    .toList();
        }
        List<Map<String, Long>> out = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            Map<String, Long> ends = new TreeMap<>();
            for (String line : lines.subList(2, lines.size())) {
                JsonNode source = json.readTree(line);
                source.fields().forEachRemaining(topic -> topic.getValue().fields()
                        .forEachRemaining(part -> ends.put(topic.getKey() + "/" + part.getKey(), part.getValue().asLong())));
            }
            out.add(ends);
        }
        return out;
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
