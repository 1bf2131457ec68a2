package io.safetywatcher.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import io.safetywatcher.stack.junit.TestHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operator command on the real stack with seeded rows: each output format, and exit codes 0, 1 and 2. */
@StackTest
class CommandsTest {
    static StackEndpoints stack;
    static Seed seed;
    static Connections shared;

    @BeforeAll
    static void seed(StackEndpoints endpoints) {
        stack = endpoints;
        shared = new Connections(endpoints.config());
        seed = new Seed("cmd" + Long.toString(System.nanoTime() % 100000, 36)).write(endpoints);
    }

    @AfterAll
    static void close() {
        shared.close();
    }

    /** Each command, with what its output must name. */
    List<Object[]> commands() {
        return List.of(
                new Object[]{new String[]{"zones"}, List.of(seed.zoneA, seed.zoneB)},
                new Object[]{new String[]{"devices", "--zone", seed.zoneA}, List.of(seed.camera, seed.sound, "52.52043", "13.40512")},
                new Object[]{new String[]{"devices", "--kind", "gunshot"}, List.of(seed.gunshotSensor)},
                new Object[]{new String[]{"alerts", "list", "--zone", seed.zoneA}, List.of(seed.noiseAlert, seed.crowdAlert)},
                new Object[]{new String[]{"alerts", "list", "--type", "gunshot", "--since", "2h"}, List.of(seed.gunshotAlert)},
                new Object[]{new String[]{"alerts", "show", seed.noiseAlert}, List.of("noise fired", "noise resolved", seed.zoneA)},
                new Object[]{new String[]{"alerts", "export", "--zone", seed.zoneB}, List.of(seed.gunshotAlert, "fp-" + seed.gunshotAlert)},
                new Object[]{new String[]{"readings", seed.sound}, List.of("sound_level", "59.0")},
                new Object[]{new String[]{"frames", seed.camera}, List.of("31000", "0.25")},
                new Object[]{new String[]{"trends", "--zone", seed.zoneA}, List.of("rising")},
                new Object[]{new String[]{"hotspots", "--period-end", seed.hotspotPeriod.toString()}, List.of(seed.zoneB, "150.0")},
                new Object[]{new String[]{"heatmap", "--zone", seed.zoneA}, List.of()},
                new Object[]{new String[]{"stats"}, List.of("out_of_range", "sw.alerts")},
                new Object[]{new String[]{"cql", "SELECT zone_id, kind FROM zones WHERE zone_id = '" + seed.zoneB + "'"}, List.of(seed.zoneB, "market")});
    }

    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "csv"})
    void everyCommandPrintsItsRowsInEachFormat(String format) throws Exception {
        for (Object[] c : commands()) {
            String[] args = (String[]) c[0];
            @SuppressWarnings("unchecked") List<String> expected = (List<String>) c[1];
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--format", format));
            // One session for the 42 runs, as in the shell; one-shot connecting is covered by the other tests.
            Cli.Result r = Cli.run(shared, all.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", all) + "\n" + r).isZero();
            for (String e : expected) {
                assertThat(r.out()).as(String.join(" ", all) + "\n" + r).contains(e);
            }
            if (format.equals("json")) {
                JsonNode node = Json.MAPPER.readTree(r.out());
                assertThat(node.isArray() || node.isObject()).as(r.toString()).isTrue();
            }
            if (format.equals("csv") && !args[0].equals("stats") && !args[0].equals("cql") && !(args.length > 1 && args[1].equals("show"))) {
                assertThat(r.out().lines().findFirst().orElse("")).as(r.toString()).doesNotContain(" ").contains(",");
            }
        }
    }

    @Test
    void aCameraWithoutMountingIsListedWithTheDefaultsAndSaysSo() {
        Cli.Result r = Cli.run(stack, "devices", "--zone", seed.zoneA, "--format", "csv");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith(seed.camera + ",")).findFirst().orElseThrow()).endsWith(",5.0,0.280,default"); // numbers as every listing prints them
        assertThat(r.out().lines().filter(l -> l.startsWith(seed.sound + ",")).findFirst().orElseThrow()).endsWith(",,,");
        assertThat(r.err()).contains("camera " + seed.camera + " has no mounting in the registry; using defaults horizon-share 0.28, mount-height 5 m")
                .doesNotContain(seed.sound);
    }

    @Test
    void theHeatmapIsDrawnWithTheDarkestShadeAtTheBusiestHour() {
        Cli.Result r = Cli.run(stack, "heatmap", "--zone", seed.zoneA);
        assertThat(r.code()).as(r.toString()).isZero();
        String friday = r.out().lines().filter(l -> l.startsWith("Fri")).findFirst().orElseThrow();
        assertThat(friday.charAt(5 + 22)).isEqualTo('@');
        assertThat(r.out()).contains("max 9");
    }

    @Test
    void alertsListFiltersBySeverityAndState() {
        Cli.Result r = Cli.run(stack, "alerts", "list", "--severity", "high", "--state", "firing", "--format", "csv");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(seed.crowdAlert).doesNotContain(seed.noiseAlert).doesNotContain(seed.gunshotAlert);
        Cli.Result old = Cli.run(stack, "alerts", "list", "--zone", seed.zoneA, "--until", "1h");
        assertThat(old.out()).doesNotContain(seed.crowdAlert).contains("(none)");
    }

    @Test
    void cqlPagesThroughEveryRow() {
        Cli.Result r = Cli.run(stack, "cql", "SELECT zone_id FROM zones", "--page-size", "1", "--format", "csv");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains(seed.zoneA).contains(seed.zoneB);
        assertThat(r.out().lines().filter(l -> l.equals("zone_id")).count()).as("one header for every page").isEqualTo(1);
    }

    @Test
    void badInputIsAUsageErrorThatNamesWhatIsWrong() {
        assertUsage(Cli.run(stack, "alerts", "list", "--zone", seed.zoneA + "x"), "unknown zone '" + seed.zoneA + "x'", "did you mean '" + seed.zoneA + "'");
        assertUsage(Cli.run(stack, "alerts", "list", "--since", "yesterday-ish"), "--since: 'yesterday-ish' is not a time");
        assertUsage(Cli.run(stack, "alerts", "list", "--since", "1h", "--until", "2h"), "must be before --until");
        assertUsage(Cli.run(stack, "alerts", "list", "--type", "gunshoot"), "unknown alert type 'gunshoot'", "did you mean 'gunshot'");
        assertUsage(Cli.run(stack, "alerts", "show", "no-such-alert"), "no alert with id 'no-such-alert'");
        assertUsage(Cli.run(stack, "alerts", "silence", "--zone", seed.zoneA, "--for", "2 hours", "--reason", "x"), "--for");
        assertUsage(Cli.run(stack, "alerts", "silence", "--zone", seed.zoneA, "--reason", "x"), "Missing required option: '--for=DURATION'");
        assertUsage(Cli.run(stack, "readings", seed.camera), "unknown sensor '" + seed.camera + "'");
        assertUsage(Cli.run(stack, "devices", "--kind", "drone"), "unknown device kind 'drone'");
        assertUsage(Cli.run(stack, "zones", "--format", "xml"), "--format");
        assertUsage(Cli.run(stack, "cql", "SELEC nothing"), "Cassandra refused the statement");
        assertUsage(Cli.run(stack, "alerts", "tail", "--severity-at-least", "severe"), "unknown severity 'severe'");
        assertUsage(Cli.runRaw("zones", "--set", "cassandra.prot=1"), "unknown configuration key 'cassandra.prot'");
        assertUsage(Cli.runRaw("alertz"), "alertz");
    }

    @Test
    void anUnreachableStoreIsAFailure() {
        Cli.Result r = Cli.runRaw("zones", "--set", "cassandra.port=" + TestHome.freePort());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach Cassandra");
        List<String> args = new ArrayList<>(List.of("alerts", "tail"));
        args.addAll(Cli.flags(stack.config()));
        args.addAll(List.of("--set", "kafka.bootstrap=127.0.0.1:" + TestHome.freePort())); // last, so it wins
        Cli.Result tail = Cli.runRaw(args.toArray(String[]::new));
        assertThat(tail.code()).as(tail.toString()).isEqualTo(1);
        assertThat(tail.err()).contains("Kafka at 127.0.0.1:");
    }

    @Test
    void ackResolveAndSilencePersist() throws Exception {
        // Who acted is the login, not a flag: without authentication the OS login, marked so.
        assertUsage(Cli.run(stack, "alerts", "ack", seed.crowdAlert, "--by", "desk-7"), "Unknown options: '--by'");
        String unauthenticated = System.getProperty("user.name") + " (unauthenticated)";
        Cli.Result ack = Cli.run(stack, "alerts", "ack", seed.crowdAlert, "--note", "unit 12 on the way", "--format", "json");
        assertThat(ack.code()).as(ack.toString()).isZero();
        assertThat(ack.out()).contains("\"ack_by\" : \"" + unauthenticated + "\"");
        Cli.Result res = Cli.run(stack, "alerts", "resolve", seed.gunshotAlert, "--note", "a car backfiring", "--false-alarm");
        assertThat(res.code()).as(res.toString()).isZero();
        Cli.Result sil = Cli.run(stack, "alerts", "silence", "--zone", seed.zoneB, "--type", "gunshot", "--for", "2h", "--reason", "fireworks",
                "--format", "json");
        assertThat(sil.code()).as(sil.toString()).isZero();
        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            // Operators write actions, never the job's alerts_by_id.
            Row a = s.execute(s.prepare("SELECT kind, actor, note, acted_at FROM " + ks + ".alert_actions WHERE alert_id = ?").bind(seed.crowdAlert)).one();
            assertThat(a.getString("kind")).isEqualTo("ack");
            assertThat(a.getString("actor")).isEqualTo(unauthenticated);
            assertThat(a.getString("note")).isEqualTo("unit 12 on the way");
            assertThat(a.getInstant("acted_at")).isNotNull();
            Row g = s.execute(s.prepare("SELECT kind, false_alarm, disposition, note, actor FROM " + ks + ".alert_actions WHERE alert_id = ?")
                    .bind(seed.gunshotAlert)).one();
            assertThat(g.getString("kind")).isEqualTo("resolve");
            assertThat(g.getBoolean("false_alarm")).isTrue();
            // The older flag is a disposition now, and false_alarm is still written for the analytics.
            assertThat(g.getString("disposition")).isEqualTo("false_alarm");
            assertThat(g.getString("note")).isEqualTo("a car backfiring");
            Row untouched = s.execute(s.prepare("SELECT acknowledged, ack_by, resolved_by FROM " + ks + ".alerts_by_id WHERE alert_id = ?").bind(seed.gunshotAlert)).one();
            assertThat(untouched.isNull("acknowledged") && untouched.isNull("ack_by") && untouched.isNull("resolved_by")).isTrue();
            List<Row> byZone = s.execute(s.prepare("SELECT alert_type, reason, ends_at, silence_id FROM " + ks + ".silences_by_zone WHERE zone_id = ?").bind(seed.zoneB)).all();
            assertThat(byZone).hasSize(1);
            assertThat(byZone.get(0).getString("alert_type")).isEqualTo("gunshot");
            assertThat(byZone.get(0).getString("reason")).isEqualTo("fireworks");
            Row sil2 = s.execute(s.prepare("SELECT zone_id, starts_at, ends_at FROM " + ks + ".silences WHERE silence_id = ?").bind(byZone.get(0).getUuid("silence_id"))).one();
            assertThat(sil2.getString("zone_id")).isEqualTo(seed.zoneB);
            assertThat(Duration.between(sil2.getInstant("starts_at"), sil2.getInstant("ends_at"))).isEqualTo(Duration.ofHours(2));
        }
        Cli.Result listed = Cli.run(stack, "alerts", "silences", "--zone", seed.zoneB, "--format", "csv");
        assertThat(listed.code()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains(seed.zoneB + ",gunshot,").contains("fireworks");
        Cli.Result show = Cli.run(stack, "alerts", "show", seed.gunshotAlert);
        assertThat(show.out()).contains("a car backfiring").containsPattern("false_alarm\\s+true")
                .containsPattern("acknowledged\\s+true").containsPattern("resolved_by\\s+" + java.util.regex.Pattern.quote(unauthenticated));
        Cli.Result comment = Cli.run(stack, "alerts", "comment", seed.gunshotAlert, "--note", "checked the camera again");
        assertThat(comment.code()).as(comment.toString()).isZero();
        Cli.Result actions = Cli.run(stack, "alerts", "show", seed.gunshotAlert, "--format", "json");
        assertThat(actions.out()).contains("\"action\" : \"resolve\"", "\"action\" : \"comment\"", "checked the camera again");

        // Ending the silence early: gone from the active list, who ended it recorded.
        String silenceId = Json.MAPPER.readTree(sil.out()).findValue("silence_id").asText();
        assertUsage(Cli.run(stack, "alerts", "unsilence", "fireworks"), "SILENCE_ID: 'fireworks' is not an id");
        Cli.Result unsilence = Cli.run(stack, "alerts", "unsilence", silenceId);
        assertThat(unsilence.code()).as(unsilence.toString()).isZero();
        assertThat(unsilence.out()).contains(unauthenticated);
        assertThat(Cli.run(stack, "alerts", "silences", "--zone", seed.zoneB, "--format", "csv").out()).doesNotContain("fireworks");
        Cli.Result again = Cli.run(stack, "alerts", "unsilence", silenceId);
        assertThat(again.code()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("already ended");
    }

    @Test
    void assignAndResolveWithADispositionPersist() throws Exception {
        String id = seed.noiseAlert;
        // Wrong flags are refused before anything is sent, each saying what is wrong.
        assertUsage(Cli.run(stack, "alerts", "assign", id), "alerts assign needs --to NAME (who takes it on) or --unassign");
        assertUsage(Cli.run(stack, "alerts", "assign", id, "--to", "olivia", "--unassign"), "--to and --unassign exclude each other");
        assertUsage(Cli.run(stack, "alerts", "assign", id, "--to", " "), "--to must name an operator");
        assertUsage(Cli.run(stack, "alerts", "assign", id, "--to", "o".repeat(65)), "--to is longer than 64 characters");
        assertUsage(Cli.run(stack, "alerts", "resolve", id, "--disposition", "false-alarm"),
                "--disposition: unknown disposition 'false-alarm'; did you mean 'false_alarm'?");
        assertUsage(Cli.run(stack, "alerts", "resolve", id, "--disposition", "test", "--false-alarm"),
                "--false-alarm contradicts --disposition test");
        assertUsage(Cli.run(stack, "alerts", "resolve", id, "--disposition", "test", "--category", "x".repeat(101)),
                "--category is longer than 100 characters");
        assertUsage(Cli.run(stack, "alerts", "resolve", id, "--category", "ani\nmal"), "--category must be printable");
        assertUsage(Cli.run(stack, "alerts", "assign", "no-such-alert", "--to", "olivia"), "no alert with id 'no-such-alert'");

        assertThat(Cli.run(stack, "alerts", "assign", id, "--to", "olivia", "--note", "yours").code()).isZero();
        assertThat(Cli.run(stack, "alerts", "assign", id, "--unassign").code()).isZero();
        Cli.Result assigned = Cli.run(stack, "alerts", "assign", id, "--to", "sam", "--format", "json");
        assertThat(assigned.code()).as(assigned.toString()).isZero();
        assertThat(Json.MAPPER.readTree(assigned.out()).findValue("assignee").asText()).isEqualTo("sam");
        Cli.Result resolved = Cli.run(stack, "alerts", "resolve", id, "--disposition", "true_alarm", "--category", "animal", "--note", "a fox");
        assertThat(resolved.code()).as(resolved.toString()).isZero();

        try (CqlSession s = stack.openSession()) {
            List<Row> rows = s.execute(s.prepare("SELECT kind, assignee, disposition, category, false_alarm, note FROM " + stack.keyspace()
                    + ".alert_actions WHERE alert_id = ?").bind(id)).all();
            assertThat(rows).extracting(r -> r.getString("kind")).containsExactly("assign", "assign", "assign", "resolve");
            assertThat(rows).extracting(r -> r.getString("assignee")).containsExactly("olivia", "", "sam", null);
            Row resolve = rows.get(3);
            assertThat(resolve.getString("disposition")).isEqualTo("true_alarm");
            assertThat(resolve.getString("category")).isEqualTo("animal");
            assertThat(resolve.getBoolean("false_alarm")).isFalse();
            assertThat(resolve.getString("note")).isEqualTo("a fox");
            assertThat(rows.get(0).isNull("false_alarm") && rows.get(0).isNull("disposition")).isTrue();
        }
        Cli.Result show = Cli.run(stack, "alerts", "show", id);
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).containsPattern("assignee\\s+sam").containsPattern("disposition\\s+true_alarm")
                .containsPattern("disposition_category\\s+animal").contains("(unassigned)");
        JsonNode json = Json.MAPPER.readTree(Cli.run(stack, "alerts", "show", id, "--format", "json").out());
        assertThat(json.findValues("assignee")).extracting(JsonNode::asText).contains("sam", "olivia", "(unassigned)");
        assertThat(json.findValues("disposition")).extracting(JsonNode::asText).contains("true_alarm");
        assertThat(json.findValue("disposition_category").asText()).isEqualTo("animal");
        assertThat(json.findValues("category")).extracting(JsonNode::asText).contains("animal");
    }

    @Test
    void suppressedAlertsAreListedAndShownWithWhatHeldThemBack() {
        Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (CqlSession s = stack.openSession()) {
            String ks = stack.keyspace();
            var byDay = s.prepare("INSERT INTO " + ks + ".suppressions_by_day (day, at, fingerprint, reason, alert_type, zone_id, severity,"
                    + " suppressed_by, batch_id) VALUES (?,?,?,?,?,?,?,?,?)");
            var byCause = s.prepare("INSERT INTO " + ks + ".suppressions_by_cause (suppressed_by, at, fingerprint, reason, alert_type, zone_id,"
                    + " severity) VALUES (?,?,?,?,?,?,?)");
            java.time.LocalDate day = java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
            s.execute(byDay.bind(day, at, "noise|" + seed.zoneA, "inhibited", "noise", seed.zoneA, "medium", seed.crowdAlert, 7L));
            s.execute(byCause.bind(seed.crowdAlert, at, "noise|" + seed.zoneA, "inhibited", "noise", seed.zoneA, "medium"));
            s.execute(byDay.bind(day, at.plusMillis(1), "gunshot|" + seed.zoneB, "silenced", "gunshot", seed.zoneB, "critical", "a-silence", 8L));
        }
        Cli.Result all = Cli.run(stack, "alerts", "list", "--suppressed", "--since", "1h", "--format", "csv");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(all.out()).contains(seed.zoneA + ",noise,medium,inhibited," + seed.crowdAlert)
                .contains(seed.zoneB + ",gunshot,critical,silenced,a-silence");
        Cli.Result one = Cli.run(stack, "alerts", "list", "--suppressed", "--since", "1h", "--zone", seed.zoneB, "--format", "csv");
        assertThat(one.out()).contains("silenced").doesNotContain("inhibited");
        assertUsage(Cli.run(stack, "alerts", "list", "--suppressed", "--state", "firing"), "--state does not apply with --suppressed");
        Cli.Result show = Cli.run(stack, "alerts", "show", seed.crowdAlert, "--format", "json");
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("\"reason\" : \"inhibited\"").contains("\"fingerprint\" : \"noise|" + seed.zoneA + "\"");
    }

    @Test
    void evidenceWritesTheStoredJpeg(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("gunshot.jpg");
        Cli.Result r = Cli.run(stack, "evidence", seed.gunshotAlert, "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(seed.jpeg);
        Cli.Result none = Cli.run(stack, "evidence", seed.noiseAlert, "--out", dir.resolve("n.jpg").toString());
        assertThat(none.code()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).contains("has no evidence frames");
        assertUsage(Cli.run(stack, "evidence", seed.gunshotAlert, "--out", dir.resolve("missing/x.jpg").toString()), "does not exist");
    }

    @Test
    void completionScriptsNameTheCommandsAndOptions() {
        Cli.Result bash = Cli.runRaw("completion", "bash");
        assertThat(bash.code()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_watcher").contains("alerts").contains("--severity-at-least").contains("heatmap");
        Cli.Result zsh = Cli.runRaw("completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit");
        assertUsage(Cli.runRaw("completion", "fish"), "unknown shell 'fish'");
    }

    static void assertUsage(Cli.Result r, String... says) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        for (String s : says) {
            assertThat(r.err()).as(r.toString()).contains(s);
        }
    }

    @Test
    void trendsChangingLeavesOutTheFlatPairs() {
        Cli.Result all = Cli.run(stack, "trends", "--zone", seed.zoneA, "--format", "csv");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(all.out()).contains("noise", "rising", "gunshot", "flat");
        Cli.Result changing = Cli.run(stack, "trends", "--zone", seed.zoneA, "--changing", "--format", "csv");
        assertThat(changing.code()).as(changing.toString()).isZero();
        assertThat(changing.out()).contains("noise", "rising").doesNotContain("gunshot", "flat");
    }
}
