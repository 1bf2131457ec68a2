package io.safetywatcher.stack.junit;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.Stack;
import io.safetywatcher.stack.StackException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack module's own child JVMs, on free ports, under {@code target/test-stack}: what
 * tests get where no Docker engine runs, which is every machine of this project.
 */
final class EmbeddedTestStack implements RunningStack {
    private final Stack stack;
    private final StackEndpoints endpoints;

    private EmbeddedTestStack(Stack stack, StackEndpoints endpoints) {
        this.stack = stack;
        this.endpoints = endpoints;
    }

    static EmbeddedTestStack start() {
        Path dir = Path.of("target", "test-stack").toAbsolutePath();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("watcher.home", home().toString());
        flags.put("stack.dir", dir.toString());
        flags.put("cassandra.port", Integer.toString(freePort()));
        flags.put("cassandra.storage-port", Integer.toString(freePort()));
        flags.put("kafka.port", Integer.toString(freePort()));
        flags.put("kafka.controller-port", Integer.toString(freePort()));
        flags.put("console.port", Integer.toString(freePort()));
        WatcherConfig config = WatcherConfig.builder().flags(flags).build();
        Stack stack = Stack.of(config);
        // A test stack left over from a killed test run holds stale ports: start afresh.
        stack.down(line -> { });
        deleteRecursively(dir);
        stack = Stack.of(config);
        stack.up(line -> System.err.println("[test stack] " + line));
        try {
            Provisioning.createTopics(config);
            Provisioning.applySchema(config);
            stack.startConsole(line -> System.err.println("[test stack] " + line));
        } catch (Exception e) {
            stack.down(line -> { });
            throw new StackException("the test stack started but could not be provisioned: " + e.getMessage(), e);
        }
        Stack running = stack;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.down(line -> { })));
        return new EmbeddedTestStack(stack, new StackEndpoints(config.get("kafka.bootstrap"), config.get("cassandra.host"),
                config.getPort("cassandra.port"), config.get("cassandra.datacenter"), config.get("cassandra.keyspace"), config));
    }

    @Override
    public StackEndpoints endpoints() { return endpoints; }

    /** Kills the servers rather than waiting for a clean shutdown: the next start deletes the folder anyway. */
    @Override
    public void close() {
        stack.processes().forEach(p -> p.stop(java.time.Duration.ZERO));
        System.err.println("[test stack] killed");
    }

    /** The repository root: what the build passes, else the nearest folder above with the stack's servers. */
    static Path home() {
        String prop = System.getProperty("watcher.home");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "stack", "servers"))) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("stack").resolve("servers"))) {
                return p;
            }
        }
        throw new StackException("cannot find the repository root (set -Dwatcher.home)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new StackException("no free port: " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new StackException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}
