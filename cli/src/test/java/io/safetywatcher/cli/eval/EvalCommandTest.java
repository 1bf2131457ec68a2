package io.safetywatcher.cli.eval;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.cli.Main;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.IncidentCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./watcher eval} against a real Cassandra and Kafka: alerts seeded in the alert tables
 * and on the alert topic as the job writes them, a truth file as the simulator writes it.
 * The window is a day of its own, so alerts other tests leave in the shared stack do not count.
 */
@StackTest
class EvalCommandTest {
    static final Instant T0 = Instant.parse("2025-12-25T10:00:00Z");
    static final String SINCE = "2025-12-25T10:00:00Z";
    static final String UNTIL = "2025-12-25T12:00:00Z";

    static Path truth;

    record Run(int code, String out, String err) {}

    static Alert event(String id, AlertType type, String zone, int startedS, int atS, AlertState state) {
        Instant started = T0.plusSeconds(startedS);
        Instant at = T0.plusSeconds(atS);
        return new Alert(id, type.id() + "|" + zone, type, Severity.HIGH, state, zone, List.of(), started, at,
                state == AlertState.RESOLVED ? at : null, 0.9, "seeded for the eval test", List.of(), "test");
    }

    /** gunshot detected 3 s in; the panic missed; a noise alert in normal life; a repeat of the gunshot. */
    static List<Alert> events() {
        return List.of(
                event("a-gun", AlertType.GUNSHOT, "station", 603, 603, AlertState.FIRING),
                event("a-gun", AlertType.GUNSHOT, "station", 603, 640, AlertState.RESOLVED),
                event("a-gun-again", AlertType.GUNSHOT, "station", 610, 610, AlertState.FIRING),
                event("a-noise", AlertType.NOISE, "park", 3600, 3602, AlertState.FIRING));
    }

    @BeforeAll
    static void seed(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        truth = tmp.resolve("truth.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add(new String(IncidentCodec.encode(new Incident("i-gun", AlertType.GUNSHOT, "station", List.of("gun-1"),
                T0.plusSeconds(600), T0.plusSeconds(620), 0.8)), StandardCharsets.UTF_8));
        lines.add("{\"kind\":\"bad-record\",\"topic\":\"sw.readings\",\"reason\":\"malformed_json\"}"); // not an incident: skipped
        lines.add(new String(IncidentCodec.encode(new Incident("i-panic", AlertType.PANIC, "market", List.of("panic-1"),
                T0.plusSeconds(1200), T0.plusSeconds(1320), 0.8)), StandardCharsets.UTF_8));
        Files.write(tmp.resolve("truth.jsonl"), lines);

        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            var byDay = s.prepare("INSERT INTO " + ks + ".alerts_by_day (day, started_at, alert_id, type, category, severity, state,"
                    + " zone_id, summary, score, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
            var lifecycle = s.prepare("INSERT INTO " + ks + ".alert_events_by_alert (alert_id, event_ts, state, severity, score, summary,"
                    + " batch_id) VALUES (?,?,?,?,?,?,?)");
            for (Alert a : events()) {
                s.execute(byDay.bind(LocalDate.ofInstant(a.startedAt(), ZoneOffset.UTC), a.startedAt(), a.id(), a.type().id(),
                        a.category().name(), a.severity().id(), a.state().name(), a.zone(), a.summary(), a.score(), a.endedAt()));
                s.execute(lifecycle.bind(a.id(), a.updatedAt(), a.state().name(), a.severity().id(), a.score(), a.summary(), 1L));
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Alert a : events()) {
                producer.send(new ProducerRecord<>(Topics.of(stack.config()).alerts(), a.fingerprint().getBytes(StandardCharsets.UTF_8),
                        AlertCodec.encode(a))).get();
            }
        }
    }

    static Run eval(StackEndpoints stack, String... args) {
        List<String> all = new ArrayList<>(List.of("eval"));
        all.addAll(List.of(args));
        for (String key : List.of("cassandra.host", "cassandra.port", "cassandra.datacenter", "cassandra.keyspace", "kafka.bootstrap",
                "topics.prefix")) {
            all.addAll(List.of("--set", key + "=" + stack.config().get(key)));
        }
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode type(JsonNode report, String type) {
        for (JsonNode t : report.get("types")) {
            if (t.get("type").asText().equals(type)) {
                return t;
            }
        }
        throw new AssertionError("no row for " + type + " in " + report);
    }

    @Test
    void tableFromCassandra(StackEndpoints stack) {
        Run r = eval(stack, "--truth", truth.toString(), "--since", SINCE, "--until", UNTIL, "--cameras", "4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 incidents, 3 alerts"); // a-gun's two events are one row
        assertThat(r.out()).containsPattern("(?m)^gunshot\\s+1\\s+0\\s+0\\s+1\\s+0\\s+1\\.00\\s+1\\.00\\s+1\\.00\\s+3\\.0s\\s+3\\.0s");
        assertThat(r.out()).containsPattern("(?m)^panic\\s+0\\s+0\\s+1\\s");
        assertThat(r.out()).containsPattern("(?m)^noise\\s+0\\s+1\\s+0\\s");
        assertThat(r.out()).contains("missed:").contains("i-panic").contains("false alarms:").contains("a-noise");
        // a-gun's FIRING and RESOLVED and its repeat's FIRING all reached the desk for one incident
        assertThat(r.out()).containsPattern("(?m)^gunshot\\s.*\\s3\\.0$");
    }

    @Test
    void jsonFromTheTopicGivesTheSameFigures(StackEndpoints stack) throws Exception {
        Run r = eval(stack, "--truth", truth.toString(), "--since", SINCE, "--until", UNTIL, "--cameras", "4", "--from-topic",
                "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(r.out());
        assertThat(report.get("incidents").asInt()).isEqualTo(2);
        assertThat(report.get("alerts").asInt()).isEqualTo(3); // two events of a-gun fold into one alert
        JsonNode gun = type(report, "gunshot");
        assertThat(gun.get("tp").asInt()).isEqualTo(1);
        assertThat(gun.get("repeats").asInt()).isEqualTo(1);
        assertThat(gun.get("ttd_p95_s").asDouble()).isEqualTo(3.0);
        assertThat(gun.get("detection_events").asInt()).isEqualTo(3);
        assertThat(gun.get("events_per_incident").asDouble()).isEqualTo(3.0);
        assertThat(type(report, "panic").get("recall").asDouble()).isEqualTo(0.0);
        assertThat(type(report, "panic").get("precision").isNull()).isTrue();
        // 2 h window less the two incidents widened by 30 s (80 s and 180 s): 4 cameras.
        double cameraHours = 4 * (2 - (80 + 180) / 3600.0);
        assertThat(report.get("total").get("false_alarms_per_camera_hour").asDouble()).isCloseTo(1 / cameraHours,
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void checkFailsWhenATargetIsMissedAndSaysWhich(StackEndpoints stack) {
        Run r = eval(stack, "--truth", truth.toString(), "--since", SINCE, "--until", UNTIL, "--cameras", "4", "--check");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("target missed: panic: recall 0.00 < 0.95").contains("noise: precision 0.00");
    }

    @Test
    void withoutAWindowTheIncidentsSpanIsEvaluated(StackEndpoints stack) throws Exception {
        Run r = eval(stack, "--truth", truth.toString(), "--cameras", "4", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(r.out());
        assertThat(report.get("from").asText()).isEqualTo("2025-12-25T10:09:30Z");
        assertThat(report.get("until").asText()).isEqualTo("2025-12-25T10:22:30Z");
        assertThat(report.get("total").get("fp").asInt()).isZero(); // the noise alert at +1 h is outside
    }

    @Test
    void wrongFlagsAreUsageErrorsThatNameTheFlag(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        assertThat(eval(stack).err()).contains("--truth");
        assertThat(eval(stack).code()).isEqualTo(2);
        Run format = eval(stack, "--truth", truth.toString(), "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--format is 'xml'");
        Run since = eval(stack, "--truth", truth.toString(), "--since", "yesterday");
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).contains("--since is 'yesterday'");
        Run missing = eval(stack, "--truth", tmp.resolve("nope.jsonl").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jsonl: no such file");

        Path suite = Path.of(System.getProperty("watcher.home", "..")).resolve("simulator/scenarios/suite");
        Run only = eval(stack, "--suite", suite.toString(), "--only", "02-day-incidents,99-nope");
        assertThat(only.code()).isEqualTo(2);
        assertThat(only.err()).contains("--only 99-nope: no such scenario").contains("04-night-incidents");
        Run rules = eval(stack, "--suite", suite.toString(), "--rules", tmp.resolve("no-rules.yaml").toString());
        assertThat(rules.code()).isEqualTo(2);
        assertThat(rules.err()).contains("--rules").contains("no-rules.yaml is not a file");
        Run scorer = eval(stack, "--suite", suite.toString(), "--risk-scorer", "forest");
        assertThat(scorer.code()).isEqualTo(2);
        assertThat(scorer.err()).contains("--risk-scorer is 'forest'; expected rule, learned or both");
        Run untrained = eval(stack, "--suite", suite.toString(), "--risk-scorer", "both", "--set", "models.dir=" + tmp.resolve("models"));
        assertThat(untrained.code()).isEqualTo(2);
        assertThat(untrained.err()).contains("no learned crowd-risk model in " + tmp.resolve("models")).contains("analytics train-risk");
        Run both = eval(stack, "--suite", suite.toString(), "--truth", truth.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("either --truth or --suite");

        Path broken = tmp.resolve("broken.jsonl");
        Files.writeString(broken, "{\"kind\":\"incident\",\"incident_id\":\"x\",\"type\":\"earthquake\",\"zone\":\"z\",\"devices\":[],"
                + "\"start\":\"2025-12-25T10:00:00Z\",\"end\":\"2025-12-25T10:01:00Z\"}\n");
        Run bad = eval(stack, "--truth", broken.toString(), "--since", SINCE, "--until", UNTIL);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("broken.jsonl line 1").contains("earthquake");
    }
}
