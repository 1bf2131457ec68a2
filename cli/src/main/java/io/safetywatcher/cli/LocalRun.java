package io.safetywatcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.cli.program.ChildProgram;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.stack.StackCommand;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The system on this machine, as {@code demo} and {@code eval --suite} run it: the embedded
 * stack, then the alert job and the simulator as child programs of the launcher, each with
 * its log under the stack folder.
 */
public final class LocalRun {
    private final WatcherConfig config;
    private final Path home;
    private final Path stackDir;
    private final Path logs;

    private LocalRun(WatcherConfig config, Path home, Path stackDir, Path logs) {
        this.config = config;
        this.home = home;
        this.stackDir = stackDir;
        this.logs = logs;
    }

    /**
     * Brings up the stack {@code config} names ({@code stack up}, idempotent), its progress on
     * {@code progress} (stderr for a command whose stdout is a report); null when that failed (it
     * has said why). The caller's settings go with it, so a caller pointed at another stack (a
     * test's) does not start the default one beside it.
     */
    public static LocalRun up(WatcherConfig config, Path dir, java.io.PrintWriter progress) throws IOException {
        List<String> up = new ArrayList<>(List.of("up"));
        io.safetywatcher.cli.program.ChildProgram.overrides(config).forEach((key, value) -> up.addAll(List.of("--set", key + "=" + value)));
        if (dir != null) {
            up.addAll(List.of("--dir", dir.toString()));
        }
        if (StackCommand.run(progress, up.toArray(String[]::new)) != 0) {
            return null;
        }
        Path stackDir = Path.of(config.get("stack.dir")).toAbsolutePath();
        return new LocalRun(config, Path.of(config.get("watcher.home")).toAbsolutePath(), stackDir,
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
    public Process startAlertJob(Path checkpoint, Path log) throws Exception {
        return startAlertJob(checkpoint, log, null);
    }

    /** @param rules a rule file merged over the defaults, or null */
    public Process startAlertJob(Path checkpoint, Path log, Path rules) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("alert-job", "--trigger", "continuous", "--interval", "1s",
                "--checkpoint", checkpoint.toString(), "--starting-offsets", "latest"));
        if (rules != null) {
            args.addAll(List.of("--rules", rules.toAbsolutePath().toString()));
        }
        boolean fresh = !Files.isDirectory(checkpoint);
        Process job = launch(log, args.toArray(String[]::new));
        if (!awaitLine(job, log, "queries running", Duration.ofMinutes(3))) {
            job.destroy();
            throw new IllegalStateException("the alert job did not start; the end of its log " + log + ":\n" + tail(log, 30));
        }
        if (fresh) {
            Thread.sleep(8000); // let its first micro-batch pin the Kafka offsets at 'latest'
        }
        return job;
    }

    /** A checkpoint folder no job has used. */
    public Path newCheckpoint(String name) {
        return stackDir.resolve("checkpoints").resolve(name + "-" + System.currentTimeMillis());
    }

    /**
     * Waits until every query of the job on {@code checkpoint} has committed a micro-batch
     * reaching the current end of each topic it reads (Spark's offset log: {@code offsets/N}
     * holds batch N's end offsets, {@code commits/N} says it finished). A log that has gone
     * quiet proves nothing on a loaded machine, where one batch can take a minute. Every batch
     * already begun at the first look must have committed too: the alert sink publishes before it
     * writes its rows, so an alert seen on the topic may belong to a batch still writing.
     *
     * @return true when caught up, false when {@code max} passed or the job stopped first
     */
    public boolean awaitCaughtUp(Process job, Path checkpoint, Duration max) throws Exception {
        return awaitCaughtUp(config, job, checkpoint, max);
    }

    /** The same for a job started by someone else (the demo) against {@code config}'s Kafka. */
    public static boolean awaitCaughtUp(WatcherConfig config, Process job, Path checkpoint, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        Properties p = Connections.kafkaProperties(config);
        Map<Path, Long> begun = new HashMap<>();
        io.safetywatcher.common.config.Topics topics = io.safetywatcher.common.config.Topics.of(config);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            while (System.nanoTime() < deadline && job.isAlive()) {
                if (caughtUp(c, checkpoint, begun) && (Files.isDirectory(checkpoint.resolve("detect")) || directCaughtUp(c, admin, checkpoint, topics))) {
                    return true;
                }
                Thread.sleep(2000);
            }
        }
        return false;
    }

    /**
     * Direct detection (no detect query under the checkpoint) commits its offsets to its own
     * consumer group in each transaction: caught up when they reach the end of every input.
     */
    private static boolean directCaughtUp(KafkaConsumer<byte[], byte[]> c, org.apache.kafka.clients.admin.Admin admin, Path checkpoint,
                                          io.safetywatcher.common.config.Topics topics) throws Exception {
        String group = io.safetywatcher.alertjob.direct.DirectDetect.groupFor(checkpoint.toAbsolutePath());
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, java.util.concurrent.TimeUnit.SECONDS);
        List<TopicPartition> inputs = new ArrayList<>();
        for (String t : io.safetywatcher.alertjob.direct.DirectDetect.inputTopics(topics)) {
            c.partitionsFor(t, Duration.ofSeconds(30)).forEach(pi -> inputs.add(new TopicPartition(t, pi.partition())));
        }
        for (Map.Entry<TopicPartition, Long> e : c.endOffsets(inputs, Duration.ofSeconds(30)).entrySet()) {
            org.apache.kafka.clients.consumer.OffsetAndMetadata o = committed.get(e.getKey());
            if (o == null || o.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** @param begun per query, the newest batch begun when it was first looked at (filled on the first look) */
    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Path checkpoint, Map<Path, Long> begun) throws IOException {
        List<Path> queries;
        try (Stream<Path> dirs = Files.list(checkpoint)) {
            queries = dirs.filter(d -> Files.isDirectory(d.resolve("offsets"))).toList();
        }
        if (queries.isEmpty()) {
            return false;
        }
        for (Path q : queries) {
            long started = begun.computeIfAbsent(q, k -> lastBatchOrNone(k.resolve("offsets")));
            long batch = lastBatch(q.resolve("commits"));
            if (batch < 0 || batch < started) {
                return false;
            }
            List<String> lines = Files.readAllLines(q.resolve("offsets").resolve(Long.toString(batch)));
            JsonNode done = Json.MAPPER.readTree(lines.get(lines.size() - 1)); // after "v1" and the batch metadata
            Map<TopicPartition, Long> reached = new HashMap<>();
            done.fields().forEachRemaining(t -> t.getValue().fields().forEachRemaining(
                    part -> reached.put(new TopicPartition(t.getKey(), Integer.parseInt(part.getKey())), part.getValue().asLong())));
            Map<TopicPartition, Long> end = c.endOffsets(reached.keySet(), Duration.ofSeconds(30));
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (reached.get(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long lastBatchOrNone(Path dir) {
        try {
            return lastBatch(dir);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long lastBatch(Path commits) throws IOException {
        if (!Files.isDirectory(commits)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(-1);
        }
    }

    /** {@code ./watcher <args>} as a child with this run's configuration, its output to {@code log}. */
    public Process launch(Path log, String... args) throws IOException {
        return ChildProgram.watcher(config, List.of(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
