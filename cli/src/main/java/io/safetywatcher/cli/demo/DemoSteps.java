package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.LocalRun;
import io.safetywatcher.cli.Main;
import io.safetywatcher.cli.program.ChildProgram;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.stack.StackCommand;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The demo's steps. */
final class DemoSteps {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private DemoSteps() {}

    static final class StackUp implements DemoStep {
        @Override
        public String title(DemoRun run) {
            return run.useRunningStack ? "checking the running stack (" + run.connections.describe() + ")"
                    : "bringing up the embedded stack (a real Cassandra and a real Kafka)";
        }

        @Override
        public int run(DemoRun run) {
            if (run.useRunningStack) {
                run.connections.cassandra(); // fails with "cannot reach Cassandra at ..." if it is not there
                return 0;
            }
            List<String> up = new ArrayList<>(List.of("up"));
            if (run.dirFlag != null) {
                up.addAll(List.of("--dir", run.dirFlag.toString()));
            }
            return StackCommand.run(up.toArray(String[]::new));
        }
    }

    static final class StartAlertJob implements DemoStep {
        @Override
        public String title(DemoRun run) {
            run.alertJobLog = run.logs.resolve("demo-alert-job.log");
            return "starting the alert job (Spark, fresh checkpoint; log " + run.alertJobLog + ")";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            run.scenario = Scenario.read(run.scenarioFile);
            run.checkpoint = run.stackDir.resolve("checkpoints").resolve("demo-" + System.currentTimeMillis());
            run.alertJob = launch(run, run.alertJobLog, "alert-job", "--trigger", "continuous", "--interval", "1s",
                    "--checkpoint", run.checkpoint.toString(), "--starting-offsets", "latest");
            run.feed = new AlertFeed(run.connections.plainConsumer(), Topics.of(run.config).alerts());
            if (!LocalRun.awaitLine(run.alertJob, run.alertJobLog, "queries running", Duration.ofMinutes(3))) {
                return DemoRun.fail("the alert job did not start; the end of its log:", run.alertJobLog);
            }
            Thread.sleep(8000); // let its first micro-batch pin the Kafka offsets at 'latest'
            return 0;
        }
    }

    /**
     * A few hours of ordinary city life with random incidents, just before the live timeline, so
     * the analytics at the end has a history to work on. The alert job ingests it first (it is
     * older than the timeline, so its zones' event-time clocks stay in order).
     */
    static final class Backfill implements DemoStep {
        @Override
        public String title(DemoRun run) {
            return "backfilling " + run.history.toHours() + " h of history before the timeline (random incidents, as fast as it goes)";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            Path log = run.logs.resolve("demo-backfill.log");
            Instant to = run.timelineStart().minus(Duration.ofMinutes(1));
            Process sim = launch(run, log, "simulate", "--backfill", "--from", to.minus(run.history).toString(), "--to", to.toString(),
                    "--incident-rate", "3", "--truth", run.stackDir.resolve("demo-history-truth.jsonl").toString());
            if (sim.waitFor() != 0) {
                return DemoRun.fail("the backfill failed; the end of its log:", log);
            }
            System.out.println("       " + lastLine(log));
            return 0;
        }
    }

    static final class Simulate implements DemoStep {
        @Override
        public String title(DemoRun run) {
            return "simulating " + run.scenario.duration().toMinutes() + " minutes of the city (" + run.scenarioName + ") at 120x; incidents:";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            run.scenario.incidents().forEach(i -> System.out.println("       " + i));
            Path simLog = run.logs.resolve("demo-simulator.log");
            Instant start = run.timelineStart();
            Process sim = launch(run, simLog, "simulate", "--scenario", run.scenarioFile.toString(), "--start", start.toString(),
                    "--speed", "120", "--no-frames", "--truth", run.stackDir.resolve("demo-truth.jsonl").toString());
            if (sim.waitFor() != 0) {
                return DemoRun.fail("the simulator failed; the end of its log:", simLog);
            }
            return 0;
        }
    }

    static final class WatchAlerts implements DemoStep {
        @Override
        public String title(DemoRun run) {
            return "alerts as a police desk receives them (" + Topics.of(run.config).alerts() + ", read_committed):";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            TreeSet<String> expected = new TreeSet<>(run.scenario.expectedAlertTypes());
            TreeSet<String> fired = new TreeSet<>();
            long deadline = System.nanoTime() + run.wait.toNanos();
            while (System.nanoTime() < deadline && !fired.containsAll(expected) && run.alertJob.isAlive()) {
                for (Alert a : run.feed.poll()) {
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
            if (!run.alertJob.isAlive()) {
                return DemoRun.fail("the alert job stopped; the end of its log:", run.alertJobLog);
            }
            if (!missing.isEmpty()) {
                System.out.println("Expected alerts that never came within " + run.wait.toSeconds() + " s: " + String.join(", ", missing));
                System.out.println("The job's log: " + run.alertJobLog);
                return 1;
            }
            System.out.println("Every scripted incident raised its alert: " + String.join(", ", expected) + ".");
            return 0;
        }
    }

    /**
     * The analytics batch job over today and yesterday (the history and the timeline), then the
     * hotspots and trends it wrote, printed by the CLI's own commands.
     */
    static final class Analytics implements DemoStep {
        @Override
        public String title(DemoRun run) {
            return "the analytics job over the stored history (Spark batch; report in " + run.reportDir() + ")";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            // The alerts can come before the ingest query has stored the whole history: wait for it.
            if (!LocalRun.awaitCaughtUp(run.config, run.alertJob, run.checkpoint, Duration.ofMinutes(5))) {
                return DemoRun.fail("the alert job did not store all the input within 5 minutes; the end of its log:", run.alertJobLog);
            }
            run.stopAlertJob(); // its cores go to the batch job
            Path log = run.logs.resolve("demo-analytics.log");
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            Process job = ChildProgram.sparkProgram(run.config, "analytics-job", "io.safetywatcher.analytics.Main",
                            List.of("--from", today.minusDays(1).toString(), "--to", today.toString(), "--full",
                                    "--report", run.reportDir().toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (job.waitFor() != 0) {
                return DemoRun.fail("the analytics job failed; the end of its log:", log);
            }
            System.out.println("       " + lastLine(log));
            for (List<String> command : List.of(List.of("hotspots"), List.of("trends", "--changing"))) {
                System.out.println();
                System.out.println("  ./watcher " + String.join(" ", command));
                // In this process, on the demo's connections: the same commands an operator types.
                CommandLine cl = Main.commandLine(new Main(run.connections, false));
                cl.setOut(new PrintWriter(System.out, true));
                cl.setErr(new PrintWriter(System.err, true));
                int code = cl.execute(command.toArray(String[]::new));
                if (code != 0) {
                    return code;
                }
            }
            return 0;
        }
    }

    static String lastLine(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }

    static Process launch(DemoRun run, Path log, String... args) throws IOException {
        return ChildProgram.watcher(run.config, List.of(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The alert topic from its end at the time of creation, read as a police desk reads it. */
    static final class AlertFeed implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;

        AlertFeed(KafkaConsumer<byte[], byte[]> consumer, String topic) {
            this.consumer = consumer;
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
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
