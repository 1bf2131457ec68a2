package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.stack.junit.SecureTestStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code stack up --secure} for real: TLS and passwords on Cassandra, SASL_SSL/SCRAM and ACLs
 * on Kafka, the least-privilege roles of {@link StackRole}. Each role does what it may over
 * TLS; a wrong password and a missing permission are refused with a message saying so; no
 * generated password is in any server log, nor a secret on any command line while the stack is
 * set up; its data, logs and configuration are its owner's only.
 */
@Tag("stack")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureStackTest {
    static SecureTestStack stack;
    static Topics topics;
    static String ks;
    /** The command lines of every process while the stack was set up from an empty folder. */
    static List<String> commandLines;
    static int samples;

    @BeforeAll
    static void start() {
        try (CommandLineSampler sampler = new CommandLineSampler()) {
            stack = SecureTestStack.start("secure-test-stack");
            commandLines = sampler.seen();
            samples = sampler.samples();
        }
        topics = Topics.of(stack.anonymous());
        ks = stack.anonymous().get("cassandra.keyspace");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static CqlSession cql(WatcherConfig c) {
        return CassandraServer.openSession(c.get("cassandra.host"), c.getPort("cassandra.port"), c.get("cassandra.datacenter"),
                CassandraAccess.of(c), Duration.ofSeconds(20));
    }

    static KafkaProducer<String, String> producer(WatcherConfig c) {
        Properties p = KafkaAccess.of(c).applyTo(new Properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Every value on the topic, read from the beginning to its current end. */
    static List<String> readAll(WatcherConfig c, String topic) {
        Properties p = KafkaAccess.of(c).applyTo(new Properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.get("kafka.bootstrap"));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    static void send(WatcherConfig c, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = producer(c)) {
            p.send(new ProducerRecord<>(topic, key, value)).get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void eachRoleDoesWhatItMayOverTls() throws Exception {
        String run = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        WatcherConfig simulator = stack.as(StackRole.SIMULATOR);
        WatcherConfig job = stack.as(StackRole.JOB);
        WatcherConfig operator = stack.operator("olivia");
        WatcherConfig analyst = stack.as(StackRole.ANALYST);
        WatcherConfig desk = stack.as(StackRole.DESK);
        assertThat(KafkaAccess.of(job).protocol()).isEqualTo("SASL_SSL");
        assertThat(CassandraAccess.of(job).tls()).isTrue();

        // The simulator writes the registry and produces a reading; the job reads both and publishes an alert.
        try (CqlSession s = cql(simulator)) {
            s.execute("INSERT INTO " + ks + ".zones (zone_id, name, kind) VALUES (?, ?, 'street')", run, run);
        }
        send(simulator, topics.readings(), run, "reading of " + run);
        try (CqlSession s = cql(job)) {
            assertThat(s.execute("SELECT name FROM " + ks + ".zones WHERE zone_id = ?", run).one().getString(0)).isEqualTo(run);
            s.execute("INSERT INTO " + ks + ".alerts_by_id (alert_id, zone_id, state) VALUES (?, ?, 'FIRING')", run, run);
        }
        assertThat(readAll(job, topics.readings())).contains("reading of " + run);
        send(job, topics.alerts(), run, "alert of " + run);

        // The desk and the operator account read the alert topic; the action service's role records an acknowledgement and a silence.
        assertThat(readAll(desk, topics.alerts())).contains("alert of " + run);
        assertThat(readAll(operator, topics.alerts())).contains("alert of " + run);
        try (CqlSession s = cql(stack.as(StackRole.ACTIONS))) {
            s.execute("INSERT INTO " + ks + ".alert_actions (alert_id, action_id, kind, actor, acted_at) VALUES (?, now(), 'ack', 'olivia', ?)",
                    run, Instant.now());
            s.execute("INSERT INTO " + ks + ".silences (silence_id, zone_id, reason) VALUES (?, ?, 'test')", UUID.randomUUID(), run);
            assertThatThrownBy(() -> s.execute("INSERT INTO " + ks + ".alerts_by_id (alert_id, state) VALUES (?, 'RESOLVED')", run))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("User watcher_actions has no MODIFY permission");
        }
        try (CqlSession s = cql(operator)) {
            assertThat(s.execute("SELECT kind FROM " + ks + ".alert_actions WHERE alert_id = ?", run).one().getString(0)).isEqualTo("ack");
        }
        try (CqlSession s = cql(analyst)) {
            assertThat(s.execute("SELECT kind FROM " + ks + ".alert_actions WHERE alert_id = ?", run).one().getString(0)).isEqualTo("ack");
        }
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedWithAClearMessage(@TempDir Path tmp) throws Exception {
        Path wrong = tmp.resolve("wrong.password");
        Files.writeString(wrong, "not-the-password\n");
        WatcherConfig job = stack.as(StackRole.JOB)
                .with("cassandra.password-file", wrong.toString(), "test")
                .with("kafka.sasl.password-file", wrong.toString(), "test");

        Throwable cassandra = catchThrowable(() -> cql(job).close());
        assertThat(cassandra).isNotNull();
        assertThat(messages(cassandra)).contains("Provided username watcher_job and/or password are incorrect");

        Throwable kafka = catchThrowable(() -> send(job, topics.readings(), "k", "v"));
        assertThat(causes(kafka)).anyMatch(t -> t instanceof SaslAuthenticationException);
        assertThat(messages(kafka)).contains("invalid credentials");

        // Without TLS and credentials (today's plain client) neither server lets one in.
        assertThat(catchThrowable(() -> cql(stack.anonymous()).close())).isNotNull();
    }

    @Test
    @Order(3)
    void aRoleWithoutPermissionIsRefused() {
        try (CqlSession s = cql(stack.as(StackRole.ANALYST))) {
            assertThatThrownBy(() -> s.execute("INSERT INTO " + ks + ".zones (zone_id, name) VALUES ('x', 'x')"))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("User watcher_analyst has no MODIFY permission on <table " + ks + ".zones>");
        }
        try (CqlSession s = cql(stack.operator("olivia"))) {
            assertThatThrownBy(() -> s.execute("INSERT INTO " + ks + ".zones (zone_id, name) VALUES ('x', 'x')"))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("has no MODIFY permission");
        }
        try (CqlSession s = cql(stack.as(StackRole.SIMULATOR))) {
            assertThatThrownBy(() -> s.execute("SELECT * FROM " + ks + ".alerts_by_id LIMIT 1"))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("has no SELECT permission");
        }
        // Only the job writes the alert topic: a consumer (desk, operator) cannot.
        for (WatcherConfig consumer : List.of(stack.as(StackRole.DESK), stack.operator("olivia"))) {
            Throwable t = catchThrowable(() -> send(consumer, topics.alerts(), "fake", "a forged alert"));
            assertThat(causes(t)).as("%s writing the alert topic", consumer.get("kafka.sasl.username"))
                    .anyMatch(e -> e instanceof AuthorizationException);
        }
        // ...and the simulator cannot read it.
        Throwable t = catchThrowable(() -> readAll(stack.as(StackRole.SIMULATOR), topics.alerts()));
        assertThat(causes(t)).anyMatch(e -> e instanceof AuthorizationException);
        assertThat(messages(t)).contains("Not authorized to access topics: [" + topics.alerts() + "]");
        assertThat(readAll(stack.as(StackRole.DESK), topics.alerts())).doesNotContain("a forged alert");
    }

    /** Issue #22: what the CLI forbids, Cassandra refuses to an operator account too (it used to have MODIFY on alerts_by_id). */
    @Test
    @Order(3)
    void anOperatorCannotRewriteOrTruncateTheJobsAlertsNorLogInAsTheSharedRole() {
        String id = "forge-" + UUID.randomUUID().toString().substring(0, 8);
        try (CqlSession s = cql(stack.as(StackRole.JOB))) {
            s.execute("INSERT INTO " + ks + ".alerts_by_id (alert_id, severity, summary, state) VALUES (?, 'critical', 'gunshot', 'FIRING')", id);
        }
        try (CqlSession s = cql(stack.operator("olivia"))) {
            assertThatThrownBy(() -> s.execute("UPDATE " + ks + ".alerts_by_id SET severity = 'low', summary = 'nothing', ack_by = 'someone' "
                    + "WHERE alert_id = ?", id))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("User olivia has no MODIFY permission on <table " + ks + ".alerts_by_id>");
            for (String table : List.of("alerts_by_id", "alerts_by_day", "alert_events_by_alert")) {
                assertThatThrownBy(() -> s.execute("TRUNCATE " + ks + "." + table))
                        .as(table).isInstanceOf(UnauthorizedException.class).hasMessageContaining("has no MODIFY permission");
            }
        }
        try (CqlSession s = cql(stack.as(StackRole.ANALYST))) {
            var row = s.execute("SELECT severity, summary, ack_by FROM " + ks + ".alerts_by_id WHERE alert_id = ?", id).one();
            assertThat(row.getString("severity")).isEqualTo("critical");
            assertThat(row.getString("summary")).isEqualTo("gunshot");
            assertThat(row.getString("ack_by")).isNull();
        }
        // Issue #22: operators' raw CQL is read-only; their actions and silences go through the action service.
        try (CqlSession s = cql(stack.operator("olivia"))) {
            for (String write : List.of(
                    "INSERT INTO " + ks + ".alert_actions (alert_id, action_id, kind, actor) VALUES ('" + id + "', now(), 'ack', 'someone')",
                    "TRUNCATE " + ks + ".alert_actions",
                    "INSERT INTO " + ks + ".silences (silence_id, zone_id, reason) VALUES (uuid(), 'z', 'forever')",
                    "DELETE FROM " + ks + ".silences_by_zone WHERE zone_id = 'z'")) {
                assertThatThrownBy(() -> s.execute(write)).as(write).isInstanceOf(UnauthorizedException.class)
                        .hasMessageContaining("User olivia has no MODIFY permission");
            }
        }
        // The shared role has no login and no client file: only named accounts act.
        assertThat(stack.secrets().clientConfig(StackRole.OPERATOR)).doesNotExist();
        assertThatThrownBy(() -> stack.as(StackRole.OPERATOR)).hasMessageContaining("watcher_operator has no login");
    }

    @Test
    @Order(4)
    void secretsAreFilesOfTheirOwnerAndInNoLog() throws Exception {
        StackSecrets secrets = stack.secrets();
        assertThat(Files.getPosixFilePermissions(secrets.dir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(secrets.dir())) {
            files.forEach(f -> assertThat(PosixFilePermissions.toString(uncheckedPermissions(f))).as(f.toString()).isEqualTo("rw-------"));
        }
        // A folder secured by an older version let operators write the actions and silences: the next stack up takes it back.
        WatcherConfig olivia = stack.operator("olivia");
        try (CqlSession s = cql(stack.as(StackRole.ADMIN))) {
            s.execute("GRANT MODIFY ON TABLE " + ks + ".alert_actions TO " + StackRole.OPERATOR.principal());
        }
        String forged = "INSERT INTO " + ks + ".alert_actions (alert_id, action_id, kind, actor) VALUES ('x', now(), 'ack', 'y')";
        awaitPermission(olivia, forged, false);
        // A second "stack up" on the secure folder (no --secure needed) changes nothing and works.
        WatcherConfig plainFlags = stack.anonymous().with("stack.secure", "false", "test");
        Stack again = Stack.of(plainFlags);
        assertThat(again.settings().secure()).isTrue();
        again.up(line -> { });
        Provisioning.provision(again, plainFlags, line -> { });
        assertThat(again.status()).allMatch(Stack.ServerStatus::healthy).extracting(Stack.ServerStatus::name)
                .containsExactly("cassandra", "kafka", "console");
        awaitPermission(olivia, forged, true);

        // ca, keystore, truststore, each role that logs in (not watcher_operator), the operator account
        assertThat(secrets.allPasswords()).hasSize(3 + StackRole.values().length - 1 + 1).allMatch(p -> p.length() >= 20);
        assertThat(stack.linesWithSecrets()).as("log lines with a generated password").isEmpty();
    }

    @Test
    @Order(5)
    void noSecretWasOnAnyCommandLineWhileTheStackWasSetUp() {
        assertThat(samples).as("process list samples").isGreaterThan(50);
        // Only this stack's processes: other stacks may run on the machine.
        String dir = stack.stack().settings().dir().toString();
        List<String> ours = commandLines.stream().filter(l -> l.contains(dir)).toList();
        assertThat(ours).as("the sampler saw the keytool runs, Kafka's storage format, both servers and the action service")
                .anyMatch(l -> l.contains("-Dwatcher.server=console@"))
                .anyMatch(l -> l.contains("keytool"))
                .anyMatch(l -> l.contains("StorageTool") || l.contains("format.args"))
                .anyMatch(l -> l.contains("-Dwatcher.server=kafka@"))
                .anyMatch(l -> l.contains("-Dwatcher.server=cassandra@"));
        // A salted SCRAM password logs in as well as the password (RFC 5802).
        List<String> passwords = stack.secrets().allPasswords();
        List<String> leaks = commandLines.stream()
                .filter(l -> passwords.stream().anyMatch(l::contains)
                        || l.contains(dir) && (l.contains("saltedpassword") || l.contains("--add-scram")))
                .map(l -> passwords.stream().reduce(l, (line, pw) -> line.replace(pw, "****")))
                .toList();
        assertThat(leaks).as("command lines holding a password or a SCRAM credential (passwords shown as ****)").isEmpty();
    }

    @Test
    @Order(6)
    void theStacksDataLogsAndConfigurationAreItsOwnersOnly() throws Exception {
        Path dir = stack.stack().settings().dir();
        List<String> open = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        StackFiles.visit(dir, p -> {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(p);
            }
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            if (!perms.endsWith("------")) {
                open.add(perms + " " + dir.relativize(p));
            }
        });
        assertThat(files).as("the walk met the servers' data, logs and configuration")
                .anyMatch(p -> p.toString().contains("kafka/data/__cluster_metadata-0/") && p.toString().endsWith(".log"))
                .anyMatch(p -> p.toString().contains("cassandra/data/system/") && p.toString().endsWith("-Data.db"))
                .anyMatch(p -> p.toString().contains("cassandra/commitlog/"))
                .anyMatch(p -> p.endsWith(Path.of("logs", "kafka.log")))
                .anyMatch(p -> p.endsWith(Path.of("kafka", "conf", "server.properties")))
                .anyMatch(p -> p.endsWith(Path.of("cassandra", "conf", "cassandra.yaml")));
        assertThat(open).as("files and folders that group or others may use").isEmpty();
    }

    /**
     * Cassandra caches permissions for a couple of seconds (permissions_validity): a GRANT or
     * REVOKE holds once that has passed. Waits up to 10 s for {@code write} to be refused (or taken).
     */
    private static void awaitPermission(WatcherConfig who, String write, boolean refused) throws InterruptedException {
        try (CqlSession s = cql(who)) {
            Throwable last = null;
            for (int i = 0; i < 40; i++) {
                last = catchThrowable(() -> s.execute(write));
                if ((last instanceof UnauthorizedException) == refused) {
                    break;
                }
                Thread.sleep(250);
            }
            if (refused) {
                assertThat(last).as(write).isInstanceOf(UnauthorizedException.class).hasMessageContaining("has no MODIFY permission");
            } else {
                assertThat(last).as(write).isNull();
            }
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path f) {
        try {
            return Files.getPosixFilePermissions(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Throwable> causes(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c : causes(t)) {
            sb.append(c.getMessage()).append(" | ");
            if (c instanceof com.datastax.oss.driver.api.core.AllNodesFailedException all) {
                all.getAllErrors().values().forEach(list -> list.forEach(e -> sb.append(e.getMessage()).append(" | ")));
            }
        }
        return sb.toString();
    }

}
