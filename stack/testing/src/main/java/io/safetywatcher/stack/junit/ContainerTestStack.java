package io.safetywatcher.stack.junit;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.StackException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.kafka.KafkaContainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cassandra and Kafka in Docker containers through Testcontainers, used where a Docker engine
 * answers. Only loaded when Testcontainers is on the test classpath.
 */
final class ContainerTestStack implements RunningStack {
    private final CassandraContainer cassandra;
    private final KafkaContainer kafka;
    private final StackEndpoints endpoints;

    private ContainerTestStack(CassandraContainer cassandra, KafkaContainer kafka, StackEndpoints endpoints) {
        this.cassandra = cassandra;
        this.kafka = kafka;
        this.endpoints = endpoints;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerTestStack start() {
        CassandraContainer cassandra = new CassandraContainer("cassandra:5.0");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        cassandra.start();
        kafka.start();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("cassandra.host", cassandra.getContactPoint().getHostString());
        flags.put("cassandra.port", Integer.toString(cassandra.getContactPoint().getPort()));
        flags.put("cassandra.datacenter", cassandra.getLocalDatacenter());
        flags.put("kafka.bootstrap", kafka.getBootstrapServers());
        WatcherConfig config = WatcherConfig.builder().flags(flags).build();
        try {
            Provisioning.createTopics(config);
            Provisioning.applySchema(config);
        } catch (Exception e) {
            kafka.stop();
            cassandra.stop();
            throw new StackException("the test containers started but could not be provisioned: " + e.getMessage(), e);
        }
        return new ContainerTestStack(cassandra, kafka, new StackEndpoints(config.get("kafka.bootstrap"),
                config.get("cassandra.host"), config.getPort("cassandra.port"), config.get("cassandra.datacenter"),
                config.get("cassandra.keyspace"), config));
    }

    @Override
    public StackEndpoints endpoints() { return endpoints; }

    @Override
    public void close() {
        kafka.stop();
        cassandra.stop();
    }
}
