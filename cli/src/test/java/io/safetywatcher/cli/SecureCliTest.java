package io.safetywatcher.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.console.ActionClient;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.stack.StackRole;
import io.safetywatcher.stack.junit.SecureTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator commands on a secure stack ({@code stack up --secure}): over TLS with a named
 * operator account's credentials they read, and acknowledge and silence through the action
 * service, under that name; that account's raw CQL writes nothing; the service refuses a wrong
 * password and a silence beyond the caps and ignores a claimed actor; the analyst role may read but not
 * acknowledge; a wrong password is refused with a message that says so; the analytics job runs
 * with the job role's credentials over TLS; no output carries a secret.
 */
@Tag("stack")
class SecureCliTest {
    static SecureTestStack secure;
    static Seed seed;
    static final List<Cli.Result> outputs = new ArrayList<>();

    @BeforeAll
    static void start() {
        secure = SecureTestStack.start("cli-secure-stack");
        seed = new Seed("sec" + Long.toString(System.nanoTime() % 100000, 36));
        WatcherConfig admin = secure.as(StackRole.ADMIN);
        try (CqlSession s = cql(admin)) {
            seed.write(s, admin.get("cassandra.keyspace"));
        }
    }

    @AfterAll
    static void stop() {
        if (secure != null) {
            secure.close();
        }
    }

    /** A session as {@code config}'s account; a short-lived one, which closes at once. */
    static CqlSession cql(WatcherConfig config) {
        return CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), CassandraAccess.of(config), Duration.ofSeconds(20));
    }

    static Cli.Result run(WatcherConfig config, String... args) {
        try (Connections c = new Connections(config)) {
            Cli.Result r = Cli.run(c, args);
            outputs.add(r);
            return r;
        }
    }

    @Test
    void theOperatorReadsAndAcknowledgesOverTlsUnderItsOwnName() {
        WatcherConfig alice = secure.operator("alice");
        Cli.Result zones = run(alice, "zones");
        assertThat(zones.code()).as(zones.toString()).isZero();
        assertThat(zones.out()).contains(seed.zoneA, seed.zoneB);

        Cli.Result ack = run(alice, "alerts", "ack", seed.gunshotAlert, "--note", "unit 7 on the way");
        assertThat(ack.code()).as(ack.toString()).isZero();
        Cli.Result resolve = run(secure.operator("bob"), "alerts", "resolve", seed.gunshotAlert, "--note", "a car backfiring");
        assertThat(resolve.code()).as(resolve.toString()).isZero();
        Cli.Result show = run(alice, "alerts", "show", seed.gunshotAlert, "--format", "json");
        assertThat(show.code()).as(show.toString()).isZero();
        // The names are the accounts that logged in; no flag can choose them.
        assertThat(show.out()).contains("unit 7 on the way", "\"ack_by\" : \"alice\"", "\"resolved_by\" : \"bob\"");

        Cli.Result tail = run(alice, "alerts", "tail", "--from-beginning", "--for", "3s");
        assertThat(tail.code()).as(tail.toString()).isZero();

        Cli.Result silence = run(alice, "alerts", "silence", "--zone", seed.zoneB, "--type", "gunshot", "--for", "2h", "--reason", "fireworks");
        assertThat(silence.code()).as(silence.toString()).isZero();
        String silenceId;
        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            var made = s.execute("SELECT silence_id, created_by, reason FROM " + keyspace() + ".silences").all().stream()
                    .filter(r -> "fireworks".equals(r.getString("reason"))).toList();
            assertThat(made).hasSize(1).allMatch(r -> "alice".equals(r.getString("created_by")));
            silenceId = made.get(0).getUuid("silence_id").toString();
        }
        Cli.Result unsilence = run(secure.operator("bob"), "alerts", "unsilence", silenceId);
        assertThat(unsilence.code()).as(unsilence.toString()).isZero();
        assertThat(run(alice, "alerts", "silences", "--zone", seed.zoneB, "--format", "csv").out()).doesNotContain("fireworks");
        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            assertThat(s.execute("SELECT kind, actor FROM " + keyspace() + ".silence_actions WHERE silence_id = " + silenceId).all())
                    .extracting(r -> r.getString("kind") + ":" + r.getString("actor")).containsExactly("expire:bob");
        }
        assertAllOutputsFreeOfSecrets();
    }

    /** Issue #22: the service records who signed in, whatever the request claims, and refuses a wrong password and writes nothing. */
    @Test
    void theServiceRecordsTheSignedInAccountAndRefusesAWrongPassword(@TempDir Path tmp) throws Exception {
        WatcherConfig alice = secure.operator("alice");
        ActionClient asAlice = new ActionClient(alice);
        assertThat(asAlice.base().getScheme()).isEqualTo("https");
        ObjectNode claim = Json.object().put("note", "it was mallory").put("actor", "mallory");
        assertThat(asAlice.post("/actions/alerts/" + seed.noiseAlert + "/comment", claim).get("actor").asText()).isEqualTo("alice");

        Path wrong = Files.writeString(tmp.resolve("wrong-password"), "not-the-password");
        ActionClient impostor = new ActionClient(alice.with("cassandra.password-file", wrong.toString(), "test"));
        assertThatThrownBy(() -> impostor.onAlert(seed.noiseAlert, "ack", "forged"))
                .isInstanceOfSatisfying(ActionClient.Refusal.class, r -> assertThat(r.status()).isEqualTo(401))
                .hasMessageContaining("wrong account or password for 'alice'");

        // Beyond the caps is refused by the service itself, not only by the CLI's own check.
        Instant now = Instant.now();
        assertThatThrownBy(() -> asAlice.silence(seed.zoneA, null, now, now.plus(Duration.ofDays(36500)), "a century"))
                .isInstanceOfSatisfying(ActionClient.Refusal.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageContaining("at most 30d");

        try (CqlSession s = cql(secure.as(StackRole.ANALYST))) {
            List<String> actions = s.execute(s.prepare("SELECT actor, note FROM " + keyspace() + ".alert_actions WHERE alert_id = ?")
                    .bind(seed.noiseAlert)).all().stream().map(r -> r.getString("actor") + ":" + r.getString("note")).toList();
            assertThat(actions).containsExactly("alice:it was mallory");
            assertThat(s.execute("SELECT reason FROM " + keyspace() + ".silences").all()).noneMatch(r -> "a century".equals(r.getString(0)));
        }
    }

    @Test
    void anUnreachableServiceIsReportedAsSuch() {
        WatcherConfig elsewhere = secure.operator("alice").with("console.port", Integer.toString(freePort()), "test");
        Cli.Result ack = run(elsewhere, "alerts", "ack", seed.crowdAlert);
        assertThat(ack.code()).as(ack.toString()).isEqualTo(1);
        assertThat(ack.err()).contains("the action service at https://127.0.0.1:" + elsewhere.get("console.port") + " is not reachable: is the stack up?");
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Issue #22: raw CQL cannot do what the CLI forbids, because Cassandra refuses it (or the job ignores it). */
    @Test
    void anOperatorsRawCqlCannotRewriteTheJobsAlertsNorSilenceForAHundredYears() {
        WatcherConfig alice = secure.operator("alice");
        Cli.Result rewrite = run(alice, "cql", "UPDATE alerts_by_id SET severity = 'low', summary = 'rewritten by alice', ack_by = 'bob' "
                + "WHERE alert_id = '" + seed.crowdAlert + "'");
        assertThat(rewrite.code()).as(rewrite.toString()).isNotZero();
        assertThat(rewrite.err()).contains("User alice has no MODIFY permission on <table " + keyspace() + ".alerts_by_id>");
        Cli.Result truncate = run(alice, "cql", "TRUNCATE alerts_by_id");
        assertThat(truncate.code()).as(truncate.toString()).isNotZero();
        assertThat(truncate.err()).contains("has no MODIFY permission");
        Cli.Result show = run(alice, "alerts", "show", seed.crowdAlert, "--format", "json");
        assertThat(show.out()).doesNotContain("rewritten by alice").contains("\"severity\" : \"" + "high" + "\"");

        // Operators' raw CQL writes nothing at all: their actions and silences go through the action service.
        for (String write : List.of(
                "INSERT INTO alert_actions (alert_id, action_id, kind, actor) VALUES ('" + seed.crowdAlert + "', now(), 'ack', 'bob')",
                "TRUNCATE alert_actions",
                "INSERT INTO silences (silence_id, zone_id, reason) VALUES (uuid(), '" + seed.zoneA + "', 'forever')",
                "INSERT INTO silences_by_zone (zone_id, ends_at, silence_id, starts_at, reason) VALUES ('" + seed.zoneA
                        + "', '2126-01-01', uuid(), toTimestamp(now()), 'forever')")) {
            Cli.Result refused = run(alice, "cql", write);
            assertThat(refused.code()).as(refused.toString()).isNotZero();
            assertThat(refused.err()).as(write).contains("User alice has no MODIFY permission on <table " + keyspace() + ".");
        }
        // A forged silence (here the admin's: nobody else can write one) is ignored by the job, and the CLI says so.
        try (CqlSession s = cql(secure.as(StackRole.ADMIN))) {
            s.execute("INSERT INTO " + keyspace() + ".silences_by_zone (zone_id, ends_at, silence_id, starts_at, reason) VALUES ('"
                    + seed.zoneA + "', '2126-01-01', uuid(), toTimestamp(now()), 'forever')");
        }
        Cli.Result silences = run(alice, "alerts", "silences", "--zone", seed.zoneA, "--format", "csv");
        assertThat(silences.out()).contains("forever,false");
        assertAllOutputsFreeOfSecrets();
    }

    private static String keyspace() { return secure.anonymous().get("cassandra.keyspace"); }

    @Test
    void theAnalystMayReadButNotAcknowledge() {
        WatcherConfig analyst = secure.as(StackRole.ANALYST);
        Cli.Result list = run(analyst, "alerts", "list", "--zone", seed.zoneB);
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(seed.gunshotAlert);

        Cli.Result ack = run(analyst, "alerts", "ack", seed.gunshotAlert);
        assertThat(ack.code()).as(ack.toString()).isEqualTo(1);
        assertThat(ack.err()).contains("watcher_analyst is not an operator");
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong-password"), "not-the-password");
        WatcherConfig config = secure.operator("alice").with("cassandra.password-file", wrong.toString(), "test");
        Cli.Result zones = run(config, "zones");
        assertThat(zones.code()).as(zones.toString()).isEqualTo(1);
        assertThat(zones.err()).contains("refused the credentials of user 'alice'");
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void theAnalyticsJobRunsWithTheJobRole() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Cli.Result run = run(secure.as(StackRole.JOB), "analytics", "run", "--from", today.toString(), "--to", today.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        WatcherConfig analyst = secure.as(StackRole.ANALYST);
        try (CqlSession s = cql(analyst)) {
            List<String> statuses = s.execute(s.prepare("SELECT status FROM " + analyst.get("cassandra.keyspace")
                    + ".analytics_runs WHERE run_day = ?").bind(today)).all().stream().map(r -> r.getString("status")).toList();
            assertThat(statuses).contains("succeeded");
        }
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void aPlaintextClientIsToldTheServerRequiresTls() {
        WatcherConfig plainCassandra = secure.operator("alice").with("cassandra.tls.enabled", "false", "test");
        Cli.Result zones = run(plainCassandra, "zones");
        assertThat(zones.code()).as(zones.toString()).isEqualTo(1);
        assertThat(zones.err()).contains("requires TLS").contains("cassandra.tls.truststore").doesNotContain("is the stack up");

        WatcherConfig plainKafka = secure.operator("alice").with("kafka.security.protocol", "PLAINTEXT", "test");
        Cli.Result tail = run(plainKafka, "alerts", "tail", "--from-beginning", "--for", "3s");
        assertThat(tail.code()).as(tail.toString()).isEqualTo(1);
        assertThat(tail.err()).contains("Kafka at").contains("requires TLS").doesNotContain("node assignment");
        assertAllOutputsFreeOfSecrets();
    }

    private static void assertAllOutputsFreeOfSecrets() {
        for (Cli.Result r : outputs) {
            for (String password : secure.secrets().allPasswords()) {
                assertThat(r.out() + r.err()).doesNotContain(password);
            }
        }
    }
}
