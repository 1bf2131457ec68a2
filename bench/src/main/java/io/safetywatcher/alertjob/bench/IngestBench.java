package io.safetywatcher.alertjob.bench;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.safetywatcher.alertjob.Main;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.AlertJob;
import io.safetywatcher.alertjob.spark.JobSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.SensorType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.DurationConverter;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./watcher bench ingest}: the alert job measured on the stack it runs against, in this
 * JVM, through its public API ({@link AlertJob#start}) on fresh checkpoints and throw-away
 * topics (the configured prefix + {@code bench-<time>.}), so a live job and its data are not
 * disturbed. Four figures:
 * <ol>
 *   <li>readings/s from Kafka into Cassandra through the job (available-now over a backlog of
 *       {@code --readings}), counted as rows persisted ÷ time until the ingest query ended;</li>
 *   <li>a bare java-driver loop inserting the same rows into the same table on the same node;</li>
 *   <li>alert latency: readings at {@code --rate} for {@code --duration} with a gunshot every
 *       2 s, the job on a 1 s trigger, event time to the FIRING's arrival on the alert topic
 *       (read_committed), p50 and p99;</li>
 *   <li>this JVM's resident memory after the run (Spark driver and executor live in it).</li>
 * </ol>
 * Registry rows for zone {@code bench-zone}, the readings and the bench's gunshot alerts stay
 * in Cassandra (raw rows expire with the table's TTL); the topics are deleted at the end.
 */
@Command(name = "bench ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures the alert job: readings/s Kafka -> Cassandra vs a bare driver loop, alert latency p50/p99, RSS.")
public final class IngestBench implements Callable<Integer> {
    static final String ZONE = "bench-zone";
    private static final Duration GUNSHOT_EVERY = Duration.ofSeconds(2);
    /** Lets the continuous job get past its first batches (planning, code generation) before measuring. */
    private static final Duration LEAD_IN = Duration.ofSeconds(5);

    @Option(names = "--readings", description = "Readings in the throughput backlog (default: ${DEFAULT-VALUE}).")
    int readings = 200_000;

    @Option(names = "--sensors", description = "Sound-level sensors the readings are spread over (default: ${DEFAULT-VALUE}).")
    int sensors = 100;

    @Option(names = "--rate", description = "Readings per second in the latency run (default: ${DEFAULT-VALUE}).")
    int rate = 2_000;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Length of the latency run, e.g. 60s or 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--in-flight", description = "Concurrent inserts in the bare driver loop (default: ${DEFAULT-VALUE}).")
    int inFlight = 256;

    @CommandLine.Mixin
    FormatOption format;

    @CommandLine.Mixin
    ConfigOptions config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Program.exit(new IngestBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        Duration latencyRun = validate();
        WatcherConfig config = this.config.load();
        String prefix = config.get("topics.prefix") + "bench-" + Instant.now().getEpochSecond() + ".";
        Path checkpoints = Files.createTempDirectory("watcher-bench-ingest");
        Map<String, Object> results = new LinkedHashMap<>();
        List<BenchSensor> sound = BenchSensor.numbered("bench-sound", SensorType.SOUND_LEVEL, sensors);
        List<BenchSensor> guns = BenchSensor.numbered("bench-gun", SensorType.GUNSHOT,
                (int) (latencyRun.toMillis() / GUNSHOT_EVERY.toMillis()) + 1);
        try (BenchStack stack = BenchStack.connect(config)) {
            progress("stack reachable: kafka " + config.get("kafka.bootstrap") + ", cassandra " + config.get("cassandra.host") + ":"
                    + config.get("cassandra.port") + "; topics under " + prefix);
            stack.register(ZONE, Stream.concat(sound.stream(), guns.stream()).toList());
            SparkSession spark = SparkSession.builder().config(Main.sparkConf(config)).getOrCreate();
            try {
                throughput(spark, stack, config, prefix, checkpoints, sound, results);
                latency(spark, stack, config, prefix, checkpoints, sound, guns, latencyRun, results);
                results.put("rss_mb", ProcStatus.kilobytes("VmRSS") / 1024);
                results.put("peak_rss_mb", ProcStatus.kilobytes("VmHWM") / 1024);
            } finally {
                spark.stop();
                stack.deleteTopics(prefix);
                deleteTree(checkpoints);
            }
        }
        new BenchReport(results).print(format.json());
        return 0;
    }

    private Duration validate() {
        if (readings < 1 || sensors < 1 || rate < 1 || inFlight < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--readings, --sensors, --rate and --in-flight must be positive");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be more than zero");
        }
        return duration;
    }

    /** (a) the job over a backlog, after an untimed warm-up run; (b) the bare loop over the same rows, also warmed up. */
    private void throughput(SparkSession spark, BenchStack stack, WatcherConfig config, String prefix, Path checkpoints,
                            List<BenchSensor> sound, Map<String, Object> results) throws Exception {
        // Event times a few minutes back and packed into 20 s, under the job's 30 s allowed lateness.
        Instant start = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
        Duration span = Duration.ofSeconds(20);
        int warm = Math.max(1_000, Math.min(20_000, readings / 10));

        progress("warm-up: the job over " + warm + " readings (untimed)");
        WatcherConfig warmConfig = withPrefix(config, prefix + "warmup.");
        ReadingBatch warmBatch = ReadingBatch.generate(sound, ZONE, warm, start.minus(Duration.ofMinutes(1)), span);
        produce(stack, warmConfig, warmBatch);
        runAvailableNow(spark, warmConfig, checkpoints.resolve("warmup"));

        WatcherConfig runConfig = withPrefix(config, prefix + "ingest.");
        ReadingBatch batch = ReadingBatch.generate(sound, ZONE, readings, start, span);
        long produceNanos = produce(stack, runConfig, batch);
        results.put("detect", config.get("job.detect"));
        results.put("readings", readings);
        results.put("sensors", sensors);
        results.put("produce_per_s", Math.round(readings / (produceNanos / 1e9)));

        progress("(a) the job: available-now over " + readings + " readings");
        long[] nanos = runAvailableNow(spark, runConfig, checkpoints.resolve("ingest"));
        long persisted = batch.persisted(stack.session(), stack.keyspace());
        double jobRate = persisted / (nanos[0] / 1e9);
        results.put("job_rows_persisted", persisted);
        results.put("job_ingest_s", round(nanos[0] / 1e9, 1));
        results.put("job_total_s", round(nanos[1] / 1e9, 1));
        results.put("job_rows_per_s", Math.round(jobRate));

        progress("(b) bare driver loop: the same " + readings + " rows, " + inFlight + " in flight");
        BareInsertLoop bare = new BareInsertLoop(stack.session(), stack.keyspace(),
                DefaultConsistencyLevel.valueOf(config.get("cassandra.consistency.write")), inFlight);
        bare.run(batch, Math.min(readings, 20_000));
        double bareRate = readings / (bare.run(batch, readings) / 1e9);
        results.put("bare_rows_per_s", Math.round(bareRate));
        results.put("job_vs_bare", round(jobRate / bareRate, 2));
    }

    /** (c) the job on a 1 s trigger under a steady load with gunshots; event time to FIRING on the topic. */
    private void latency(SparkSession spark, BenchStack stack, WatcherConfig config, String prefix, Path checkpoints,
                         List<BenchSensor> sound, List<BenchSensor> guns, Duration run, Map<String, Object> results) throws Exception {
        WatcherConfig runConfig = withPrefix(config, prefix + "latency.");
        Topics topics = Topics.of(runConfig);
        stack.createTopics(topics);
        progress("(c) alert latency: " + rate + " readings/s for " + run.toSeconds() + " s, a gunshot every "
                + GUNSHOT_EVERY.toSeconds() + " s, 1 s trigger");
        AlertJob job = new AlertJob(settings(runConfig, false, checkpoints.resolve("latency")), RuleSet.defaults());
        List<StreamingQuery> queries = job.start(spark);
        java.util.concurrent.atomic.AtomicBoolean stopDirect = new java.util.concurrent.atomic.AtomicBoolean();
        Thread direct = settings(runConfig, false, checkpoints).directDetect() ? LatencyBench.startDirect(job, stopDirect) : null;
        Map<String, Instant> shots;
        Map<String, Long> arrivals;
        try (AlertProbe probe = new AlertProbe(runConfig.get("kafka.bootstrap"), topics.alerts());
             KafkaProducer<byte[], byte[]> producer = stack.producer()) {
            awaitStarted(queries);
            PacedLoad load = new PacedLoad(producer, topics.readings(), sound, rate);
            load.run(LEAD_IN, List.of(), () -> false);
            shots = load.run(run, PacedLoad.every(GUNSHOT_EVERY, guns), () -> false);
            probe.awaitFirings(shots.keySet(), Duration.ofSeconds(30));
            arrivals = probe.firings();
            failIfFailed(queries);
        } finally {
            for (StreamingQuery q : queries) {
                q.stop();
            }
            stopDirect.set(true);
            if (direct != null) {
                direct.join(60_000);
            }
        }
        List<Long> latencies = new ArrayList<>();
        shots.forEach((gun, eventTime) -> {
            Long arrived = arrivals.get(gun);
            if (arrived != null) {
                latencies.add(arrived - eventTime.toEpochMilli());
            }
        });
        latencies.sort(Comparator.naturalOrder());
        results.put("latency_rate_per_s", rate);
        results.put("latency_run_s", run.toSeconds());
        results.put("gunshots_sent", shots.size());
        results.put("firings_received", latencies.size());
        results.put("latency_p50_ms", percentile(latencies, 50));
        results.put("latency_p99_ms", percentile(latencies, 99));
        results.put("latency_max_ms", latencies.isEmpty() ? -1L : latencies.get(latencies.size() - 1));
    }

    private long produce(BenchStack stack, WatcherConfig config, ReadingBatch batch) throws Exception {
        Topics topics = Topics.of(config);
        stack.createTopics(topics);
        try (KafkaProducer<byte[], byte[]> producer = stack.producer()) {
            return batch.produce(producer, topics.readings());
        }
    }

    /** Runs the job until it has processed what is there; returns {until the ingest query ended, until both had}. */
    private static long[] runAvailableNow(SparkSession spark, WatcherConfig config, Path checkpoint) throws Exception {
        long t0 = System.nanoTime();
        AlertJob job = new AlertJob(settings(config, true, checkpoint), RuleSet.defaults());
        List<StreamingQuery> queries = job.start(spark);
        // Direct detection (job.detect=direct) runs beside the ingest query, as ./watcher alert-job runs it.
        Thread direct = settings(config, true, checkpoint).directDetect()
                ? LatencyBench.startDirect(job, new java.util.concurrent.atomic.AtomicBoolean()) : null;
        long ingest = 0;
        for (StreamingQuery q : queries) {
            q.awaitTermination();
            if ("ingest".equals(q.name())) {
                ingest = System.nanoTime() - t0;
            }
        }
        if (direct != null) {
            direct.join();
        }
        return new long[] {ingest, System.nanoTime() - t0};
    }

    /** As {@code ./watcher alert-job} runs it: earliest offsets of a new checkpoint, 1 s trigger, default rules. */
    private static JobSettings settings(WatcherConfig config, boolean availableNow, Path checkpoint) {
        return new JobSettings(config, availableNow, Duration.ofSeconds(1), checkpoint, "earliest", 0, Duration.ofSeconds(30));
    }

    /** Until every query has begun its trigger loop (past "Initializing sources"). */
    static void awaitStarted(List<StreamingQuery> queries) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (queries.stream().anyMatch(q -> q.status().message().startsWith("Initializing"))) {
            failIfFailed(queries);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job's queries did not start within 120 s");
            }
            Thread.sleep(100);
        }
    }

    static void failIfFailed(List<StreamingQuery> queries) {
        for (StreamingQuery q : queries) {
            if (q.exception().isDefined()) {
                throw new IllegalStateException("the job's " + q.name() + " query failed: " + q.exception().get().getMessage(),
                        q.exception().get());
            }
        }
    }

    private static WatcherConfig withPrefix(WatcherConfig config, String prefix) {
        return config.with("topics.prefix", prefix, "bench");
    }

    /** Nearest rank: the smallest latency at least p% of the samples do not exceed; -1 without samples. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** Progress goes to stderr, so stdout carries only the report (and stays valid JSON). */
    private static void progress(String line) {
        System.err.println("bench: " + line);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
