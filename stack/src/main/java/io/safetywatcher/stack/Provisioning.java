package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.KafkaTopics;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.kafka.common.acl.AclBinding;
import java.util.function.Consumer;
import io.safetywatcher.cql.AppliedMigration;
import io.safetywatcher.cql.Migrator;
import io.safetywatcher.cql.Replication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a fresh stack (embedded or a cluster) needs before any program runs: the contract
 * topics and the Cassandra schema. Both steps are idempotent.
 */
public final class Provisioning {
    private Provisioning() {}

    /** Creates the topics that do not exist yet; returns those it created. */
    public static List<String> createTopics(WatcherConfig config) throws Exception {
        try (Admin admin = Admin.create(KafkaServer.clientProps(config.get("kafka.bootstrap"), KafkaAccess.of(config)))) {
            return KafkaTopics.ensure(admin, config, Topics.of(config).all());
        }
    }

    /** Applies pending schema migrations; returns what it applied now. */
    public static List<AppliedMigration> applySchema(WatcherConfig config) {
        try (CqlSession session = CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), CassandraAccess.of(config), Duration.ofSeconds(30))) {
            return migrator(session, config).migrate();
        }
    }

    /**
     * Everything {@code stack up} does once the servers answer: on a secure stack the
     * Cassandra admin first, then the topics and the schema, then the roles, grants and ACLs.
     * {@code config} is the stack's configuration as the user gave it.
     *
     * @return the configuration the stack itself connects with (the admin's on a secure stack)
     */
    public static WatcherConfig provision(Stack stack, WatcherConfig config, Consumer<String> progress) throws Exception {
        WatcherConfig admin = config;
        StackSecrets secrets = null;
        if (stack.settings().secure()) {
            secrets = StackSecrets.of(stack.settings());
            ensureCassandraAdmin(stack.settings(), secrets);
            admin = secrets.as(config, StackRole.ADMIN);
        }
        List<String> created = createTopics(admin);
        progress.accept("topics: " + (created.isEmpty() ? "all present" : "created " + String.join(", ", created)));
        List<AppliedMigration> applied = applySchema(admin);
        progress.accept("schema: " + (applied.isEmpty() ? "up to date" : "applied " + applied.stream()
                .map(AppliedMigration::name).reduce((a, b) -> a + ", " + b).orElse("")));
        if (secrets != null) {
            applyAccessPolicy(admin, secrets);
            progress.accept("security: TLS and passwords on both servers; roles " + java.util.Arrays.stream(StackRole.values())
                    .map(StackRole::principal).reduce((a, b) -> a + ", " + b).orElse("") + "; operator accounts "
                    + (secrets.operators().isEmpty() ? "none yet (stack operator add NAME)" : String.join(", ", secrets.operators()))
                    + "; client files in " + secrets.dir());
        }
        return admin;
    }

    /**
     * A fresh secure node has only the built-in superuser cassandra/cassandra: make the
     * stack's own admin with it, then drop it, so no well-known password is left.
     */
    static void ensureCassandraAdmin(StackSettings s, StackSecrets secrets) {
        if (!secrets.cassandraAdmin().username().equals(StackSecrets.DEFAULT_SUPERUSER)) {
            return;
        }
        String admin = StackRole.ADMIN.principal();
        try (CqlSession session = CassandraServer.openSession(s.cassandraHost(), s.cassandraPort(), s.datacenter(),
                secrets.cassandraAdmin(), Duration.ofSeconds(30))) {
            session.execute(SimpleStatement.newInstance("CREATE ROLE IF NOT EXISTS " + admin + " WITH PASSWORD = '"
                    + secrets.password(admin) + "' AND SUPERUSER = true AND LOGIN = true").setConsistencyLevel(ConsistencyLevel.ONE));
        }
        secrets.markCassandraAdminReady();
        try (CqlSession session = CassandraServer.openSession(s.cassandraHost(), s.cassandraPort(), s.datacenter(),
                secrets.cassandraAdmin(), Duration.ofSeconds(30))) {
            session.execute("DROP ROLE IF EXISTS " + StackSecrets.DEFAULT_SUPERUSER);
        }
    }

    /**
     * The roles with their passwords and grants, and the Kafka ACLs, of {@link StackRole}, then
     * the named operator accounts (role, grant of the operators' role, SCRAM user, ACLs). Idempotent.
     */
    static void applyAccessPolicy(WatcherConfig admin, StackSecrets secrets) throws Exception {
        String keyspace = admin.get("cassandra.keyspace");
        try (CqlSession session = CassandraServer.openSession(admin.get("cassandra.host"), admin.getPort("cassandra.port"),
                admin.get("cassandra.datacenter"), CassandraAccess.of(admin), Duration.ofSeconds(30))) {
            for (StackRole role : StackRole.values()) {
                if (role == StackRole.ADMIN || !role.hasCassandraRole()) {
                    continue;
                }
                if (role.login()) {
                    createLogin(session, role.principal(), secrets);
                } else {
                    session.execute("CREATE ROLE IF NOT EXISTS " + role.principal() + " WITH LOGIN = false");
                    // A folder secured before operator accounts existed let everyone log in as this role.
                    session.execute("ALTER ROLE " + role.principal() + " WITH LOGIN = false");
                }
                for (String revoke : role.cqlRevokes(keyspace)) {
                    session.execute(revoke);
                }
                for (String grant : role.cqlGrants(keyspace)) {
                    session.execute(grant);
                }
            }
            for (String operator : secrets.operators()) {
                createLogin(session, operator, secrets);
                grantOnce(session, StackRole.operatorAccountGrant(operator));
            }
        }
        Topics topics = Topics.of(admin);
        try (Admin kafka = Admin.create(KafkaServer.clientProps(admin.get("kafka.bootstrap"), KafkaAccess.of(admin)))) {
            List<AclBinding> acls = new java.util.ArrayList<>();
            for (StackRole role : StackRole.values()) {
                acls.addAll(role.kafkaAcls(topics));
            }
            List<UserScramCredentialAlteration> users = new java.util.ArrayList<>();
            for (String operator : secrets.operators()) {
                acls.addAll(StackRole.operatorAccountAcls(topics, operator));
                users.add(new UserScramCredentialUpsertion(operator, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        secrets.password(operator)));
            }
            if (!users.isEmpty()) {
                kafka.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
            }
            kafka.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            dropSharedOperatorUser(kafka);
        }
    }

    /** GRANT of a role is not idempotent: a second one fails with "... is a member of ...". */
    private static void grantOnce(CqlSession session, String grant) {
        try {
            session.execute(grant);
        } catch (com.datastax.oss.driver.api.core.servererrors.InvalidQueryException e) {
            if (!e.getMessage().contains("is a member of")) {
                throw e;
            }
        }
    }

    private static void createLogin(CqlSession session, String role, StackSecrets secrets) {
        session.execute("CREATE ROLE IF NOT EXISTS " + role + " WITH PASSWORD = '" + secrets.password(role) + "' AND LOGIN = true");
    }

    /** A folder secured before operator accounts has a shared Kafka user for the operators' role: it goes. */
    private static void dropSharedOperatorUser(Admin kafka) throws Exception {
        try {
            kafka.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(StackRole.OPERATOR.principal(), ScramMechanism.SCRAM_SHA_512)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.ResourceNotFoundException)) {
                throw e;
            }
        }
    }

    /**
     * {@code stack operator add NAME} on a running secure stack: the account's password and
     * client file, then its role and Kafka user. Returns the client file.
     */
    public static Path addOperator(Stack stack, WatcherConfig config, String name) throws Exception {
        if (!stack.settings().secure()) {
            throw new StackException("operator accounts need a secure stack (stack up --secure): without authentication "
                    + "a name proves nothing");
        }
        StackSecrets secrets = StackSecrets.of(stack.settings());
        Path file = secrets.addOperator(stack.settings(), name);
        applyAccessPolicy(secrets.as(config, StackRole.ADMIN), secrets);
        return file;
    }

    public static Migrator migrator(CqlSession session, WatcherConfig config) {
        return Migrator.builder()
                .session(session)
                .keyspace(config.get("cassandra.keyspace"))
                .replication(replication(config))
                .owner(ManagementFactory.getRuntimeMXBean().getName())
                .build();
    }

    /** {@code cassandra.replication.*} as the keyspace's replication. */
    public static Replication replication(WatcherConfig config) {
        String strategy = config.get("cassandra.replication.strategy");
        String dcs = config.get("cassandra.replication.datacenters");
        if (dcs.isBlank()) {
            return Replication.of(strategy, config.getInt("cassandra.replication.factor"));
        }
        Map<String, Integer> byDc = new LinkedHashMap<>();
        for (String part : dcs.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2) {
                throw new StackException("cassandra.replication.datacenters should look like dc1:3,dc2:3, not '" + dcs + "'");
            }
            byDc.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        return Replication.of(strategy, byDc);
    }
}
