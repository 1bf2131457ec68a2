package io.safetywatcher.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts, finds and stops one server's child JVM. The pid file alone is not trusted: a pid is
 * ours only if that process's command line carries our marker, so a stale pid file after a
 * {@code kill -9} or a reboot never points at a stranger.
 */
public final class ServerProcess {
    private final Server server;
    private final StackSettings settings;

    public ServerProcess(Server server, StackSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    public Server server() { return server; }

    public Path logFile() { return settings.logs().resolve(server.name() + ".log"); }

    private Path pidFile() { return settings.run().resolve(server.name() + ".pid"); }

    /** Identifies this server of this stack folder in a process's command line. */
    private String marker() { return "-Dwatcher.server=" + server.name() + "@" + settings.dir(); }

    /** The running process, if ours is running. */
    public Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile())) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle p) {
        // /proc gives the full command line even where ProcessHandle.Info truncates it.
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(marker());
            }
        } catch (IOException e) {
            return false;
        }
        return p.info().arguments().map(a -> List.of(a).contains(marker())).orElse(false);
    }

    /** Fails with the name of the port and the way out if any of the server's ports is taken. */
    public void checkPortsFree() {
        for (int port : server.ports()) {
            if (!portFree(server.host(), port)) {
                String key = portKey(port);
                throw new StackException(server.name() + " cannot start: port " + port + " on " + server.host() + " is already in use by another program. "
                        + (key == null ? "Stop that program (a cluster started from another folder, say: ./watcher cluster down --dir DIR), "
                                + "or choose other ports or addresses in the configuration."
                        : "Stop that program, or choose other ports (e.g. --set " + key + "=<port>, or "
                        + "WATCHER_" + key.toUpperCase().replace('.', '_').replace('-', '_') + ")."));
            }
        }
    }

    private String portKey(int port) {
        if (port == settings.cassandraPort()) return "cassandra.port";
        if (port == settings.storagePort()) return "cassandra.storage-port";
        if (port == settings.kafkaPort()) return "kafka.port";
        if (port == settings.consolePort()) return "console.port";
        if (port == settings.controllerPort()) return "kafka.controller-port";
        return null; // a Spark daemon's or a driver's: their keys are the cluster's (cluster.*)
    }

    static boolean portFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the servers themselves bind: TIME_WAIT from our last run is not "taken"
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Launches the child JVM, detached from our terminal so Ctrl-C here does not stop it. */
    public ProcessHandle start(Path javaBinary) throws IOException {
        if (!Files.isDirectory(server.classpath())) {
            throw new StackException("the " + server.name() + " server's classpath " + server.classpath()
                    + " is not built. Run 'mvn -B -DskipTests package' in " + settings.home() + " (./watcher does this on first run).");
        }
        StackFiles files = StackFiles.of(settings);
        files.createDirectories(settings.logs());
        files.createDirectories(settings.run());
        files.touch(logFile());
        server.prepare();
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // own session: survives the launcher and its terminal's signals
        }
        cmd.add(javaBinary.toString());
        cmd.add(marker());
        cmd.add("-cp");
        cmd.add(server.classpathSpec());
        cmd.addAll(server.jvmArguments());
        files.append(logFile(), "---- " + Instant.now() + " starting " + server.name() + "\n");
        ProcessBuilder pb = new ProcessBuilder(files.command(cmd));
        // The launcher's WATCHER_* settings (a user's own login, say) are not the stack's: none reaches a server.
        pb.environment().keySet().removeIf(k -> k.startsWith("WATCHER_"));
        pb.environment().putAll(server.environment());
        Process p = pb
                .directory(settings.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        files.write(pidFile(), Long.toString(p.pid()));
        return p.toHandle();
    }

    /**
     * Waits until the server answers a real request. Fails fast, with the tail of its log, if
     * the process dies meanwhile.
     */
    public void awaitHealthy(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Server.Health last = Server.Health.down("not probed yet");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException(server.name() + " died while starting. Last lines of " + logFile() + ":\n"
                        + String.join("\n", tail(40)));
            }
            last = server.probe();
            if (last.healthy()) {
                return;
            }
            sleep(300);
        }
        throw new StackException(server.name() + " did not become healthy within " + timeout.toSeconds() + " s (last probe: "
                + last.detail() + "). Last lines of " + logFile() + ":\n" + String.join("\n", tail(40)));
    }

    /** SIGTERM, then waits; SIGKILL only if it will not stop. Returns whether it stopped cleanly. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> p = running();
        if (p.isEmpty()) {
            deletePidFile();
            return true;
        }
        ProcessHandle h = p.get();
        h.destroy();
        boolean clean;
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            clean = true;
        } catch (Exception e) {
            h.destroyForcibly();
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // reported below as not clean
            }
            clean = false;
        }
        deletePidFile();
        return clean;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is harmless: running() checks the process behind it
        }
    }

    /** The last {@code n} lines of its log. */
    public List<String> tail(int n) {
        if (!Files.isRegularFile(logFile())) {
            return List.of("(no log yet)");
        }
        try (Stream<String> lines = Files.lines(logFile(), StandardCharsets.ISO_8859_1)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - n), all.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /**
     * Bytes its data folder takes on disk. From {@code du}, because Kafka preallocates sparse
     * index files whose apparent size is far above what they use.
     */
    public long dataSize() {
        if (!Files.isDirectory(server.dataDir())) {
            return 0;
        }
        try {
            Process du = new ProcessBuilder("du", "-sk", server.dataDir().toString()).redirectErrorStream(true).start();
            String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            du.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Resident memory of the running process, from /proc, in bytes; 0 if unknown. */
    public static long rss(ProcessHandle p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
