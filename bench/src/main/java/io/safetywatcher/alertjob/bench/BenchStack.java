package io.safetywatcher.alertjob.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.safetywatcher.common.config.KafkaTopics;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bench's own connections to the stack the job uses: a Kafka admin for its throw-away
 * topics and a Cassandra session for the registry, the bare insert loop and the row counts.
 * Opening it is the reachability check, so an absent stack is one clear message.
 */
final class BenchStack implements AutoCloseable {
    /** The stack is not there, or not ready; the message says which part and what to do. */
    static final class Unreachable extends Exception {
        Unreachable(String message) { super(message); }
    }

    private final WatcherConfig config;
    private final Admin admin;
    private final CqlSession session;

    private BenchStack(WatcherConfig config, Admin admin, CqlSession session) {
        this.config = config;
        this.admin = admin;
        this.session = session;
    }

    /** Runs a bench's command line: a configuration error or an unreachable stack is one line and status 1. */
    static BenchStack connect(WatcherConfig config) throws Unreachable {
        String bootstrap = config.get("kafka.bootstrap");
        String cassandra = config.get("cassandra.host") + ":" + config.get("cassandra.port");
        String hint = " Start the embedded stack first (./watcher stack up) or point the configuration at yours.";
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        Admin admin = Admin.create(p);
        try {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            admin.close(Duration.ZERO);
            throw new Unreachable("Kafka at " + bootstrap + " does not answer." + hint);
        }
        CqlSession session;
        try {
            session = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress(config.get("cassandra.host"), config.getPort("cassandra.port")))
                    .withLocalDatacenter(config.get("cassandra.datacenter"))
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                            .build())
                    .build();
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw new Unreachable("Cassandra at " + cassandra + " does not answer (" + e.getMessage() + ")." + hint);
        }
        String ks = config.get("cassandra.keyspace");
        if (session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", ks).one() == null) {
            session.close();
            admin.close(Duration.ZERO);
            throw new Unreachable("Cassandra at " + cassandra + " has no keyspace '" + ks + "': the schema is not applied."
                    + " ./watcher stack up applies it.");
        }
        return new BenchStack(config, admin, session);
    }

    CqlSession session() { return session; }

    /**
     * A producer with the simulator's settings (compression, linger, acks=all), so the job reads
     * what it reads in production. The caller closes it.
     */
    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.get("simulator.compression"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(config.getDuration("simulator.linger").toMillis()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    String keyspace() { return config.get("cassandra.keyspace"); }

    /** Every contract topic under the given prefix, sized as the configuration says. */
    void createTopics(Topics topics) {
        KafkaTopics.ensure(admin, config, topics.all());
    }

    /**
     * Removes what a run created under its prefix (the job's commit topic included). Checked
     * again after a pause: a client still closing can ask for a topic's metadata once more and
     * so have the broker auto-create it again.
     */
    void deleteTopics(String prefix) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<String> mine = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).toList();
            if (mine.isEmpty()) {
                return;
            }
            admin.deleteTopics(mine).all().get(60, TimeUnit.SECONDS);
            Thread.sleep(3_000);
        }
    }

    /**
     * Puts a zone and its sensors into the registry the job enriches from. Upserts: a later run
     * with the same ids changes nothing.
     */
    void register(String zone, List<BenchSensor> sensors) {
        register(zone, "Benchmark zone (./watcher bench ingest)", sensors);
    }

    /** As {@link #register(String, List)}, with the zone's name saying which bench made it. */
    void register(String zone, String name, List<BenchSensor> sensors) {
        RegistryTable registry = new RegistryTable(session, keyspace());
        registry.write(new Zone(zone, name, "square", 1000.0, null, null, 1, null, null, null, null, null));
        registry.writeAll(sensors.stream().map(s -> Device.sensor(s.id(), zone, s.type().id(), null, s.type().unit(), null)).toList());
    }

    /** Records in a topic so far: the sum of its partitions' end offsets. */
    long records(String topic) throws Exception {
        var parts = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        parts.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    @Override
    public void close() {
        session.close();
        admin.close(Duration.ofSeconds(5));
    }
}
