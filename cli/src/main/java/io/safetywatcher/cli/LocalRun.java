package io.safetywatcher.cli;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.StackCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The system on this machine, as {@code demo} and {@code eval --suite} run it: the embedded
 * stack, then the alert job and the simulator as child programs of the launcher, each with
 * its log under the stack folder.
 */
public final class LocalRun {
    private final Path home;
    private final Path stackDir;
    private final Path logs;

    private LocalRun(Path home, Path stackDir, Path logs) {
        this.home = home;
        this.stackDir = stackDir;
        this.logs = logs;
    }

    /** Brings the stack up ({@code stack up}, idempotent); null when that failed (it has said why). */
    public static LocalRun up(WatcherConfig config, Path dir) throws IOException {
        List<String> up = new ArrayList<>(List.of("up"));
        if (dir != null) {
            up.addAll(List.of("--dir", dir.toString()));
        }
        if (StackCommand.run(up.toArray(String[]::new)) != 0) {
            return null;
        }
        Path stackDir = Path.of(config.get("stack.dir")).toAbsolutePath();
        return new LocalRun(Path.of(config.get("watcher.home")).toAbsolutePath(), stackDir,
                Files.createDirectories(stackDir.resolve("logs")));
    }

    public Path home() { return home; }

    public Path stackDir() { return stackDir; }

    public Path log(String name) { return logs.resolve(name); }

    /**
     * Starts the alert job on a fresh checkpoint, reading from the topics' current end, and
     * returns once its first micro-batch has pinned those offsets (so what is simulated next
     * is all read). Throws with the end of its log if it does not come up.
     */
    public Process startAlertJob(String name, Path log) throws Exception {
        Path checkpoint = stackDir.resolve("checkpoints").resolve(name + "-" + System.currentTimeMillis());
        Process job = launch(log, "alert-job", "--trigger", "continuous", "--interval", "1s",
                "--checkpoint", checkpoint.toString(), "--starting-offsets", "latest");
        if (!awaitLine(job, log, "queries running", Duration.ofMinutes(3))) {
            job.destroy();
            throw new IllegalStateException("the alert job did not start; the end of its log " + log + ":\n" + tail(log, 30));
        }
        Thread.sleep(8000); // let its first micro-batch pin the Kafka offsets at 'latest'
        return job;
    }

    /** {@code ./watcher <args>} as a child, its output to {@code log}. */
    public Process launch(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("watcher").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WATCHER_NO_BUILD", "1"); // this very command was started by a fresh build
        return pb.start();
    }

    /** Stops a child the way Ctrl-C would (SIGTERM: Spark stops its queries, the checkpoint stays consistent). */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        p.waitFor();
    }

    public static boolean awaitLine(Process p, Path log, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** The last {@code n} lines of a log, indented, for an error message. */
    public static String tail(Path log, int n) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        StringBuilder b = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - n), lines.size()).forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }
}
