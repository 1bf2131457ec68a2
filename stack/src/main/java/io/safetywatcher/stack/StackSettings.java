package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;

import java.nio.file.Path;
import java.time.Duration;

/** What the embedded stack needs to know, read once from the configuration. */
public record StackSettings(
        Path home,
        Path dir,
        String cassandraHost,
        int cassandraPort,
        int storagePort,
        String datacenter,
        String cassandraHeap,
        String kafkaHost,
        int kafkaPort,
        int controllerPort,
        String kafkaHeap,
        Duration startTimeout) {

    public static StackSettings from(WatcherConfig c) {
        Path home = c.getPath("watcher.home").toAbsolutePath().normalize();
        Path dir = c.getPath("stack.dir");
        return new StackSettings(
                home,
                (dir.isAbsolute() ? dir : Path.of("").toAbsolutePath().resolve(dir)).normalize(),
                c.get("cassandra.host"),
                c.getPort("cassandra.port"),
                c.getPort("cassandra.storage-port"),
                c.get("cassandra.datacenter"),
                c.get("cassandra.heap"),
                c.get("kafka.host"),
                c.getPort("kafka.port"),
                c.getPort("kafka.controller-port"),
                c.get("kafka.heap"),
                Duration.ofSeconds(c.getInt("stack.start-timeout")));
    }

    public String kafkaBootstrap() { return kafkaHost + ":" + kafkaPort; }

    Path logs() { return dir.resolve("logs"); }

    Path run() { return dir.resolve("run"); }
}
