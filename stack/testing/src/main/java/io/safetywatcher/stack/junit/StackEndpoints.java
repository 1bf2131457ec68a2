package io.safetywatcher.stack.junit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.CassandraServer;

import java.time.Duration;

/**
 * Where a test's real Cassandra and Kafka are, and a configuration already pointing at them
 * (pass {@link #config()} to the code under test; it carries the ports and the keyspace).
 */
public record StackEndpoints(String kafkaBootstrap, String cassandraHost, int cassandraPort, String datacenter,
                             String keyspace, WatcherConfig config) {

    /** A new session on the test Cassandra; the caller closes it. */
    public CqlSession openSession() {
        return CassandraServer.openSession(cassandraHost, cassandraPort, datacenter, Duration.ofSeconds(30));
    }
}
