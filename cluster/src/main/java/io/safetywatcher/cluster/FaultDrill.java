package io.safetywatcher.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.stack.CassandraServer;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./watcher cluster drill}: faults under load. With the cluster up, the alert job
 * submitted, the simulator streaming and the drill's own readings and gunshot probes flowing,
 * it kills ({@code kill -9}) a Cassandra node, a broker, a Spark worker with its executor and the
 * driver, one after another, each for {@code --outage}, and starts each again. Then it checks
 * that every acknowledged reading is stored once, that each probe's alert reached a
 * {@code read_committed} consumer exactly once, and that alerts kept flowing while the node and
 * the broker were down; and it reports the gaps. Exit 0 only when every check holds.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Faults under load: kill -9 a Cassandra node, a broker, a Spark worker and the alert job's driver in turn "
                + "while readings, gunshot probes and the simulator flow; then check exactly-once storage and alerts, and report "
                + "how alerts fared during each outage. Brings the cluster up and submits the alert job first if needed.")
final class FaultDrill implements Callable<Integer> {
    @CommandLine.Mixin ClusterCommand.Context ctx;
    @CommandLine.Mixin FormatOption format;

    @Option(names = "--outage", defaultValue = "45s", paramLabel = "DURATION",
            description = "How long each killed server stays down (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration outage;
    @Option(names = "--settle", defaultValue = "20s", paramLabel = "DURATION",
            description = "Time after each restart before the next fault (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration settle;
    @Option(names = "--probe-every", defaultValue = "2s", paramLabel = "DURATION",
            description = "One gunshot probe, from a sensor of its own, this often (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration probeEvery;
    @Option(names = "--rate", defaultValue = "100", paramLabel = "READINGS_PER_S",
            description = "The drill's background readings per second (default ${DEFAULT-VALUE}), besides the simulator's city.")
    int rate;
    @Option(names = "--calm", defaultValue = "30s", paramLabel = "DURATION",
            description = "Load without faults before the first kill: the calm latency sample (default ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration calm;
    @Option(names = "--no-simulator", description = "Do not run the simulator's city beside the drill's own readings.")
    boolean noSimulator;
    @Option(names = "--answer-timeout", defaultValue = "180s", paramLabel = "DURATION",
            description = "How long to wait at the end for every probe's alert and every reading's row (default ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration answerTimeout;

    /** The faults, in order: the two whose loss alerts must survive come first. */
    static final List<String[]> FAULTS = List.of(
            new String[] {"a", "cassandra-2", "a Cassandra node"},
            new String[] {"b", "kafka-2", "a Kafka broker"},
            new String[] {"c", "spark-worker-1", "a Spark worker and its executor"},
            new String[] {"d", ClusterJob.ALERT_JOB.id(), "the alert job's driver"});
    private long calmFrom;
    private List<Long> calmLatencies = List.of();

    static final Duration WARM_UP_LIMIT = Duration.ofMinutes(5);
    static final Set<String> MUST_KEEP_FLOWING = Set.of("cassandra-2", "kafka-2");

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 5000) {
            throw new CommandLine.ParameterException(ctx.spec.commandLine(), "--rate must be 1 to 5000 readings per second, got " + rate);
        }
        // The drill kills nodes on purpose: the clients' "cannot connect" warnings are expected, not news.
        for (String chatty : List.of("org.apache.kafka", "com.datastax")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(chatty)).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        PrintWriter out = ctx.out();
        java.util.function.Consumer<String> say = line -> {
            out.println(Instant.now().toString().substring(11, 19) + "  " + line);
            out.flush();
        };
        WatcherConfig config = ctx.config();
        Cluster cluster = Cluster.of(config);
        ClusterSettings s = cluster.settings();
        WatcherConfig client = s.clientConfig(config);
        Topics topics = Topics.of(client);
        long t0 = System.nanoTime();
        cluster.up(config, say);
        cluster.submit(ClusterJob.ALERT_JOB, say);

        int probeCount = (int) ((WARM_UP_LIMIT.toMillis() + calm.toMillis() + FAULTS.size() * (outage.toMillis() + settle.toMillis() + 60_000) + 90_000)
                / Math.max(100, probeEvery.toMillis())) + 50;
        List<String> background = DrillTraffic.sensors("sound", 20);
        List<String> probeSensors = DrillTraffic.sensors("gunshot-" + Long.toString(System.currentTimeMillis() / 1000, 36), probeCount);
        try (CqlSession session = CassandraServer.openSession(client.get("cassandra.host"), client.getPort("cassandra.port"),
                client.get("cassandra.datacenter"), Duration.ofSeconds(30))) {
            RegistryTable registry = new RegistryTable(session, s.keyspace());
            registry.write(new Zone(DrillTraffic.ZONE, "Fault drill (./watcher cluster drill)", "square", 1000.0, null, null, 1, null, null, null, null, null));
            List<Device> devices = new ArrayList<>();
            background.forEach(id -> devices.add(Device.sensor(id, DrillTraffic.ZONE, SensorType.SOUND_LEVEL.id(), null, SensorType.SOUND_LEVEL.unit(), null)));
            probeSensors.forEach(id -> devices.add(Device.sensor(id, DrillTraffic.ZONE, SensorType.GUNSHOT.id(), null, SensorType.GUNSHOT.unit(), null)));
            registry.writeAll(devices);
        }
        say.accept("registered zone " + DrillTraffic.ZONE + " with " + background.size() + " sound sensors and " + probeSensors.size() + " probe sensors");
        // The job reads the registry again at most every few seconds: let it see the new sensors.
        Thread.sleep(5000);

        Process simulator = noSimulator ? null : startSimulator(s, say);
        List<DrillOutcome.Fault> faults = new ArrayList<>();
        DrillOutcome.Verdict verdict;
        long acknowledgedFailures;
        try (AlertWatch watch = new AlertWatch(s.kafkaBootstrap(), topics.alerts());
             DrillTraffic traffic = new DrillTraffic(s.kafkaBootstrap(), topics.readings(), background, probeSensors, rate, probeEvery)) {
            say.accept("load: " + rate + " readings/s, a gunshot probe every " + probeEvery.toMillis() / 1000.0 + " s"
                    + (simulator == null ? "" : ", the simulator's city") + "; waiting until the job keeps up");
            long warm = System.currentTimeMillis();
            while (!DrillOutcome.keepsUp(traffic.probes(), watch.events(), System.currentTimeMillis(), 5, 10_000)) {
                if (System.currentTimeMillis() - warm > WARM_UP_LIMIT.toMillis()) {
                    say.accept("the job did not keep up within " + WARM_UP_LIMIT.toMinutes() + " min (5 probes in a row alerted within 10 s): faulting it anyway");
                    break;
                }
                Thread.sleep(1000);
            }
            calmFrom = System.currentTimeMillis();
            say.accept(String.format("warm: the job keeps up (5 probes in a row alerted within 10 s) after %.0f s; %d s calm before the first fault",
                    (System.currentTimeMillis() - warm) / 1000.0, calm.toSeconds()));
            Thread.sleep(calm.toMillis());
            for (String[] f : FAULTS) {
                long killed = System.currentTimeMillis();
                long pid = cluster.kill(f[1]);
                say.accept("(" + f[0] + ") killed " + f[2] + ": " + f[1] + " (pid " + pid + ") with SIGKILL; down for " + outage.toSeconds() + " s");
                Thread.sleep(outage.toMillis());
                long restarted = System.currentTimeMillis();
                cluster.start(f[1], say);
                long healthy = System.currentTimeMillis();
                faults.add(new DrillOutcome.Fault(f[0], f[1], killed, restarted, healthy));
                Thread.sleep(settle.toMillis());
            }
            Thread.sleep(30_000);
            traffic.stop();
            acknowledgedFailures = traffic.failed();
            List<DrillOutcome.Probe> probes = traffic.probes();
            say.accept("load stopped: " + probes.size() + " probes and " + traffic.acknowledged().values().stream().mapToLong(Long::longValue).sum()
                    + " readings acknowledged (" + acknowledgedFailures + " not acknowledged, not counted); waiting for alerts and rows");
            Map<String, Long> stored = awaitAnswers(client, s, traffic, watch, probes);
            verdict = DrillOutcome.judge(probes, watch.events(), faults, traffic.acknowledged(), stored, MUST_KEEP_FLOWING);
            // The calm sample: probes sent once the job kept up, answered before the first kill.
            calmLatencies = DrillOutcome.judge(probes.stream().filter(p -> p.sentMillis() >= calmFrom).toList(), watch.events(), faults,
                    Map.of(), Map.of(), Set.of()).beforeFaultsMillis();
        } finally {
            if (simulator != null) {
                simulator.destroy();
                if (!simulator.waitFor(30, TimeUnit.SECONDS)) {
                    simulator.destroyForcibly();
                }
            }
        }
        report(out, verdict, (System.nanoTime() - t0) / 1e9);
        if (!verdict.passed() && !format.json()) {
            jobTrouble(s.dir().resolve("logs/alert-job.log")).forEach(line -> out.println("  job log: " + line));
        }
        return verdict.passed() ? 0 : 1;
    }

    /** What the job's own log says went wrong (failed queries, lost tasks, errors), at most 30 lines: a failed run in CI leaves nothing else behind. */
    static List<String> jobTrouble(Path log) {
        java.util.regex.Pattern trouble = java.util.regex.Pattern.compile(" (ERROR|WARN) (?!ProcessingTimeExecutor|ChannelPool|FairSchedulableBuilder|AdminClientConfig|NativeCodeLoader|ResolveWriteToStream|Utils:)");
        try (var lines = java.nio.file.Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.filter(l -> trouble.matcher(l).find()).map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l).limit(30).toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** Waits until every probe has its FIRING and every acknowledged reading its row, or the timeout; returns the rows by sensor. */
    private Map<String, Long> awaitAnswers(WatcherConfig client, ClusterSettings s, DrillTraffic traffic, AlertWatch watch,
                                           List<DrillOutcome.Probe> probes) throws InterruptedException {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        Map<String, Long> stored = Map.of();
        try (CqlSession session = CassandraServer.openSession(client.get("cassandra.host"), client.getPort("cassandra.port"),
                client.get("cassandra.datacenter"), Duration.ofSeconds(30))) {
            while (true) {
                var v = DrillOutcome.judge(probes, watch.events(), List.of(), traffic.acknowledged(), stored, Set.of());
                if (v.missing().isEmpty()) {
                    stored = storedRows(session, s.keyspace(), traffic.acknowledged().keySet());
                    if (stored.equals(traffic.acknowledged())) {
                        return stored;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return storedRows(session, s.keyspace(), traffic.acknowledged().keySet());
                }
                Thread.sleep(3000);
            }
        }
    }

    /** Rows in readings_by_sensor_day per sensor, over the days the drill ran (at LOCAL_QUORUM). */
    static Map<String, Long> storedRows(CqlSession session, String keyspace, Set<String> sensors) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Long> rows = new HashMap<>();
        var select = session.prepare("SELECT count(*) FROM " + keyspace + ".readings_by_sensor_day WHERE sensor_id = ? AND day = ?");
        for (String sensor : sensors) {
            long n = 0;
            for (LocalDate day : List.of(today.minusDays(1), today)) {
                n += session.execute(select.bind(sensor, day).setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
                        .setTimeout(Duration.ofSeconds(20))).one().getLong(0);
            }
            rows.put(sensor, n);
        }
        return rows;
    }

    private Process startSimulator(ClusterSettings s, java.util.function.Consumer<String> say) throws java.io.IOException {
        Path home = s.home();
        Path log = s.dir().resolve("logs/drill-simulator.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dwatcher.home=" + home, "-cp", home.resolve("simulator/target/watcher-simulator.jar") + ":" + home.resolve("simulator/target/lib/*"),
                "io.safetywatcher.simulator.Main", "--no-frames", "--incident-rate", "0");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("WATCHER_"));
        pb.environment().putAll(s.clientEnvironment());
        Process p = pb.start();
        say.accept("simulator streaming the default city without frames (pid " + p.pid() + ", log " + log + ")");
        return p;
    }

    private void report(PrintWriter out, DrillOutcome.Verdict v, double seconds) {
        List<Long> lat = new ArrayList<>(v.latenciesMillis());
        java.util.Collections.sort(lat);
        List<Long> quiet = new ArrayList<>(calmLatencies);
        java.util.Collections.sort(quiet);
        if (format.json()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("passed", v.passed());
            o.put("seconds", Math.round(seconds));
            o.put("probes", v.probes());
            o.put("probes_exactly_once", v.exactlyOnce());
            o.put("probes_missing", v.missing().size());
            o.put("probes_duplicated", v.duplicated().size());
            o.put("duplicate_events", v.duplicateEvents());
            o.put("readings_acknowledged", v.acknowledged());
            o.put("readings_stored", v.stored());
            o.put("latency_p50_ms", percentile(lat, 0.50));
            o.put("latency_p95_ms", percentile(lat, 0.95));
            o.put("latency_max_ms", lat.isEmpty() ? -1 : lat.get(lat.size() - 1));
            o.put("calm_probes", quiet.size());
            o.put("calm_latency_p50_ms", percentile(quiet, 0.50));
            o.put("calm_latency_p95_ms", percentile(quiet, 0.95));
            o.put("calm_latency_p99_ms", percentile(quiet, 0.99));
            o.put("calm_latency_max_ms", quiet.isEmpty() ? -1 : quiet.get(quiet.size() - 1));
            var faults = o.putArray("faults");
            for (var f : v.faults()) {
                var fo = faults.addObject();
                fo.put("fault", f.fault().label());
                fo.put("server", f.fault().server());
                fo.put("down_s", (f.fault().restartedMillis() - f.fault().killedMillis()) / 1000.0);
                fo.put("restart_to_healthy_s", (f.fault().healthyMillis() - f.fault().restartedMillis()) / 1000.0);
                fo.put("probes_during_outage", f.probesDuringOutage());
                fo.put("answered_during_outage", f.answeredDuringOutage());
                fo.put("longest_alert_gap_s", f.longestGapMillis() / 1000.0);
                fo.put("first_alert_after_restart_s", f.firstAlertAfterRestartMillis() / 1000.0);
            }
            o.putPOJO("failures", v.failures());
            out.println(o.toPrettyString());
            return;
        }
        out.printf("fault drill: %s in %.0f s%n", v.passed() ? "PASSED" : "FAILED", seconds);
        out.printf("  probes: %d sent and acknowledged, %d alerted exactly once, %d never, %d more than once; duplicate events %d%n",
                v.probes(), v.exactlyOnce(), v.missing().size(), v.duplicated().size(), v.duplicateEvents());
        out.printf("  readings: %d acknowledged, %d stored%n", v.acknowledged(), v.stored());
        out.printf("  probe latency (device time to read_committed consumer): p50 %d ms, p95 %d ms, max %d ms%n",
                percentile(lat, 0.50), percentile(lat, 0.95), lat.isEmpty() ? -1 : lat.get(lat.size() - 1));
        out.printf("  calm, from keeping up to the first fault (%d probes): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n", quiet.size(),
                percentile(quiet, 0.50), percentile(quiet, 0.95), percentile(quiet, 0.99), quiet.isEmpty() ? -1 : quiet.get(quiet.size() - 1));
        out.printf("  %-3s %-15s %7s %9s %14s %12s %14s%n", "", "KILLED", "DOWN", "RESTART", "ALERTED/SENT", "LONGEST GAP", "FIRST AFTER");
        for (var f : v.faults()) {
            out.printf("  %-3s %-15s %6.0fs %8.1fs %8d/%-5d %11.1fs %13.1fs%n", "(" + f.fault().label() + ")", f.fault().server(),
                    (f.fault().restartedMillis() - f.fault().killedMillis()) / 1000.0, (f.fault().healthyMillis() - f.fault().restartedMillis()) / 1000.0,
                    f.answeredDuringOutage(), f.probesDuringOutage(), f.longestGapMillis() / 1000.0, f.firstAlertAfterRestartMillis() / 1000.0);
        }
        out.println("  (ALERTED/SENT: probes sent while the server was down whose alert arrived before it was started again;"
                + " LONGEST GAP: longest time without a probe's alert from the kill until the server answered again)");
        v.failures().forEach(f -> out.println("  FAILED: " + f));
    }

    static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** 45s, 2m, 500ms. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return io.safetywatcher.common.config.Durations.parse(value);
        }
    }
}
