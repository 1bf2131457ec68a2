package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.cql.AppliedMigration;
import io.safetywatcher.cql.Migrator;
import io.safetywatcher.cql.Replication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.lang.management.ManagementFactory;
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
        int partitions = config.getInt("topics.partitions");
        short replication = (short) config.getInt("topics.replication");
        try (Admin admin = Admin.create(KafkaServer.clientProps(config.get("kafka.bootstrap")))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.of(config).all().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    /** Applies pending schema migrations; returns what it applied now. */
    public static List<AppliedMigration> applySchema(WatcherConfig config) {
        try (CqlSession session = CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), Duration.ofSeconds(30))) {
            return migrator(session, config).migrate();
        }
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
