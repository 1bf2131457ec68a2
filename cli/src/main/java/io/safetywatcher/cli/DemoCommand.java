package io.safetywatcher.cli;

import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./watcher demo}: the system end to end on the embedded stack. It brings the stack up,
 * starts the alert job on a fresh checkpoint, runs the simulator's scripted timeline through
 * Kafka, prints each alert as a police desk receives it, and fails if an expected one never came.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the system end to end on the embedded stack: simulator -> Kafka -> alert job -> alerts, live.")
final class DemoCommand implements Callable<Integer> {
    static final String SCENARIO = "simulator/scenarios/demo-sensors.yaml";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--dir", paramLabel = "DIR", description = "Stack folder (default .watcher).")
    Path dir;

    @Option(names = "--timeout", defaultValue = "240s", description = "How long to wait for the expected alerts (${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (dir != null) {
            flags.put("stack.dir", dir.toString());
        }
        WatcherConfig config = WatcherConfig.load(null, flags);
        Duration wait = WatcherConfig.parseDuration(timeout);

        say("1/4  bringing up the embedded stack (a real Cassandra and a real Kafka)");
        LocalRun run = LocalRun.up(config, dir);
        if (run == null) {
            return 1;
        }
        Path home = run.home();
        Path stackDir = run.stackDir();
        Scenario scenario = Scenario.read(home.resolve(SCENARIO));
        Path jobLog = run.log("demo-alert-job.log");
        Path simLog = run.log("demo-simulator.log");

        say("2/4  starting the alert job (Spark, fresh checkpoint; log " + jobLog + ")");
        Process job;
        try {
            job = run.startAlertJob(run.newCheckpoint("demo"), jobLog);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        try (AlertFeed feed = new AlertFeed(config)) {
            Instant start = Instant.now().minus(scenario.duration()).truncatedTo(ChronoUnit.SECONDS);
            say("3/4  simulating " + scenario.duration().toMinutes() + " minutes of the city (" + SCENARIO + ") at 120x; incidents:");
            scenario.incidents().forEach(i -> System.out.println("       " + i));
            Process sim = run.launch(simLog, "simulate", "--scenario", home.resolve(SCENARIO).toString(), "--start", start.toString(),
                    "--speed", "120", "--no-frames", "--truth", stackDir.resolve("demo-truth.jsonl").toString());
            if (sim.waitFor() != 0) {
                return fail("the simulator failed; the end of its log:", simLog);
            }

            say("4/4  alerts as a police desk receives them (" + Topics.of(config).alerts() + ", read_committed):");
            TreeSet<String> expected = new TreeSet<>(scenario.expectedAlertTypes());
            TreeSet<String> fired = new TreeSet<>();
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline && !fired.containsAll(expected) && job.isAlive()) {
                for (Alert a : feed.poll()) {
                    System.out.printf("  %s  %-8s %-9s %-21s %-19s %s%n", CLOCK.format(Instant.now()), a.state(), a.severity().id(),
                            a.type().id(), a.zone(), a.summary());
                    if (a.state() == AlertState.FIRING) {
                        fired.add(a.type().id());
                    }
                }
            }
            TreeSet<String> missing = new TreeSet<>(expected);
            missing.removeAll(fired);
            System.out.println();
            if (!job.isAlive()) {
                return fail("the alert job stopped; the end of its log:", jobLog);
            }
            if (!missing.isEmpty()) {
                System.out.println("Expected alerts that never came within " + timeout + ": " + String.join(", ", missing));
                System.out.println("The job's log: " + jobLog);
                return 1;
            }
            System.out.println("Every scripted incident raised its alert: " + String.join(", ", expected) + ".");
        } finally {
            LocalRun.stop(job);
        }
        System.out.println();
        System.out.println("Not part of this demo yet: camera-based alerts (vision), the analytics job, the operator shell.");
        System.out.println("Try next:");
        System.out.println("  ./watcher stack status                      the servers, their health and memory");
        System.out.println("  ./watcher simulate --duration 10m           a live city, with rendered camera frames");
        System.out.println("  ./watcher alert-job                         the job, continuously, one log line per micro-batch");
        System.out.println("  ./watcher stack down                        stop the servers (data stays in " + stackDir + ")");
        return 0;
    }

    private static int fail(String what, Path log) throws IOException {
        System.err.println("error: " + what);
        System.err.print(LocalRun.tail(log, 30));
        return 1;
    }

    private static void say(String s) {
        System.out.println();
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + s);
    }

    /** The scenario's duration and incidents, read just enough to know what to expect. */
    record Scenario(Duration duration, List<String> incidents) {
        private static final Pattern DURATION = Pattern.compile("(?m)^duration:\\s*(\\S+)");
        private static final Pattern INCIDENT = Pattern.compile("(?m)^\\s*-\\s*\\{type:\\s*([a-z-]+),\\s*zone:\\s*([a-z-]+),\\s*at:\\s*(\\S+?)[,}]");

        static Scenario read(Path file) throws IOException {
            String text = Files.readString(file);
            Matcher d = DURATION.matcher(text);
            if (!d.find()) {
                throw new IllegalStateException(file + " has no duration");
            }
            List<String> incidents = new ArrayList<>();
            Matcher m = INCIDENT.matcher(text);
            while (m.find()) {
                incidents.add(m.group(1) + " in " + m.group(2) + " at +" + m.group(3));
            }
            return new Scenario(WatcherConfig.parseDuration(d.group(1)), incidents);
        }

        List<String> expectedAlertTypes() {
            return incidents.stream().map(i -> i.substring(0, i.indexOf(' '))).distinct().toList();
        }
    }

    /** The alert topic from its current end, read as a police desk reads it. */
    static final class AlertFeed implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        AlertFeed(WatcherConfig config) {
            Properties p = KafkaAccess.of(config).applyTo(new Properties());
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.of(config).alerts(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30))); // pin "now" before anything is simulated
        }

        List<Alert> poll() {
            List<Alert> out = new ArrayList<>();
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                Decoded<Alert> d = AlertCodec.decode(r.value());
                if (d.isOk()) {
                    out.add(d.value());
                }
            });
            return out;
        }

        @Override
        public void close() { consumer.close(); }
    }
}
