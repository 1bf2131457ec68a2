package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded default: a real Cassandra node and a real Kafka broker as child JVMs, with
 * everything they keep under one folder, and once they are provisioned the action service
 * ({@link #startConsole}). Starting is idempotent: what runs is left alone.
 */
public final class Stack {
    private final StackSettings settings;
    private final List<ServerProcess> processes;

    public Stack(StackSettings settings) {
        this.settings = settings;
        this.processes = List.of(
                new ServerProcess(new CassandraServer(settings), settings),
                new ServerProcess(new KafkaServer(settings), settings),
                new ServerProcess(new ConsoleServer(settings), settings));
    }

    public static Stack of(WatcherConfig config) { return new Stack(StackSettings.from(config)); }

    public StackSettings settings() { return settings; }

    public List<ServerProcess> processes() { return processes; }

    public ServerProcess process(String name) {
        return processes.stream().filter(p -> p.server().name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException("no server named '" + name + "': choose cassandra, kafka or console"));
    }

    /** One server's state, as {@code stack status} shows it. */
    public record ServerStatus(String name, Long pid, int port, boolean running, boolean healthy, String detail,
                               long dataBytes, long rssBytes) {}

    /**
     * Starts every server that is not running (both at once: Kafka is up while Cassandra
     * still boots) and waits until each answers a real request.
     */
    public void up(Consumer<String> progress) {
        JavaRuntime.require17();
        if (settings.secure()) {
            StackSecrets.of(settings); // made once, before either server writes its configuration
            try {
                // A secure folder made before its data was private: take the others' access away.
                StackFiles.of(settings).tighten(settings.dir());
            } catch (IOException e) {
                throw new StackException("cannot make " + settings.dir() + " private: " + e.getMessage(), e);
            }
        }
        record Started(ServerProcess process, ProcessHandle handle) {}
        List<Started> started = new java.util.ArrayList<>();
        for (ServerProcess p : processes.subList(0, 2)) {
            Optional<ProcessHandle> running = p.running();
            if (running.isPresent()) {
                progress.accept(p.server().name() + " is already running (pid " + running.get().pid() + ")");
                started.add(new Started(p, running.get()));
                continue;
            }
            p.checkPortsFree();
            try {
                ProcessHandle h = p.start(JavaRuntime.java());
                progress.accept("starting " + p.server().name() + " (pid " + h.pid() + ", log " + p.logFile() + ")");
                started.add(new Started(p, h));
            } catch (IOException e) {
                throw new StackException("cannot start " + p.server().name() + ": " + e.getMessage(), e);
            }
        }
        for (Started s : started) {
            long t0 = System.nanoTime();
            s.process().awaitHealthy(s.handle(), settings.startTimeout());
            progress.accept(s.process().server().name() + " healthy on port " + s.process().server().port()
                    + String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * Starts the action service if it is not running and waits until it answers: after
     * {@link Provisioning#provision}, because it logs in with its own role and prepares its
     * statements on the operators' tables.
     */
    public void startConsole(Consumer<String> progress) {
        ServerProcess p = processes.get(2);
        Optional<ProcessHandle> running = p.running();
        if (running.isPresent()) {
            progress.accept("console is already running (pid " + running.get().pid() + ")");
            return;
        }
        p.checkPortsFree();
        ProcessHandle h;
        try {
            h = p.start(JavaRuntime.java());
        } catch (IOException e) {
            throw new StackException("cannot start the action service: " + e.getMessage(), e);
        }
        progress.accept("starting console (pid " + h.pid() + ", log " + p.logFile() + ")");
        long t0 = System.nanoTime();
        p.awaitHealthy(h, settings.startTimeout());
        progress.accept("console healthy at " + ((ConsoleServer) p.server()).address()
                + String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9));
    }

    public List<ServerStatus> status() {
        return processes.stream().map(p -> {
            Optional<ProcessHandle> h = p.running();
            Server.Health health = h.isPresent() ? p.server().probe() : Server.Health.down("not running");
            return new ServerStatus(p.server().name(), h.map(ProcessHandle::pid).orElse(null), p.server().port(),
                    h.isPresent(), health.healthy(), health.detail(), p.dataSize(), h.map(ServerProcess::rss).orElse(0L));
        }).toList();
    }

    /** Stops the action service, Kafka, then Cassandra, each with SIGTERM and a grace period. */
    public void down(Consumer<String> progress) {
        for (ServerProcess p : List.of(processes.get(2), processes.get(1), processes.get(0))) {
            Optional<ProcessHandle> h = p.running();
            if (h.isEmpty()) {
                progress.accept(p.server().name() + " is not running");
                continue;
            }
            boolean clean = p.stop(Duration.ofSeconds(60));
            progress.accept(p.server().name() + (clean ? " stopped" : " did not stop within 60 s and was killed"));
        }
    }
}
