package io.safetywatcher.cli.demo;

import io.safetywatcher.cli.LocalRun;
import io.safetywatcher.cli.Main;
import io.safetywatcher.cli.eval.CassandraAlerts;
import io.safetywatcher.cli.program.ChildProgram;
import io.safetywatcher.common.codec.AlertCodec;
import io.safetywatcher.common.codec.Decoded;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.console.ActionClient;
import io.safetywatcher.stack.StackCommand;
import io.safetywatcher.stack.StackSettings;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The demo's steps. */
final class DemoSteps {
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
                // The address the CLI's own actions go to: https when the client configuration speaks TLS.
                run.deskConsole = new ActionClient(run.config).base().resolve("/");
                System.out.println();
                System.out.println(answers(run.deskConsole)
                        ? "  Desk console: " + run.deskConsole + " — open it in a browser; it is the running stack's and stays up after the demo"
                        : "  Desk console: " + run.deskConsole + " — not answering now: start it with ./watcher console (the demo goes on without it)");
                return 0;
            }
            List<String> up = new ArrayList<>(List.of("up"));
            if (run.dirFlag != null) {
                up.addAll(List.of("--dir", run.dirFlag.toString()));
            }
            int code = StackCommand.run(up.toArray(String[]::new));
            if (code == 0) {
                // The stack started the console as its child and waited until it answered: it outlives the demo.
                run.deskConsole = StackSettings.from(run.config).consoleAddress().resolve("/");
                System.out.println();
                System.out.println("  Desk console: " + run.deskConsole + " — open it in a browser; it stays up after the demo");
            }
            return code;
        }

        /** Whether something accepts connections at the address's host and port. */
        static boolean answers(URI address) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address.getHost(), address.getPort()), 2000);
                return true;
            } catch (IOException e) {
                return false;
            }
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
     * Camera incidents by night with rendered frames (demo-cameras.yaml): an intrusion and a fight,
     * so the console has evidence frames to show. Night, because an intrusion needs closed zones;
     * the latest such night that ends before the history, because each zone's event-time clock
     * only goes forward (this night, then the history, then the timeline). The simulator renders
     * every camera (it has no option to render only some), so this runs at x3, not x120.
     */
    static final class CameraIncidents implements DemoStep {
        static final String SCENARIO = "simulator/scenarios/demo-cameras.yaml";
        static final int SPEED = 3;
        private Scenario cameras;
        private Instant start;

        @Override
        public String title(DemoRun run) throws IOException {
            cameras = Scenario.read(run.home.resolve(SCENARIO));
            start = cameras.latestStartEndingBy(run.historyFrom().minus(Duration.ofMinutes(1)));
            return "camera incidents by night, with frames from every camera (" + SCENARIO + ", " + cameras.duration().toMinutes()
                    + " simulated minutes from " + start + " at " + SPEED + "x); incidents:";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            cameras.incidents().forEach(i -> System.out.println("       " + i));
            Path log = run.logs.resolve("demo-cameras.log");
            Process sim = launch(run, log, "simulate", "--scenario", run.home.resolve(SCENARIO).toString(), "--start", start.toString(),
                    "--speed", Integer.toString(SPEED), "--truth", run.stackDir.resolve("demo-cameras-truth.jsonl").toString());
            long deadline = System.nanoTime() + cameras.duration().dividedBy(SPEED).plus(run.wait).toNanos();
            // Until the simulator is done too: the history must not reach the job before this night's last frames.
            Set<String> missing = watch(run, cameras.expectedAlertTypes(), start, start.plus(cameras.duration()), sim, deadline);
            if (run.alertJob.isAlive() && (sim.isAlive() || sim.waitFor() != 0)) {
                sim.destroy();
                return DemoRun.fail("the camera simulator failed or did not finish in time; the end of its log:", log);
            }
            sim.destroy(); // a no-op unless the job stopped under it, which expected() reports
            return expected(run, cameras.expectedAlertTypes(), missing, start, start.plus(cameras.duration()), "Both camera incidents raised their alerts",
                    "; their evidence frames are in the desk console and in ./watcher alerts show ID");
        }
    }

    /**
     * A few hours of ordinary city life with random incidents, just before the live timeline, so
     * the analytics at the end has a history to work on. The alert job ingests it first (it is
     * older than the timeline, so its zones' event-time clocks stay in order).
     */
    static final class Backfill implements DemoStep {
        /**
         * The history's random incidents end this long before it does: longer than any rule's
         * resolve time (2 m), so none is still open when the timeline starts and the timeline's
         * alerts are its own (a history break-in still open would inhibit the scripted glass break).
         */
        static final String QUIET_TAIL = "10m";

        @Override
        public String title(DemoRun run) {
            return "backfilling " + run.history.toHours() + " h of history before the timeline (" + run.historyFrom() + " to " + run.historyTo()
                    + ", random incidents, as fast as it goes; its alerts are counted, not shown as live)";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            Path log = run.logs.resolve("demo-backfill.log");
            Process sim = launch(run, log, "simulate", "--backfill", "--from", run.historyFrom().toString(), "--to", run.historyTo().toString(),
                    "--incident-rate", Integer.toString(run.historyIncidentsPerHour), "--quiet-tail", QUIET_TAIL, "--truth", run.stackDir.resolve("demo-history-truth.jsonl").toString());
            if (sim.waitFor() != 0) {
                return DemoRun.fail("the backfill failed; the end of its log:", log);
            }
            System.out.println("       " + lastLine(log));
            // The job takes the history in first, as said: the timeline's records, read while part
            // of the history was still unread, moved the zones' clocks past it (CI saw a device
            // taken for silent at the seam).
            if (!LocalRun.awaitCaughtUp(run.config, run.alertJob, run.checkpoint, Duration.ofMinutes(5))) {
                return DemoRun.fail("the alert job did not take in the history within 5 minutes; the end of its log:", run.alertJobLog);
            }
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
            return "alerts as a police desk receives them (" + Topics.of(run.config).alerts() + ", read_committed), one line when one fires, "
                    + "changes severity, reopens or resolves; times are the alerts' own:";
        }

        @Override
        public int run(DemoRun run) throws Exception {
            List<String> expected = run.scenario.expectedAlertTypes();
            Set<String> missing = watch(run, expected, run.timelineStart(), Instant.MAX, null, System.nanoTime() + run.wait.toNanos());
            System.out.println();
            System.out.println("  " + run.fold.count() + " on the topic, shown as one line per alert firing and resolving");
            System.out.println("  History: " + run.fold.historyAlerts() + " alerts raised from the backfilled " + run.history.toHours()
                    + " h (" + run.historyFrom() + " to " + run.historyTo() + ")" + (run.fold.historyAlerts() == 0 ? "" : ": " + run.fold.historyByType())
                    + "; not shown as live; ./watcher alerts list --since "
                    + (run.history.toHours() + 1) + "h lists them");
            return expected(run, expected, missing, run.timelineStart(), Instant.MAX, "Every scripted incident raised its alert", "");
        }
    }

    /**
     * Prints the feed's lines until every expected type has an alert that started within
     * [from, to) and the simulator, if any, has ended; or the deadline passes or the job stops.
     * Returns the expected types still missing.
     */
    static Set<String> watch(DemoRun run, List<String> expected, Instant from, Instant to, Process sim, long deadline) {
        long nextHeldCheck = System.nanoTime();
        while (System.nanoTime() < deadline && run.alertJob.isAlive()
                && ((sim != null && sim.isAlive()) || !found(run, from, to).containsAll(expected))) {
            for (Alert a : run.feed.poll()) {
                run.fold.accept(a).ifPresent(line -> System.out.println(line.format(ZoneId.systemDefault())));
            }
            if (System.nanoTime() >= nextHeldCheck && !found(run, from, to).containsAll(expected)) {
                readHeldBack(run, from, to);
                nextHeldCheck = System.nanoTime() + HELD_CHECK.toNanos();
            }
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(found(run, from, to));
        return missing;
    }

    /** How often the watch looks in the suppressions table while an expected type has not fired. */
    static final Duration HELD_CHECK = Duration.ofSeconds(5);

    /** The types raised in [from, to): fired, or found and held back under an alert that covered them. */
    static Set<String> found(DemoRun run, Instant from, Instant to) {
        Set<String> types = run.fold.typesStarted(from, to);
        types.addAll(run.fold.typesHeldBack(from, to));
        return types;
    }

    /**
     * Folds in the conditions the job held back under a covering alert (inhibited) in [from, to),
     * as its suppressions table has them: a crowd's low density raised in the same second as a
     * critical surge is shown to the desk as the surge, and the density is recorded there.
     */
    static void readHeldBack(DemoRun run, Instant from, Instant to) {
        Instant until = to.isAfter(Instant.now().plus(Duration.ofDays(1))) ? Instant.now().plus(Duration.ofDays(1)) : to;
        new CassandraAlerts(run.connections.cassandra(), run.connections.keyspace()).heldBack(from, until)
                .forEach(h -> run.fold.held(h, ZoneId.systemDefault()).ifPresent(System.out::println));
    }

    /** The verdict on a watch: 0 when nothing is missing, else what is missing and where to look. */
    static int expected(DemoRun run, List<String> expected, Set<String> missing, Instant from, Instant to, String allCame, String more)
            throws IOException {
        System.out.println();
        if (!run.alertJob.isAlive()) {
            return DemoRun.fail("the alert job stopped; the end of its log:", run.alertJobLog);
        }
        if (!missing.isEmpty()) {
            System.out.println("Expected alerts that never came within " + run.wait.toSeconds() + " s: " + String.join(", ", missing));
            System.out.println("The job's log: " + run.alertJobLog);
            return 1;
        }
        Set<String> heldOnly = new TreeSet<>(expected);
        heldOnly.removeAll(run.fold.typesStarted(from, to));
        System.out.println(allCame + ": " + String.join(", ", new TreeSet<>(expected)) + more + "."
                + (heldOnly.isEmpty() ? "" : " Held back under an alert that covered them (the desk had that one; ./watcher alerts list --suppressed"
                + " lists them): " + String.join(", ", heldOnly) + "."));
        return 0;
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
