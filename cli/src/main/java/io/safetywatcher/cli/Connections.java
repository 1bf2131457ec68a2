package io.safetywatcher.cli;

import io.safetywatcher.store.registry.RegistryTable;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.security.TlsProbe;
import io.safetywatcher.cql.CqlSessions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Properties;

/**
 * The one place the CLI connects to Cassandra and Kafka, from {@link WatcherConfig}. Every
 * command and the shell get their session and clients here, so how to connect (addresses,
 * timeouts, authentication and TLS) is decided once. The Cassandra session is opened
 * on first use and shared until {@link #close()}: a shell pays for the connection once.
 */
public final class Connections implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final WatcherConfig config;
    private CqlSession session;
    private Admin admin;

    public Connections(WatcherConfig config) {
        this.config = config;
    }

    public WatcherConfig config() { return config; }

    public String keyspace() { return config.get("cassandra.keyspace"); }

    /** The registry's tables, through the shared session. */
    public RegistryTable registry() { return new RegistryTable(cassandra(), keyspace()); }

    /** The shared session, its keyspace set to {@code cassandra.keyspace}. */
    public synchronized CqlSession cassandra() {
        if (session == null) {
            String where = config.get("cassandra.host") + ":" + config.getPort("cassandra.port");
            try {
                session = CqlSessions.builder(config) // contact points, credentials and TLS
                        .withKeyspace(keyspace())
                        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, TIMEOUT)
                                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, TIMEOUT)
                                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, TIMEOUT)
                                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.get("cassandra.consistency.read"))
                                // The CLI never needs the schema model or token-aware routing; skipping both makes connecting faster.
                                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                                // Closed when the command ends: the driver's default 2 s quiet period would only delay the exit.
                                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                                .build())
                        .build();
            } catch (AllNodesFailedException e) {
                if (e.getAllErrors().values().stream().flatMap(java.util.List::stream).anyMatch(t -> t instanceof AuthenticationException)) {
                    throw new IllegalStateException("Cassandra at " + where + " refused the credentials of user '"
                            + config.get("cassandra.username") + "' (check cassandra.username and cassandra.password-file)");
                }
                if (!config.getBoolean("cassandra.tls.enabled")
                        && TlsProbe.speaksTls(config.get("cassandra.host"), config.getPort("cassandra.port"), Duration.ofSeconds(3))) {
                    throw new IllegalStateException("Cassandra at " + where + " requires TLS, and this client is set for plaintext:"
                            + " set cassandra.tls.enabled=true and cassandra.tls.truststore (see docs/security.md)");
                }
                throw new IllegalStateException("cannot reach Cassandra at " + where + " (is the stack up? ./watcher stack status): "
                        + e.getMessage().lines().findFirst().orElse(""));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot open a Cassandra session at " + where + ": " + e.getMessage());
            }
        }
        return session;
    }

    /**
     * A consumer of the alert topic as a police desk reads it: in a consumer group, only
     * committed transactions, offsets committed by the caller after it has shown the records.
     */
    public KafkaConsumer<byte[], byte[]> alertConsumer(String group) {
        Properties p = kafkaProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer without a group, for reading from a chosen position (the demo's live view). */
    public KafkaConsumer<byte[], byte[]> plainConsumer() {
        Properties p = kafkaProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer (tests and tools that put records on a topic). */
    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The shared admin client (topic sizes, consumer-group lag). */
    public synchronized Admin kafkaAdmin() {
        if (admin == null) {
            Properties p = kafkaProperties();
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(p);
        }
        return admin;
    }

    /**
     * Fails within the admin timeout, with the address, when Kafka does not answer or the topic
     * is missing: a consumer would otherwise wait for the broker without a word.
     */
    public void requireTopic(String topic) {
        try {
            kafkaAdmin().describeTopics(java.util.List.of(topic)).allTopicNames().get(TIMEOUT.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            requirePlaintextKafka();
            throw new IllegalStateException("Kafka at " + config.get("kafka.bootstrap") + " cannot give topic " + topic + ": "
                    + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            requirePlaintextKafka();
            throw new IllegalStateException("cannot reach Kafka at " + config.get("kafka.bootstrap") + " (is the stack up? ./watcher stack status)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for " + topic);
        }
    }

    /** A plaintext client of a TLS listener only ever times out: say what is really wrong. */
    private void requirePlaintextKafka() {
        if (KafkaAccess.of(config).plaintext() && TlsProbe.speaksTls(config.get("kafka.bootstrap"), Duration.ofSeconds(3))) {
            throw new IllegalStateException("Kafka at " + config.get("kafka.bootstrap") + " requires TLS, and this client is set for"
                    + " plaintext: set kafka.security.protocol=SASL_SSL, kafka.tls.truststore and the SASL user (see docs/security.md)");
        }
    }

    private Properties kafkaProperties() {
        return kafkaProperties(config);
    }

    /** Bootstrap servers plus SASL/TLS from the access keys: every Kafka client of the CLI starts from these. */
    public static Properties kafkaProperties(WatcherConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
        return KafkaAccess.of(config).applyTo(p);
    }

    /** What the shell's prompt and start-up line say it is connected to. */
    public String describe() {
        return "cassandra " + config.get("cassandra.host") + ":" + config.get("cassandra.port") + "/" + keyspace()
                + ", kafka " + config.get("kafka.bootstrap");
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
