package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.codec.DeadLetterCodec;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.ObservationCodec;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input the job can meet, each between valid records: each lands in
 * quarantine_by_day and on the dead-letter topic with its own reason, its source coordinates
 * and its raw bytes, and every valid record around it is kept in its raw table.
 */
@StackTest
class QuarantineKindsTest {
    static SparkSession spark;

    @BeforeAll
    static void spark(StackEndpoints stack) {
        spark = InProcessJob.spark(stack.config());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** One test's own topics (by prefix) and device ids, so the tests share a stack without seeing each other's records. */
    record Run(String id, WatcherConfig config, Topics topics) {
        static Run start(StackEndpoints stack, String prefix) throws Exception {
            String id = prefix + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
            WatcherConfig config = stack.config().with("topics.prefix", id + ".", "test");
            Provisioning.createTopics(config);
            return new Run(id, config, Topics.of(config));
        }
    }

    /** One bad record as sent: where it went, what it was, and what the job must say about it. */
    record Bad(String coordinates, String reason, String device, byte[] raw, String label) {}

    @Test
    void everyBadInputKindIsQuarantinedWithItsOwnReasonAndTheValidRecordsAroundItAreKept(StackEndpoints stack, @TempDir Path tmp)
            throws Exception {
        Run thisRun = Run.start(stack, "quar");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        Topics topics = thisRun.topics();
        String ks = stack.keyspace();
        String zone = run + "-station";
        String sound = run + "-sound";
        String gun = run + "-gun";
        String cam = run + "-cam";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "transit", 4);
            TestCassandra.sensor(s, ks, sound, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, gun, zone, SensorType.GUNSHOT);
            TestCassandra.camera(s, ks, cam, zone, 40, 64, 48);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        Instant badTime = t0.plusSeconds(500);
        String okTime = "\"" + badTime + "\"";
        ReadingCodec readings = ReadingCodec.standard();
        ObservationCodec observations = ObservationCodec.standard();
        FrameCodec frames = FrameCodec.standard();
        byte[] jpeg = jpeg(64, 48);

        List<Bad> bad = new ArrayList<>();
        List<String> validReadings = new ArrayList<>();
        List<String> validObservations = new ArrayList<>();
        List<String> validFrames = new ArrayList<>();
        int[] step = {0};
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            // A valid reading, observation and frame before and after every bad record.
            Runnable valid = () -> {
                int i = step[0]++;
                Instant t = t0.plusSeconds(i);
                Reading r = Reading.of(sound, SensorType.SOUND_LEVEL, t, 55 + i % 5, i);
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, readings.encode(r)));
                validReadings.add(TestCassandra.readingKey(sound, t, i));
                Observation o = new Observation(cam, t, i, List.of(new Label("loitering", 0.3)));
                TestKafka.sendSync(p, TestKafka.record(topics.observations(), cam, observations.encode(o)));
                validObservations.add(cam + "|" + t.toEpochMilli() + "|" + i + "|loitering");
                FrameMeta m = new FrameMeta(cam, t, i, 64, 48);
                TestKafka.sendSync(p, TestKafka.record(topics.frames(), cam, jpeg, frames.headers(m)));
                validFrames.add(cam + "|" + t.toEpochMilli() + "|" + i);
            };
            Sender send = (topic, key, value, headers, reason, device, label) -> {
                valid.run();
                RecordMetadata md = TestKafka.sendSync(p, headers == null ? TestKafka.record(topic, key, value)
                        : TestKafka.record(topic, key, value, headers));
                bad.add(new Bad(md.topic() + "/" + md.partition() + "/" + md.offset(), reason.id(), device, value, label));
            };
            String rt = topics.readings();
            send.send(rt, sound, utf8("{\"sensor_id\": \"" + sound + "\", \"value\": "), null, Reason.MALFORMED_JSON, sound, "cut-off JSON");
            send.send(rt, sound, utf8("[1, 2, 3]"), null, Reason.NOT_AN_OBJECT, sound, "an array");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, null, "\"dB\"", "7"), null, Reason.MISSING_FIELD, sound, "no value");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, "\"loud\"", "\"dB\"", "7"), null, Reason.WRONG_TYPE, sound, "value a string");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, "NaN", "\"dB\"", "7"), null, Reason.NOT_A_NUMBER, sound, "value NaN");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, "250", "\"dB\"", "7"), null, Reason.OUT_OF_RANGE, sound, "250 dB");
            send.send(rt, sound, reading(sound, "\"sound_level\"", "\"" + Instant.now().plus(Duration.ofHours(1)) + "\"", "60", "\"dB\"", "7"),
                    null, Reason.TIMESTAMP_IN_FUTURE, sound, "an hour ahead");
            send.send(rt, sound, reading(sound, "\"sound_level\"", "\"" + Instant.now().minus(Duration.ofDays(500)) + "\"", "60", "\"dB\"", "7"),
                    null, Reason.TIMESTAMP_TOO_OLD, sound, "500 days old");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, "60", "\"furlong\"", "7"), null, Reason.UNKNOWN_UNIT, sound, "furlongs");
            send.send(rt, sound, reading(sound, "\"sound_level\"", okTime, "60", "\"ratio\"", "7"), null, Reason.UNIT_MISMATCH, sound, "dB as ratio");
            send.send(rt, sound, reading(sound, "\"smell\"", okTime, "60", "\"dB\"", "7"), null, Reason.UNKNOWN_SENSOR_TYPE, sound, "a smell sensor");
            send.send(rt, run + "-ghost", readings.encode(Reading.of(run + "-ghost", SensorType.SOUND_LEVEL, badTime, 60, 7)), null,
                    Reason.UNKNOWN_DEVICE, run + "-ghost", "unregistered sensor");
            send.send(rt, gun, readings.encode(Reading.of(sound, SensorType.SOUND_LEVEL, badTime, 60, 7)), null,
                    Reason.KEY_MISMATCH, sound, "keyed by another sensor");
            send.send(rt, sound, new byte[0], null, Reason.EMPTY_PAYLOAD, sound, "empty reading");
            send.send(rt, gun, readings.encode(Reading.of(gun, SensorType.SOUND_LEVEL, badTime, 60, 7)), null,
                    Reason.SENSOR_TYPE_MISMATCH, gun, "a gunshot detector sending sound levels");
            // 1 KB that once failed the ingest query on every restart, for good.
            send.send(rt, sound, utf8("{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}"), null, Reason.TOO_LARGE, sound,
                    "JSON nested 1,200 deep");
            send.send(rt, sound, utf8("{\"sensor_id\":\"" + "x".repeat(70_000) + "\"}"), null, Reason.TOO_LARGE, sound,
                    "70 KB, over validation.max-json-bytes");
            send.send(rt, null, readings.encode(Reading.of(sound, SensorType.SOUND_LEVEL, badTime, 60, 7)), null,
                    Reason.MISSING_KEY, sound, "no record key");

            String ot = topics.observations();
            send.send(ot, cam, observations.encode(new Observation(cam, badTime, 7, List.of(new Label("Suspicious Man", 0.9)))), null,
                    Reason.INVALID_VALUE, cam, "free text as a label");
            send.send(ot, cam, observations.encode(new Observation(cam, badTime, 8, List.of(new Label("fight", 0.2), new Label("fight", 0.9)))),
                    null, Reason.INVALID_VALUE, cam, "one label twice");

            String ft = topics.frames();
            FrameMeta meta = new FrameMeta(cam, badTime, 7, 64, 48);
            Map<String, byte[]> noTime = new LinkedHashMap<>(frames.headers(meta));
            noTime.remove(FrameCodec.CAPTURE_TIME);
            send.send(ft, cam, jpeg, noTime, Reason.MISSING_HEADER, cam, "no capture time header");
            send.send(ft, cam, new byte[0], frames.headers(meta), Reason.EMPTY_PAYLOAD, cam, "empty frame");
            send.send(ft, cam, utf8("GIF89a, not a JPEG at all"), frames.headers(meta), Reason.NOT_JPEG, cam, "not a JPEG");
            send.send(ft, cam, Arrays.copyOf(jpeg, jpeg.length / 2), frames.headers(meta), Reason.TRUNCATED_JPEG, cam, "half a JPEG");
            send.send(ft, cam, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9}, frames.headers(meta),
                    Reason.CORRUPT_JPEG, cam, "markers but no frame header");
            send.send(ft, cam, jpeg, frames.headers(new FrameMeta(cam, badTime, 7, 640, 480)), Reason.WRONG_SIZE, cam, "64x48 claimed as 640x480");
            send.send(ft, run + "-ghostcam", jpeg, frames.headers(new FrameMeta(run + "-ghostcam", badTime, 7, 64, 48)),
                    Reason.UNKNOWN_DEVICE, run + "-ghostcam", "unregistered camera");
            valid.run();
        }

        // Every reason but those of the detect query's clock (the tests below) and internal_error, which no
        // input should ever earn (IngestTest makes one).
        Set<Reason> elsewhere = Set.of(Reason.LATE, Reason.CLOCK_AHEAD, Reason.INTERNAL_ERROR);
        assertThat(bad.stream().map(Bad::reason).collect(Collectors.toSet()))
                .containsAll(Arrays.stream(Reason.values()).filter(r -> !elsewhere.contains(r)).map(Reason::id).toList());

        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        Map<String, Bad> expected = bad.stream().collect(Collectors.toMap(Bad::coordinates, b -> b));
        try (CqlSession s = stack.openSession()) {
            List<TestCassandra.Quarantined> rows = TestCassandra.quarantined(s, ks, run + ".");
            Map<String, TestCassandra.Quarantined> byCoordinates = rows.stream()
                    .collect(Collectors.toMap(TestCassandra.Quarantined::coordinates, q -> q, (a, b) -> a));
            assertThat(rows).as("one quarantine row per bad record, none for a valid one").hasSize(bad.size());
            assertThat(byCoordinates.keySet()).isEqualTo(expected.keySet());
            for (Bad b : bad) {
                TestCassandra.Quarantined q = byCoordinates.get(b.coordinates());
                assertThat(q.reason()).as("reason for %s at %s (%s)", b.label(), b.coordinates(), q.detail()).isEqualTo(b.reason());
                assertThat(q.detail()).as("detail for %s", b.label()).isNotBlank();
                assertThat(q.deviceId()).as("device for %s", b.label()).isEqualTo(b.device());
                assertThat(q.raw()).as("raw bytes of %s", b.label()).isEqualTo(kept(b.raw()));
                assertThat(q.rawSize()).as("raw size of %s", b.label()).isEqualTo(b.raw().length);
            }

            List<String> keptReadings = TestCassandra.readingRows(s, ks, List.of(sound, gun, run + "-ghost"),
                    TestCassandra.days(t0, badTime));
            assertThat(keptReadings).as("the valid readings, and only those").containsExactlyInAnyOrderElementsOf(validReadings);
            List<String> keptObservations = new ArrayList<>();
            List<String> keptFrames = new ArrayList<>();
            for (var day : TestCassandra.days(t0, badTime)) {
                s.execute("SELECT ts, seq, label FROM " + ks + ".observations_by_camera_day WHERE camera_id = ? AND day = ?", cam, day)
                        .forEach(r -> keptObservations.add(cam + "|" + r.getInstant("ts").toEpochMilli() + "|" + r.getLong("seq") + "|" + r.getString("label")));
                s.execute("SELECT ts, seq, width, height, jpeg_bytes FROM " + ks + ".frames_by_camera_day WHERE camera_id = ? AND day = ?", cam, day)
                        .forEach(r -> {
                            assertThat(r.getInt("jpeg_bytes")).isEqualTo(jpeg.length);
                            keptFrames.add(cam + "|" + r.getInstant("ts").toEpochMilli() + "|" + r.getLong("seq"));
                        });
            }
            assertThat(keptObservations).as("the valid observations, and only those").containsExactlyInAnyOrderElementsOf(validObservations);
            assertThat(keptFrames).as("the valid frames' metadata, and only those").containsExactlyInAnyOrderElementsOf(validFrames);
        }

        // The dead-letter topic: keyed by source coordinates, the same reason, the raw bytes.
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TestKafka.readAll(config, topics.deadLetter())) {
            DeadLetter d = DeadLetterCodec.decode(r.value()).value();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(d.coordinates());
            letters.put(d.coordinates(), d);
        }
        assertThat(letters.keySet()).isEqualTo(expected.keySet());
        for (Bad b : bad) {
            DeadLetter d = letters.get(b.coordinates());
            assertThat(d.reason()).as("dead letter reason for %s", b.label()).isEqualTo(b.reason());
            assertThat(d.key()).as("dead letter device for %s", b.label()).isEqualTo(b.device());
            assertThat(d.raw()).as("dead letter raw bytes of %s", b.label()).isEqualTo(kept(b.raw()));
            assertThat(d.rawSize()).isEqualTo(b.raw().length);
        }
    }

    @Test
    void aReadingBehindTheWatermarkIsKeptRawAndQuarantinedAsLate(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Run thisRun = Run.start(stack, "late");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        Topics topics = thisRun.topics();
        String ks = stack.keyspace();
        String zone = run + "-park";
        String sound = run + "-sound";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.sensor(s, ks, sound, zone, SensorType.SOUND_LEVEL);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        Set<String> sent = new java.util.HashSet<>();
        RecordMetadata late;
        byte[] lateValue;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int i = 0; i < 120; i++) {
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL,
                        t0.plusSeconds(i), 55, i))));
                sent.add(TestCassandra.readingKey(sound, t0.plusSeconds(i), i));
            }
            p.flush();
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));
        // The watermark now stands at about t0 + 119 s - 30 s. A reading from t0 + 10 s is 80 s too late for detection.
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            lateValue = codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL, t0.plusSeconds(10), 99, 1010));
            late = TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, lateValue));
            sent.add(TestCassandra.readingKey(sound, t0.plusSeconds(10), 1010));
            for (int i = 120; i < 125; i++) {
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL,
                        t0.plusSeconds(i), 55, i))));
                sent.add(TestCassandra.readingKey(sound, t0.plusSeconds(i), i));
            }
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        String coordinates = late.topic() + "/" + late.partition() + "/" + late.offset();
        try (CqlSession s = stack.openSession()) {
            assertThat(TestCassandra.readingRows(s, ks, List.of(sound), TestCassandra.days(t0, t0.plusSeconds(125))))
                    .as("every reading kept raw, the late one too").containsExactlyInAnyOrderElementsOf(sent);
            List<TestCassandra.Quarantined> rows = TestCassandra.quarantined(s, ks, run + ".");
            assertThat(rows).extracting(q -> q.reason() + " " + q.coordinates()).as("only the late reading, as late")
                    .containsExactly("late " + coordinates);
            assertThat(rows.get(0).deviceId()).isEqualTo(sound);
        }
        List<DeadLetter> letters = TestKafka.readAll(config, topics.deadLetter()).stream()
                .map(r -> DeadLetterCodec.decode(r.value()).value()).toList();
        assertThat(letters).extracting(d -> d.reason() + " " + d.coordinates()).contains("late " + coordinates);
        assertThat(letters).extracting(d -> d.reason() + " " + d.coordinates()).containsOnly("late " + coordinates);
    }

    @Test
    void aDeadLetterTheBrokerRefusesIsSentWithoutItsBytesAndTheJobGoesOn(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Run thisRun = Run.start(stack, "dlq");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        Topics topics = thisRun.topics();
        // A dead-letter topic that takes only small records: a bad record's 60 KB cannot go in whole.
        try (var admin = org.apache.kafka.clients.admin.Admin.create(TestKafka.adminProperties(config))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                    topics.deadLetter());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", "8192"),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
        }
        String ks = stack.keyspace();
        String zone = run + "-park";
        String sound = run + "-sound";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.sensor(s, ks, sound, zone, SensorType.SOUND_LEVEL);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        byte[] big = utf8("{\"sensor_id\": \"" + "y".repeat(60_000) + "\"");
        RecordMetadata bigOne;
        RecordMetadata small;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            bigOne = TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, big));
            small = TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, utf8("[1]")));
            TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL, t0, 55, 1))));
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        String bigAt = bigOne.topic() + "/" + bigOne.partition() + "/" + bigOne.offset();
        String smallAt = small.topic() + "/" + small.partition() + "/" + small.offset();
        try (CqlSession s = stack.openSession()) {
            assertThat(TestCassandra.readingRows(s, ks, List.of(sound), TestCassandra.days(t0, t0)))
                    .as("the valid reading after them is stored").containsExactly(TestCassandra.readingKey(sound, t0, 1));
            List<TestCassandra.Quarantined> rows = TestCassandra.quarantined(s, ks, run + ".");
            assertThat(rows).extracting(TestCassandra.Quarantined::coordinates).containsExactlyInAnyOrder(bigAt, smallAt);
            assertThat(rows).filteredOn(q -> q.coordinates().equals(bigAt)).singleElement()
                    .satisfies(q -> assertThat(q.raw()).as("the table keeps the bytes").isEqualTo(big));
        }
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        TestKafka.readAll(config, topics.deadLetter()).forEach(r -> {
            DeadLetter d = DeadLetterCodec.decode(r.value()).value();
            letters.put(d.coordinates(), d);
        });
        assertThat(letters.keySet()).containsExactlyInAnyOrder(bigAt, smallAt);
        assertThat(letters.get(bigAt).raw()).isEmpty();
        assertThat(letters.get(bigAt).rawSize()).isEqualTo(big.length);
        assertThat(letters.get(bigAt).detail()).contains("raw bytes left out").contains("quarantine_by_day");
        assertThat(letters.get(smallAt).raw()).isEqualTo(utf8("[1]"));
    }

    @Test
    void aDeviceWithAFastClockIsReportedAndDoesNotBlindItsZone(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Run thisRun = Run.start(stack, "skew");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        Topics topics = thisRun.topics();
        String ks = stack.keyspace();
        String zone = run + "-plaza";
        String sound = run + "-sound";
        String fast = run + "-fastsound";
        String gun = run + "-gun";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.sensor(s, ks, sound, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, fast, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, gun, zone, SensorType.GUNSHOT);
        }
        ReadingCodec codec = ReadingCodec.standard();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RecordMetadata ahead;
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int i = 0; i < 60; i++) {
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), sound, codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL,
                        now.minusSeconds(60 - i), 55, i))));
            }
            // Two minutes fast: inside validation's five, so it is stored; it must not move the zone's clock.
            ahead = TestKafka.sendSync(p, TestKafka.record(topics.readings(), fast, codec.encode(Reading.of(fast, SensorType.SOUND_LEVEL,
                    now.plusSeconds(120), 56, 1))));
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), gun, codec.encode(Reading.of(gun, SensorType.GUNSHOT,
                        t.minusSeconds(2 - i), 0.95, i))));
            }
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        assertThat(TestKafka.alerts(config, topics.alerts())).as("the gunshots after the fast reading are heard")
                .anySatisfy(a -> {
                    assertThat(a.type().id()).isEqualTo("gunshot");
                    assertThat(a.zone()).isEqualTo(zone);
                });
        String aheadAt = ahead.topic() + "/" + ahead.partition() + "/" + ahead.offset();
        try (CqlSession s = stack.openSession()) {
            List<TestCassandra.Quarantined> rows = TestCassandra.quarantined(s, ks, run + ".");
            assertThat(rows).extracting(q -> q.reason() + " " + q.coordinates()).as("the fast reading, reported; nothing late")
                    .containsExactly("clock_ahead " + aheadAt);
            assertThat(rows.get(0).deviceId()).isEqualTo(fast);
            assertThat(rows.get(0).detail()).contains("clock is").contains("ahead");
        }
    }

    /** What a dead letter keeps of a record's bytes. */
    private static byte[] kept(byte[] raw) { return Arrays.copyOf(raw, Math.min(raw.length, DeadLetter.MAX_RAW_BYTES)); }

    @FunctionalInterface
    interface Sender {
        void send(String topic, String key, byte[] value, Map<String, byte[]> headers, Reason reason, String device, String label);
    }

    /** A reading's JSON with each field's literal as given; null leaves the field out. */
    private static byte[] reading(String sensor, String type, String time, String value, String unit, String seq) {
        StringBuilder sb = new StringBuilder("{\"sensor_id\": \"").append(sensor).append('"');
        sb.append(", \"sensor_type\": ").append(type).append(", \"capture_time\": ").append(time);
        if (value != null) {
            sb.append(", \"value\": ").append(value);
        }
        sb.append(", \"unit\": ").append(unit).append(", \"seq\": ").append(seq).append('}');
        return utf8(sb.toString());
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** A real baseline JPEG, as a camera would send. */
    static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 110, 130));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 3, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }
}
