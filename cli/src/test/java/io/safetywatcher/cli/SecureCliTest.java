package io.safetywatcher.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.CqlSessions;
import io.safetywatcher.stack.StackRole;
import io.safetywatcher.stack.junit.SecureTestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator commands on a secure stack ({@code stack up --secure}): over TLS with the
 * operator's credentials they read and acknowledge; the analyst role may read but not
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
        try (CqlSession s = CqlSessions.builder(admin).build()) {
            seed.write(s, admin.get("cassandra.keyspace"));
        }
    }

    @AfterAll
    static void stop() {
        if (secure != null) {
            secure.close();
        }
    }

    static Cli.Result run(WatcherConfig config, String... args) {
        try (Connections c = new Connections(config)) {
            Cli.Result r = Cli.run(c, args);
            outputs.add(r);
            return r;
        }
    }

    @Test
    void theOperatorReadsAndAcknowledgesOverTls() {
        WatcherConfig operator = secure.as(StackRole.OPERATOR);
        Cli.Result zones = run(operator, "zones");
        assertThat(zones.code()).as(zones.toString()).isZero();
        assertThat(zones.out()).contains(seed.zoneA, seed.zoneB);

        Cli.Result ack = run(operator, "alerts", "ack", seed.gunshotAlert, "--note", "unit 7 on the way");
        assertThat(ack.code()).as(ack.toString()).isZero();
        Cli.Result show = run(operator, "alerts", "show", seed.gunshotAlert, "--format", "json");
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("unit 7 on the way");

        Cli.Result tail = run(operator, "alerts", "tail", "--from-beginning", "--for", "3s");
        assertThat(tail.code()).as(tail.toString()).isZero();
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void theAnalystMayReadButNotAcknowledge() {
        WatcherConfig analyst = secure.as(StackRole.ANALYST);
        Cli.Result list = run(analyst, "alerts", "list", "--zone", seed.zoneB);
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(seed.gunshotAlert);

        Cli.Result ack = run(analyst, "alerts", "ack", seed.gunshotAlert);
        assertThat(ack.code()).as(ack.toString()).isEqualTo(1);
        assertThat(ack.err()).contains("watcher_analyst has no MODIFY permission");
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong-password"), "not-the-password");
        WatcherConfig config = secure.as(StackRole.OPERATOR).with("cassandra.password-file", wrong.toString(), "test");
        Cli.Result zones = run(config, "zones");
        assertThat(zones.code()).as(zones.toString()).isEqualTo(1);
        assertThat(zones.err()).contains("refused the credentials of user 'watcher_operator'");
        assertAllOutputsFreeOfSecrets();
    }

    @Test
    void theAnalyticsJobRunsWithTheJobRole() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Cli.Result run = run(secure.as(StackRole.JOB), "analytics", "run", "--from", today.toString(), "--to", today.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        WatcherConfig analyst = secure.as(StackRole.ANALYST);
        try (CqlSession s = CqlSessions.builder(analyst).build()) {
            List<String> statuses = s.execute(s.prepare("SELECT status FROM " + analyst.get("cassandra.keyspace")
                    + ".analytics_runs WHERE run_day = ?").bind(today)).all().stream().map(r -> r.getString("status")).toList();
            assertThat(statuses).contains("succeeded");
        }
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
