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
        Duration startTimeout,
        boolean secure,
        String keyspace,
        String consoleHost,
        int consolePort) {

    public static StackSettings from(WatcherConfig c) {
        Path home = c.getPath("watcher.home").toAbsolutePath().normalize();
        Path configured = c.getPath("stack.dir");
        Path dir = (configured.isAbsolute() ? configured : Path.of("").toAbsolutePath().resolve(configured)).normalize();
        return new StackSettings(
                home,
                dir,
                c.get("cassandra.host"),
                c.getPort("cassandra.port"),
                c.getPort("cassandra.storage-port"),
                c.get("cassandra.datacenter"),
                c.get("cassandra.heap"),
                c.get("kafka.host"),
                c.getPort("kafka.port"),
                c.getPort("kafka.controller-port"),
                c.get("kafka.heap"),
                Duration.ofSeconds(c.getInt("stack.start-timeout")),
                // A folder made secure stays secure: its servers were set up with passwords and TLS.
                c.getBoolean("stack.secure") || StackSecrets.present(dir),
                c.get("cassandra.keyspace"),
                c.get("console.host"),
                c.getPort("console.port"));
    }

    public String kafkaBootstrap() { return kafkaHost + ":" + kafkaPort; }

    /** Where the console (the action service and the desk page) answers: HTTPS on a secure stack. */
    public java.net.URI consoleAddress() {
        String h = consoleHost;
        return java.net.URI.create((secure ? "https" : "http") + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + consolePort);
    }

    Path logs() { return dir.resolve("logs"); }

    Path run() { return dir.resolve("run"); }

    /** Passwords, keys and the clients' configuration files of a secure stack. */
    public Path secrets() { return dir.resolve("secrets"); }
}
