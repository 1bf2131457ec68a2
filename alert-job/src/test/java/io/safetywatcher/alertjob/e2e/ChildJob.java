package io.safetywatcher.alertjob.e2e;

import io.safetywatcher.alertjob.Main;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The alert job as an operator runs it: {@code io.safetywatcher.alertjob.Main} in a JVM of its
 * own (the test JVM's classpath and Spark's --add-opens), so a test can {@code kill -9} it and
 * start it again on the same checkpoint. Every run appends its stdout and stderr to one log file.
 */
final class ChildJob implements AutoCloseable {
    private final WatcherConfig config;
    private final Path checkpoint;
    private final Path log;
    private final Path workDir;
    private Process process;
    private long logOffset;
    private int starts;

    ChildJob(WatcherConfig config, Path checkpoint, Path log) {
        this.config = config;
        this.checkpoint = checkpoint;
        this.log = log;
        this.workDir = log.getParent().resolve("job-work");
    }

    /** Starts a run in continuous mode with a 1 s trigger; the previous run must have ended. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the job is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.getParent());
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "---- " + Instant.now() + " test starts the job (run " + (starts + 1) + ")\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command())
                    .directory(workDir.toFile()) // no stray ./watcher.properties is picked up
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("WATCHER_") || k.startsWith("SPARK_"));
            process = pb.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> command() {
        return command("1g", config, List.of("--trigger", "continuous", "--interval", "1s", "--checkpoint", checkpoint.toAbsolutePath().toString()));
    }

    /** {@code io.safetywatcher.alertjob.Main} with these arguments in a JVM of {@code heap}, the configuration's non-default keys as --set. */
    static List<String> command(String heap, WatcherConfig config, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms128m");
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(sparkOpens());
        String home = System.getProperty("watcher.home");
        if (home != null && !home.isBlank()) {
            cmd.add("-Dwatcher.home=" + home);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        for (Map.Entry<String, WatcherConfig.Setting> e : config.settings().entrySet()) {
            if (!"default".equals(e.getValue().source())) {
                cmd.add("--set");
                cmd.add(e.getKey() + "=" + e.getValue().value());
            }
        }
        return cmd;
    }

    /** What the surefire argLine gave this JVM (the root pom's spark.test.opens): the child needs the same. */
    static List<String> sparkOpens() {
        List<String> opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect.useDirectMethodHandle"))
                .toList();
        if (opens.stream().noneMatch(a -> a.startsWith("--add-opens=java.base/sun.nio.ch"))) {
            throw new IllegalStateException("this JVM was started without Spark's --add-opens (the surefire argLine "
                    + "${spark.test.opens}); run the test through Maven. JVM arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
        return opens;
    }

    boolean alive() { return process != null && process.isAlive(); }

    /** The exit status of the last run, or null while it runs. */
    Integer exitCode() { return process == null || process.isAlive() ? null : process.exitValue(); }

    /** Exit statuses of earlier runs that ended on their own (not killed by the test). */
    final List<Integer> exits = new ArrayList<>();

    /**
     * What a launcher does for the job: if the run has exited with the supervisor's "restart me"
     * status (75: a query was stuck and could not be stopped), start it again on the same
     * checkpoint and return true. Any other exit is a failure.
     */
    boolean relaunchIfAsked() {
        Integer code = exitCode();
        if (code == null) {
            return false;
        }
        exits.add(code);
        if (code != 75) {
            throw new AssertionError("the job exited with status " + code + ". Last lines of " + log + ":\n" + tail(80));
        }
        System.err.println("[job launcher] the job exited with status 75 (asks to be restarted): starting it again");
        start();
        return true;
    }

    long pid() { return process.pid(); }

    int starts() { return starts; }

    /** kill -9. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the job (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This run's output so far. */
    String runOutput() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Lines of every run's output that match. */
    List<String> allLines(Predicate<String> which) {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(which).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Lines of this run's output that match. */
    List<String> runLines(Predicate<String> which) {
        return runOutput().lines().filter(which).toList();
    }

    /**
     * Waits until this run's output has at least {@code count} lines that match; fails at once,
     * with the log's tail, if the job dies meanwhile.
     */
    void awaitLines(Predicate<String> which, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runLines(which).size() < count) {
            if (!alive()) {
                throw new AssertionError("the job exited (code " + process.exitValue() + ") while the test waited for its output. "
                        + "Last lines of " + log + ":\n" + tail(60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job did not print what the test waited for within " + timeout.toSeconds() + " s "
                        + "(threads: " + threadDump() + "). Last lines of " + log + ":\n" + tail(60));
            }
            Thread.sleep(50);
        }
    }

    /**
     * A thread dump of the running job (jcmd Thread.print), appended to a file next to the log,
     * for a test that gives up waiting: where it hangs is the first thing to know. Returns the file.
     */
    Path threadDump() {
        Path out = log.resolveSibling("job-threads.txt");
        if (!alive()) {
            return out;
        }
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()),
                    "Thread.print").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** The last lines of the whole log (every run). */
    String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() { return log; }

    @Override
    public void close() {
        kill();
    }

    /** A batch log line of either query: "batch N: ..." from the ingest or the alerts logger. */
    static boolean isBatchLine(String line) {
        return line.contains(" ingest - batch ") || line.contains(" alerts - batch ");
    }

    static boolean isIngestBatchLine(String line) {
        return line.contains(" ingest - batch ");
    }
}
