package io.safetywatcher.alertjob.e2e;

import java.util.UUID;
import java.time.ZoneOffset;
import java.time.LocalDate;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.safetywatcher.alertjob.detect.LearnedCrowdRiskTest;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.risk.RiskForest;
import io.safetywatcher.common.risk.RiskModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection on the real stack, one zone per incident and a zone of normal life, all on one
 * event-time line of {@value #SECONDS} s (one reading per sensor per second, ten minutes ago):
 * <ul>
 *   <li>bank (open all day): a glass break at 200 s, the door opens at 220 s and is left open:
 *       glass-break fires and resolves 30 s later, break-in fires once the door has been held
 *       open for break_in.held_open (1 min, at 280 s) and resolves at 280 + 2 min;</li>
 *   <li>plaza: 300 s of a 58–63 dB baseline (past the 60-sample warm-up), three samples at
 *       96 dB (≥ 60 dB and far above the baseline), then normal again: one noise alert that
 *       resolves 30 s after the last loud sample;</li>
 *   <li>square: a density sensor at 1.4 p/m² rising 0.4 p/m² per minute to 2.6 and held
 *       (Fruin "slowed" is 2.0; slow enough for no surge, and with the zone's importance 1 the
 *       crowd risk stays below its lowest level), then dropping to 1.0: one crowd-density alert,
 *       low, firing as soon as the smoothed level reaches 2.0 (its {@code for} is 0 s: the
 *       smoothing is the hold), resolving 1 min after the level cleared;</li>
 *   <li>calm: sound, gunshot, glass-break, door, panic and density sensors reporting normal
 *       life the whole time: nothing.</li>
 * </ul>
 * The line runs on to 520 s so the watermark (latest event time − 30 s) passes every
 * resolution. Each expected event is on the alert topic exactly once and the alert tables agree.
 */
@StackTest
class DetectionEndToEndTest {
    static final int SECONDS = 520;
    static SparkSession spark;

    @BeforeAll
    static void spark(StackEndpoints stack) {
        spark = InProcessJob.spark(stack.config());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Sensor(String id, String zone, SensorType type, IntToDoubleFunction value) {}

    @Test
    void breakInNoiseSpikeAndDensityRiseGiveExactlyTheirAlertsAndNormalLifeNone(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        String run = "det" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String bank = run + "-bank";
        String plaza = run + "-plaza";
        String square = run + "-square";
        String calm = run + "-calm";
        List<Sensor> sensors = List.of(
                new Sensor(bank + "-glass", bank, SensorType.GLASS_BREAK, t -> t == 200 ? 0.92 : 0.0),
                new Sensor(bank + "-door", bank, SensorType.DOOR_CONTACT, t -> t >= 220 && t < 320 ? 1 : 0),
                new Sensor(plaza + "-sound", plaza, SensorType.SOUND_LEVEL, t -> t >= 300 && t < 303 ? 96 : 58 + (t * 7 % 6)),
                new Sensor(square + "-density", square, SensorType.CROWD_DENSITY, DetectionEndToEndTest::densityRise),
                new Sensor(calm + "-sound", calm, SensorType.SOUND_LEVEL, t -> 50 + (t * 5 % 6)),
                new Sensor(calm + "-gun", calm, SensorType.GUNSHOT, t -> t % 40 == 0 ? 0.2 : 0.0),
                new Sensor(calm + "-glass", calm, SensorType.GLASS_BREAK, t -> 0.0),
                new Sensor(calm + "-door", calm, SensorType.DOOR_CONTACT, t -> (t / 45) % 2 == 1 ? 1 : 0),
                new Sensor(calm + "-panic", calm, SensorType.PANIC_BUTTON, t -> 0.0),
                new Sensor(calm + "-density", calm, SensorType.CROWD_DENSITY, t -> 0.6 + 0.2 * Math.sin(t / 30.0)));
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, bank, "street", 3);
            TestCassandra.zone(s, ks, plaza, "square", 3);
            TestCassandra.zone(s, ks, square, "square", 1);
            TestCassandra.zone(s, ks, calm, "street", 2);
            for (Sensor x : sensors) {
                TestCassandra.sensor(s, ks, x.id(), x.zone(), x.type());
            }
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int t = 0; t < SECONDS; t++) {
                for (Sensor x : sensors) {
                    p.send(TestKafka.record(topics.readings(), x.id(),
                            codec.encode(Reading.of(x.id(), x.type(), t0.plusSeconds(t), x.value().applyAsDouble(t), t))));
                }
            }
            p.flush();
        }

        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        List<Alert> events = TestKafka.alerts(config, topics.alerts());
        Map<String, List<String>> byZone = events.stream().collect(Collectors.groupingBy(Alert::zone,
                Collectors.mapping(a -> a.type().id() + " " + a.state() + " " + a.severity().id(), Collectors.toList())));
        assertThat(byZone.keySet()).as("zones with alerts: %s", events).containsExactlyInAnyOrder(bank, plaza, square);
        assertThat(byZone.get(bank)).containsExactlyInAnyOrder(
                "glass-break FIRING high", "break-in FIRING critical", "glass-break RESOLVED high", "break-in RESOLVED critical");
        assertThat(byZone.get(plaza)).containsExactlyInAnyOrder("noise FIRING medium", "noise RESOLVED medium");
        assertThat(byZone.get(square)).containsExactlyInAnyOrder("crowd-density FIRING low", "crowd-density RESOLVED low");

        Map<String, Alert> event = events.stream().collect(Collectors.toMap(a -> a.type().id() + " " + a.state(), a -> a));
        // Break-in: the glass break, then the door opened 20 s later and still open a minute after that.
        assertThat(event.get("glass-break FIRING").updatedAt()).isEqualTo(t0.plusSeconds(200));
        assertThat(event.get("glass-break RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(230));
        assertThat(event.get("break-in FIRING").startedAt()).isEqualTo(t0.plusSeconds(280));
        assertThat(event.get("break-in FIRING").devices()).containsExactlyInAnyOrder(bank + "-glass", bank + "-door");
        assertThat(event.get("break-in FIRING").summary()).contains("held open (1m)");
        assertThat(event.get("break-in RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(280 + 120));
        // Noise: fires on the first loud sample, resolves 30 s after the last.
        assertThat(event.get("noise FIRING").updatedAt()).isEqualTo(t0.plusSeconds(300));
        assertThat(event.get("noise FIRING").devices()).containsExactly(plaza + "-sound");
        assertThat(event.get("noise RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(302 + 30));
        // Density: as soon as the smoothed level reaches "slowed" (no hold); resolved a minute after it cleared.
        Alert densityFiring = event.get("crowd-density FIRING");
        assertThat(densityFiring.updatedAt()).isEqualTo(densityFiring.startedAt());
        // The level is 2.0 at 150 s, its 10 s mean about 5 s later: a hold would show here.
        assertThat(densityFiring.startedAt()).isBetween(t0.plusSeconds(150), t0.plusSeconds(160));
        Alert densityResolved = event.get("crowd-density RESOLVED");
        assertThat(densityResolved.endedAt()).isBetween(t0.plusSeconds(360 + 60), t0.plusSeconds(360 + 60 + 15));

        // Each event once, and each alert's events under one id.
        assertThat(events.stream().map(a -> a.id() + " " + a.state()).distinct()).hasSameSizeAs(events);
        assertThat(events.stream().map(Alert::id).distinct()).hasSize(4);

        try (CqlSession s = stack.openSession()) {
            for (String zone : List.of(bank, plaza, square, calm)) {
                List<Row> stored = TestCassandra.alertsOfZone(s, ks, zone);
                List<Alert> onTopic = events.stream().filter(a -> a.zone().equals(zone)).toList();
                assertThat(stored).extracting(r -> r.getString("alert_id"))
                        .containsExactlyInAnyOrderElementsOf(onTopic.stream().map(Alert::id).distinct().toList());
                assertThat(stored).allSatisfy(r -> {
                    assertThat(r.getString("state")).isEqualTo(AlertState.RESOLVED.name());
                    assertThat(r.getInstant("ended_at")).isNotNull();
                });
                for (Row r : stored) {
                    List<String> lifecycle = new ArrayList<>();
                    s.execute("SELECT state FROM " + ks + ".alert_events_by_alert WHERE alert_id = ?", r.getString("alert_id"))
                            .forEach(e -> lifecycle.add(e.getString("state")));
                    assertThat(lifecycle).as("lifecycle of %s", r.getString("type")).containsExactlyInAnyOrderElementsOf(
                            onTopic.stream().filter(a -> a.id().equals(r.getString("alert_id"))).map(a -> a.state().name()).toList());
                }
            }
            assertThat(TestCassandra.alertsOfZone(s, ks, calm)).as("normal life raises nothing").isEmpty();
            assertThat(TestCassandra.alertsOfZone(s, ks, bank)).extracting(r -> r.getString("type") + " " + r.getString("severity"))
                    .containsExactlyInAnyOrder(AlertType.GLASS_BREAK.id() + " " + Severity.HIGH.id(), AlertType.BREAK_IN.id() + " " + Severity.CRITICAL.id());
            // Every reading was valid and on time: nothing quarantined.
            assertThat(TestCassandra.quarantined(s, ks, run + ".")).extracting(q -> q.reason() + " " + q.coordinates()).isEmpty();
        }
    }

    /**
     * crowd_risk.model: learned, with a model in models.dir that calls 3.5 p/m² high whatever the
     * zone: the job grades with it (the rules would say nothing: importance 1, no growth), and
     * the alert names the model on the topic and in the store.
     */
    @Test
    void aLearnedModelGradesCrowdRiskAndTheAlertNamesIt(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        String run = "lrn" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        Path models = tmp.resolve("models");
        LearnedCrowdRiskTest.densityOnly(1).write(new RiskModels(models).version(1).resolve(RiskForest.FILE));
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test").with("models.dir", models.toString(), "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String zone = run + "-square";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "square", 1);
            TestCassandra.sensor(s, ks, zone + "-density", zone, SensorType.CROWD_DENSITY);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        ReadingCodec codec = ReadingCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int t = 0; t < 150; t++) {
                p.send(TestKafka.record(topics.readings(), zone + "-density",
                        codec.encode(Reading.of(zone + "-density", SensorType.CROWD_DENSITY, t0.plusSeconds(t), t < 100 ? 3.5 : 0.5, t))));
            }
            p.flush();
        }

        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"),
                RuleSet.parse("rules: {crowd_risk: {model: learned}}", "learned.yaml"));

        List<Alert> risk = TestKafka.alerts(config, topics.alerts()).stream().filter(a -> a.type() == AlertType.CROWD_RISK).toList();
        assertThat(risk).as("crowd-risk events").isNotEmpty().allSatisfy(a -> {
            assertThat(a.model()).isEqualTo("crowd-risk-v1");
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
        });
        assertThat(risk.get(0).summary()).contains("learned model v1");
        try (CqlSession s = stack.openSession()) {
            Row stored = s.execute("SELECT model FROM " + ks + ".alerts_by_id WHERE alert_id = ?", risk.get(0).id()).one();
            assertThat(stored).isNotNull();
            assertThat(stored.getString("model")).isEqualTo("crowd-risk-v1");
        }
    }

    /** 1.4 p/m² for a minute, up 0.4 p/m² per minute to 2.6, held for two minutes, then down to 1.0. */
    static double densityRise(int t) {
        if (t < 60) {
            return 1.4;
        }
        if (t < 240) {
            return 1.4 + 0.4 * (t - 60) / 60.0;
        }
        return t < 360 ? 2.6 : 1.0;
    }

    /** An alert a silence swallowed is not lost from sight: the job records it, with the silence that did it. */
    @Test
    void aSilencedGunshotIsNotPublishedButIsRecordedWithItsSilence(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        QuarantineKindsTest.Run thisRun = QuarantineKindsTest.Run.start(stack, "supp");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        Topics topics = thisRun.topics();
        String ks = stack.keyspace();
        String zone = run + "-square";
        String gun = run + "-gun";
        UUID silence = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        InProcessJob.readCopiesEarlier(config, tmp.resolve("checkpoint"));
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.sensor(s, ks, gun, zone, SensorType.GUNSHOT);
            s.execute(s.prepare("INSERT INTO " + ks + ".silences (silence_id, zone_id, alert_type, starts_at, ends_at, reason) VALUES (?,?,?,?,?,?)")
                    .bind(silence, zone, "gunshot", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), "fireworks"));
        }
        ReadingCodec codec = ReadingCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int i = 0; i < 3; i++) {
                TestKafka.sendSync(p, TestKafka.record(topics.readings(), gun, codec.encode(Reading.of(gun, SensorType.GUNSHOT,
                        now.minusSeconds(3 - i), 0.95, i))));
            }
        }
        InProcessJob.runAvailableNow(spark, config, tmp.resolve("checkpoint"));

        assertThat(TestKafka.alerts(config, topics.alerts())).as("nothing reaches the desk while the silence holds").isEmpty();
        try (CqlSession s = stack.openSession()) {
            List<Row> byDay = s.execute(s.prepare("SELECT reason, alert_type, zone_id, severity, suppressed_by FROM " + ks
                    + ".suppressions_by_day WHERE day = ?").bind(LocalDate.ofInstant(now, ZoneOffset.UTC))).all().stream()
                    .filter(r -> zone.equals(r.getString("zone_id"))).toList();
            assertThat(byDay).as("one row for the one cause, however many gunshots").hasSize(1);
            assertThat(byDay.get(0).getString("reason")).isEqualTo("silenced");
            assertThat(byDay.get(0).getString("alert_type")).isEqualTo("gunshot");
            assertThat(byDay.get(0).getString("suppressed_by")).isEqualTo(silence.toString());
            assertThat(byDay.get(0).getString("severity")).isNotBlank();
            List<Row> byCause = s.execute(s.prepare("SELECT zone_id, reason FROM " + ks + ".suppressions_by_cause WHERE suppressed_by = ?")
                    .bind(silence.toString())).all();
            assertThat(byCause).extracting(r -> r.getString("zone_id") + " " + r.getString("reason")).containsExactly(zone + " silenced");
        }
    }

    static final int TAKEOVER_HALF = 75;
    static final int TAKEOVER_GUNSHOT = 65;
    static final int TAKEOVER_SPIKE = 100;
    static final int TAKEOVER_END = 180;

    /**
     * A job that ran the Spark detect query, switched to direct detection on the same checkpoint
     * ({@code job.detect=direct}), goes on where the query stopped: the zones' state comes from the
     * query's state store and the input offsets from its offset log. The first half of a line of
     * readings goes through the query: a gunshot fires, and a sound sensor's noise baseline is learnt
     * (60 samples). The second half goes through direct detection: the gunshot resolves (it needs
     * the FIRING in the state), a noise spike fires (it needs the baseline), and nothing of the first
     * half is published again.
     */
    @Test
    void aJobSwitchedToDirectDetectionTakesOverTheQuerysStateAndOffsets(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        QuarantineKindsTest.Run thisRun = QuarantineKindsTest.Run.start(stack, "takeover");
        String run = thisRun.id();
        WatcherConfig config = thisRun.config();
        String zone = run + "-plaza";
        String sound = run + "-sound";
        String gun = run + "-gun";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, stack.keyspace(), zone, "square", 3);
            TestCassandra.sensor(s, stack.keyspace(), sound, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, stack.keyspace(), gun, zone, SensorType.GUNSHOT);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        IntToDoubleFunction soundAt = t -> t >= TAKEOVER_SPIKE && t < TAKEOVER_SPIKE + 3 ? 96 : 58 + (t * 7 % 6);
        Path checkpoint = tmp.resolve("checkpoint");

        sendTakeover(config, thisRun.topics().readings(), sound, gun, t0, 0, TAKEOVER_HALF, soundAt);
        InProcessJob.runAvailableNowAsConfigured(spark, config.with("job.detect", "spark", "test"), checkpoint);
        List<Alert> bySpark = TestKafka.alerts(config, thisRun.topics().alerts());
        assertThat(bySpark).extracting(a -> a.type() + " " + a.state()).containsExactly("GUNSHOT FIRING");

        sendTakeover(config, thisRun.topics().readings(), sound, gun, t0, TAKEOVER_HALF, TAKEOVER_END, soundAt);
        InProcessJob.runAvailableNowAsConfigured(spark, config.with("job.detect", "direct", "test"), checkpoint);
        List<Alert> all = TestKafka.alerts(config, thisRun.topics().alerts());
        assertThat(all).as("the first half's alert is not published again; the second half's need the first half's state")
                .extracting(a -> a.type() + " " + a.state())
                .containsExactlyInAnyOrder("GUNSHOT FIRING", "GUNSHOT RESOLVED", "NOISE FIRING", "NOISE RESOLVED");
        assertThat(all).filteredOn(a -> a.type().id().equals("noise")).extracting(Alert::startedAt).first().isEqualTo(t0.plusSeconds(TAKEOVER_SPIKE));
    }

    /**
     * Direct detection publishes an alert, then writes its rows; a job killed in between leaves
     * the rows unwritten, and the transaction that published the alert also put its events on the
     * state topic ({@code <identity>|#pending}). The next start writes them. Here the rows are
     * deleted after a run and that run's last transaction is made to name the alert again, as a
     * kill between the two would leave it: the next run, with no new input, brings the row back
     * and publishes nothing.
     */
    @Test
    void directDetectionWritesTheRowsItsLastTransactionNamedWhenItStartsAgain(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        QuarantineKindsTest.Run thisRun = QuarantineKindsTest.Run.start(stack, "pending");
        String run = thisRun.id();
        WatcherConfig direct = thisRun.config().with("job.detect", "direct", "test");
        String zone = run + "-plaza";
        String sound = run + "-sound";
        String gun = run + "-gun";
        String ks = stack.keyspace();
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "square", 3);
            TestCassandra.sensor(s, ks, sound, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, gun, zone, SensorType.GUNSHOT);
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        Path checkpoint = tmp.resolve("checkpoint");
        sendTakeover(direct, thisRun.topics().readings(), sound, gun, t0, 0, TAKEOVER_HALF, t -> 58 + (t * 7 % 6));
        InProcessJob.runAvailableNowAsConfigured(spark, direct, checkpoint);
        List<Alert> published = TestKafka.alerts(direct, thisRun.topics().alerts());
        Alert firing = published.stream().filter(a -> a.state() == AlertState.FIRING).findFirst().orElseThrow();
        try (CqlSession s = stack.openSession()) {
            assertThat(TestCassandra.alertsOfZone(s, ks, zone)).extracting(r -> r.getString("alert_id")).containsExactly(firing.id());
            s.execute("DELETE FROM " + ks + ".alerts_by_id WHERE alert_id = ?", firing.id());
            assertThat(TestCassandra.alertsOfZone(s, ks, zone)).isEmpty();
        }
        io.safetywatcher.alertjob.direct.DirectDetect engine = new io.safetywatcher.alertjob.spark.AlertJob(
                new io.safetywatcher.alertjob.spark.JobSettings(direct, true, Duration.ofSeconds(1), checkpoint, "earliest", 0, Duration.ofSeconds(1)),
                RuleSet.defaults()).direct();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(direct, Map.of())) {
            TestKafka.sendSync(p, new org.apache.kafka.clients.producer.ProducerRecord<>(engine.stateTopic(),
                    engine.stateKey(io.safetywatcher.alertjob.direct.DirectDetect.pendingKey(0)),
                    io.safetywatcher.alertjob.direct.ZoneStateCodec.events(List.of(new io.safetywatcher.alertjob.spark.ZoneEvent(firing, null, null,
                            null, null)))));
        }

        InProcessJob.runAvailableNowAsConfigured(spark, direct, checkpoint);
        try (CqlSession s = stack.openSession()) {
            assertThat(TestCassandra.alertsOfZone(s, ks, zone)).as("the row the last transaction named, written at the start")
                    .extracting(r -> r.getString("alert_id") + " " + r.getString("type") + " " + r.getString("state"))
                    .containsExactly(firing.id() + " gunshot FIRING");
        }
        assertThat(TestKafka.alerts(direct, thisRun.topics().alerts())).as("nothing published again").isEqualTo(published);
    }

    private static void sendTakeover(WatcherConfig config, String topic, String sound, String gun, Instant t0, int from, int to,
                                     IntToDoubleFunction soundAt) throws Exception {
        ReadingCodec codec = ReadingCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of())) {
            for (int t = from; t < to; t++) {
                Instant at = t0.plusSeconds(t);
                TestKafka.sendSync(p, TestKafka.record(topic, sound, codec.encode(Reading.of(sound, SensorType.SOUND_LEVEL, at, soundAt.applyAsDouble(t), t))));
                TestKafka.sendSync(p, TestKafka.record(topic, gun, codec.encode(Reading.of(gun, SensorType.GUNSHOT, at, t == TAKEOVER_GUNSHOT ? 0.95 : 0.0, t))));
            }
        }
    }
}
