package io.safetywatcher.alertjob.bench;

import io.safetywatcher.alertjob.Main;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.AlertJob;
import io.safetywatcher.alertjob.spark.JobSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.DurationConverter;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * {@code ./watcher bench latency}: how long a gunshot takes to reach the desk, measured so the
 * figure can be trusted. Per run, on throw-away topics (the configured prefix +
 * {@code bench-latency-<time>-r<run>.}) and a fresh checkpoint:
 * <ul>
 *   <li>load: the simulator's default city, live, frames included ({@code ./watcher simulate
 *       --incident-rate 0} as a child process, as the demo runs it), plus background sound
 *       readings at {@code --rate} in six bench zones;</li>
 *   <li>the real job: {@link AlertJob#start} in this JVM with {@code ./watcher alert-job}'s
 *       Spark settings and trigger (this JVM gets the launcher's heap and options). In process
 *       rather than as a child, so Spark's own listeners give each micro-batch's progress and
 *       its jobs' stage times, which is how a probe's time is split by stage;</li>
 *   <li>after {@code --warmup} (not measured), {@code --probes} gunshots at Poisson-random times
 *       over {@code --duration}, in zones drawn at random, each from a sensor of its own (so
 *       each is its own incident and must raise its own FIRING);</li>
 *   <li>latency: the FIRING's receipt by a {@code read_committed} consumer minus the gunshot
 *       reading's device timestamp; no FIRING within {@code --timeout} is a failure, counted,
 *       and ranked above every latency in the percentiles.</li>
 * </ul>
 * {@code --repeat N} does it N times and reports the spread of p50 and p99. The bench zones,
 * their sensors and the bench's alerts stay in Cassandra; the topics are deleted.
 */
@Command(name = "bench latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Alert latency from >= 1,000 Poisson-timed gunshot probes under readings at --rate plus the default city's "
                + "frames: p50/p95/p99/max with failures counted, the time split by stage, and the spread over --repeat runs.")
public final class LatencyBench implements Callable<Integer> {
    static final List<String> ZONES = IntStream.rangeClosed(1, 6).mapToObj(i -> "bench-latency-zone-" + i).toList();
    /** How long the job may take, past the warm-up, to catch up with the load before a run gives up. */
    private static final Duration CATCH_UP = Duration.ofMinutes(10);
    /** Background sound sensors per bench zone. */
    private static final int SENSORS_PER_ZONE = 20;

    @Option(names = "--rate", description = "Background readings per second (default: ${DEFAULT-VALUE}).")
    int rate = 2_000;

    @Option(names = "--probes", description = "Gunshot probes per run (default: ${DEFAULT-VALUE}).")
    int probes = 1_000;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "Measured span the probes are spread over (default: ${DEFAULT-VALUE}: 1.7 probes/s).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class,
            description = "Load without probes before measuring, not measured (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "A probe without its FIRING this long after its event is a failure (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--repeat", description = "Runs, each on fresh topics and checkpoint (default: ${DEFAULT-VALUE}).")
    int repeat = 1;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "The job's micro-batch interval, as alert-job --interval (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--detect", paramLabel = "ENGINE",
            description = "The job's detection engine, as alert-job --detect: spark or direct (default: job.detect).")
    String detect;

    @Option(names = "--no-frames", description = "Without the simulated city (no frames): readings and probes only.")
    boolean noFrames;

    @Option(names = "--seed", description = "Seed of the probe schedule; run i uses seed + i (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @CommandLine.Mixin
    FormatOption format;

    @CommandLine.Mixin
    ConfigOptions config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Program.exit(new LatencyBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String home = System.getProperty("watcher.home");
        if (!noFrames && (home == null || home.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "watcher.home is not set, so the simulator cannot be started: run it as ./watcher bench latency, or give --no-frames");
        }
        WatcherConfig config = this.config.load();
        if (detect != null) {
            if (!detect.equals("spark") && !detect.equals("direct")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--detect must be spark or direct, not '" + detect + "'");
            }
            config = config.with("job.detect", detect, "--detect");
        }
        Path work = Files.createTempDirectory("watcher-bench-latency");
        List<BenchSensor> background = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        try (BenchStack stack = BenchStack.connect(config)) {
            progress("stack reachable: kafka " + config.get("kafka.bootstrap") + ", cassandra " + config.get("cassandra.host") + ":"
                    + config.get("cassandra.port") + "; logs in " + work);
            for (int run = 1; run <= repeat; run++) {
                stack.register(ZONES.get(0), "Benchmark zone (./watcher bench latency)", List.of(canary(run)));
            }
            for (String zone : ZONES) {
                List<BenchSensor> sound = BenchSensor.numbered(zone + "-sound", SensorType.SOUND_LEVEL, SENSORS_PER_ZONE);
                stack.register(zone, "Benchmark zone (./watcher bench latency)", sound);
                background.addAll(sound);
            }
            SparkSession spark = SparkSession.builder().config(Main.sparkConf(config)).getOrCreate();
            try (BatchTimings timings = BatchTimings.attach(spark)) {
                for (int run = 1; run <= repeat; run++) {
                    ProbeSchedule schedule = ProbeSchedule.poisson(probes, duration, ZONES, SensorType.GUNSHOT, seed + run - 1);
                    for (String zone : ZONES) {
                        stack.register(zone, "Benchmark zone (./watcher bench latency)",
                                schedule.shots().stream().map(PacedLoad.Shot::sensor).filter(s -> schedule.zoneOf(s).equals(zone)).toList());
                    }
                    runs.add(runOnce(run, schedule, spark, timings, stack, config, background, work, home));
                }
            } finally {
                spark.stop();
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("conditions", conditions(config));
        results.put("runs", runs);
        Map<String, Object> spread = new LinkedHashMap<>();
        for (String p : List.of("p50_ms", "p99_ms")) {
            spread.put(p, LatencyStats.spread(runs.stream().map(r -> r.get(p) == null ? OptionalLong.empty() : OptionalLong.of((Long) r.get(p))).toList()));
        }
        results.put("spread", spread);
        results.put("rss_mb", ProcStatus.kilobytes("VmRSS") / 1024);
        results.put("peak_rss_mb", ProcStatus.kilobytes("VmHWM") / 1024);
        LatencyReport.print(results, format.json());
        return 0;
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (rate < 1 || probes < 1 || repeat < 1) {
            throw new CommandLine.ParameterException(cl, "--rate, --probes and --repeat must be at least 1");
        }
        for (Duration d : List.of(duration, timeout, interval)) {
            if (d.isZero() || d.isNegative()) {
                throw new CommandLine.ParameterException(cl, "--duration, --timeout and --interval must be more than zero");
            }
        }
        if (warmup.isNegative()) {
            throw new CommandLine.ParameterException(cl, "--warmup cannot be negative");
        }
        // Probes are sent in the load's 10 ms ticks: closer than that they would share a moment.
        if (duration.toMillis() / probes < 10) {
            throw new CommandLine.ParameterException(cl, "--probes " + probes + " over --duration " + duration.toSeconds()
                    + " s is more than 100 probes/s: give a longer --duration");
        }
    }

    private Map<String, Object> conditions(WatcherConfig config) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("readings_per_s", rate);
        c.put("probes_per_run", probes);
        c.put("probe", "gunshot, one sensor per probe, zone drawn at random among " + ZONES.size());
        c.put("measured_s", duration.toSeconds());
        c.put("warmup_s", warmup.toSeconds());
        c.put("timeout_ms", timeout.toMillis());
        c.put("trigger_interval_ms", interval.toMillis());
        c.put("detect", config.get("job.detect"));
        c.put("frames", noFrames ? "none (--no-frames)" : "the default city, live (./watcher simulate --incident-rate 0)");
        c.put("background_sensors", ZONES.size() * SENSORS_PER_ZONE);
        c.put("repeat", repeat);
        c.put("seed", seed);
        c.put("cores", Runtime.getRuntime().availableProcessors());
        c.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        c.put("percentiles", "nearest rank over all probes; a failure ranks above every latency (null: beyond the timeout)");
        return c;
    }

    private Map<String, Object> runOnce(int run, ProbeSchedule schedule, SparkSession spark, BatchTimings timings, BenchStack stack,
                                        WatcherConfig config, List<BenchSensor> background, Path work, String home) throws Exception {
        String label = "run " + run + "/" + repeat;
        String prefix = config.get("topics.prefix") + "bench-latency-" + Instant.now().getEpochSecond() + "-r" + run + ".";
        WatcherConfig runConfig = config.with("topics.prefix", prefix, "bench");
        Topics topics = Topics.of(runConfig);
        stack.createTopics(topics);
        Process simulator = null;
        List<StreamingQuery> queries = List.of();
        Thread direct = null;
        java.util.concurrent.atomic.AtomicBoolean stopDirect = new java.util.concurrent.atomic.AtomicBoolean();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", run);
        try {
            if (!noFrames) {
                Path log = work.resolve("simulate-r" + run + ".log");
                progress(label + ": the default city, live, frames on (log: " + log + ")");
                Map<String, String> sets = new LinkedHashMap<>(this.config.sets());
                sets.put("topics.prefix", prefix);
                List<String> sim = new ArrayList<>(List.of(Path.of(home, "watcher").toString(), "simulate", "--incident-rate", "0"));
                sim.addAll(BackfillBench.configArgs(this.config.file(), sets));
                simulator = BackfillBench.start(sim, log, Map.of("WATCHER_NO_BUILD", "1"));
            }
            JobSettings settings = new JobSettings(runConfig, false, interval, work.resolve("checkpoint-r" + run), "earliest", 0,
                    Duration.ofSeconds(30));
            AlertJob job = new AlertJob(settings, RuleSet.defaults());
            queries = job.start(spark);
            if (settings.directDetect()) {
                direct = startDirect(job, stopDirect);
            }
            // The direct engine has no micro-batches: its probes are not split by stage.
            String detectId = queries.stream().filter(q -> "detect".equals(q.name())).findFirst().map(q -> q.id().toString()).orElse(null);
            String ingestId = queries.stream().filter(q -> "ingest".equals(q.name())).findFirst().orElseThrow().id().toString();
            List<StreamingQuery> running = queries;
            Thread directThread = direct;
            Map<String, java.time.Instant> sent;
            Map<String, AlertProbe.Arrival> arrivals;
            long measureStart;
            long measureEnd;
            long framesBefore;
            long framesAfter;
            try (AlertProbe probe = new AlertProbe(runConfig.get("kafka.bootstrap"), topics.alerts());
                 KafkaProducer<byte[], byte[]> producer = stack.producer()) {
                IngestBench.awaitStarted(queries);
                PacedLoad load = new PacedLoad(producer, topics.readings(), background, rate);
                progress(label + ": warm-up, " + rate + " readings/s for " + warmup.toSeconds() + " s (not measured)");
                // A canary gunshot a second before the warm-up ends: measuring starts once its FIRING is in, so
                // with the job live, not working off the start-up backlog (batches of a minute on a busy machine).
                BenchSensor canary = canary(run);
                List<String> canaryId = List.of(canary.id());
                load.run(warmup, List.of(new PacedLoad.Shot(warmup.minusSeconds(1).isNegative() ? Duration.ZERO : warmup.minusSeconds(1), canary)),
                        () -> failed(running, directThread));
                long catchUp = System.nanoTime();
                while (!probe.allArrived(canaryId)) {
                    IngestBench.failIfFailed(queries);
                    if (System.nanoTime() - catchUp > CATCH_UP.toNanos()) {
                        throw new IllegalStateException("the job did not catch up with the load within " + CATCH_UP.toMinutes()
                                + " min of the warm-up's end (the canary's FIRING never came): try a lower --rate, or --no-frames");
                    }
                    load.run(Duration.ofSeconds(1), List.of(), () -> probe.allArrived(canaryId) || failed(running, directThread));
                }
                IngestBench.failIfFailed(queries);
                r.put("caught_up_after_warmup_s", Math.round((System.nanoTime() - catchUp) / 1e8) / 10.0);
                framesBefore = noFrames ? 0 : stack.records(topics.frames());
                List<String> ids = schedule.sensorIds();
                measureStart = System.currentTimeMillis();
                progress(label + ": measuring, " + probes + " probes over " + duration.toSeconds() + " s");
                Thread ticker = ticker(label, probe, ids, measureStart);
                try {
                    // Past the last probe the load goes on until every FIRING is in or the timeout has passed.
                    sent = load.run(duration.plus(timeout), schedule.shots(), () -> probe.allArrived(ids) || failed(running, directThread));
                } finally {
                    ticker.interrupt();
                }
                measureEnd = System.currentTimeMillis();
                IngestBench.failIfFailed(queries);
                framesAfter = noFrames ? 0 : stack.records(topics.frames());
                arrivals = probe.arrivals();
            } finally {
                for (StreamingQuery q : queries) {
                    q.stop();
                }
                stopDirect.set(true);
                if (direct != null) {
                    direct.join(60_000);
                }
            }
            if (detectId != null) {
                timings.awaitBatch(detectId, measureEnd);
            }
            List<BatchTimings.Batch> detectBatches = detectId == null ? List.of() : timings.batches(detectId);
            figures(r, schedule, sent, arrivals, detectBatches, timings, detectId);
            r.put("frames_produced", framesAfter - framesBefore);
            r.put("frames_per_s", Math.round((framesAfter - framesBefore) * 10_000.0 / Math.max(1, measureEnd - measureStart)) / 10.0);
            if (detectId != null) {
                r.put("detect_batches", LatencyStats.batches(timings.batches(detectId), measureStart, measureEnd, interval.toMillis()));
            }
            r.put("ingest_batches", LatencyStats.batches(timings.batches(ingestId), measureStart, measureEnd, interval.toMillis()));
            progress(label + ": " + r.get("answered") + " of " + r.get("probes") + " answered, " + r.get("failures") + " failed; p50 "
                    + r.get("p50_ms") + " ms, p99 " + r.get("p99_ms") + " ms");
            return r;
        } finally {
            if (simulator != null) {
                simulator.destroy();
                if (!simulator.waitFor(60, TimeUnit.SECONDS)) {
                    simulator.destroyForcibly();
                }
            }
            stack.deleteTopics(prefix);
            IngestBench.deleteTree(work.resolve("checkpoint-r" + run));
        }
    }

    /** Each probe's outcome, the percentiles and the split by stage, into {@code r}. */
    private void figures(Map<String, Object> r, ProbeSchedule schedule, Map<String, Instant> sent, Map<String, AlertProbe.Arrival> arrivals,
                         List<BatchTimings.Batch> detect, BatchTimings timings, String detectId) {
        long timeoutMs = timeout.toMillis();
        List<LatencyStats.Outcome> outcomes = new ArrayList<>();
        for (String id : schedule.sensorIds()) {
            Instant at = sent.get(id);
            if (at != null) {
                outcomes.add(new LatencyStats.Outcome(id, at.toEpochMilli(), arrivals.get(id)));
            }
        }
        List<Long> latencies = new ArrayList<>();
        List<Map<String, Long>> splits = new ArrayList<>();
        long unsplit = 0;
        // Direct detection runs no detect query: its probes are split by the alert record's own stamp.
        boolean direct = detectId == null;
        List<String> stages = direct ? LatencyStats.DIRECT_STAGES : LatencyStats.STAGES;
        for (LatencyStats.Outcome o : outcomes) {
            OptionalLong l = o.latency(timeoutMs);
            if (l.isEmpty()) {
                continue;
            }
            if (direct) {
                latencies.add(l.getAsLong());
                splits.add(LatencyStats.directSplit(o));
                continue;
            }
            Optional<BatchTimings.Batch> b = LatencyStats.carrier(detect, o.arrival().sentMillis());
            if (b.isEmpty()) {
                unsplit++;
                continue;
            }
            latencies.add(l.getAsLong());
            splits.add(LatencyStats.split(o, b.get(), timings.jobs(detectId, b.get().batchId())));
        }
        r.put("probes_scheduled", schedule.shots().size());
        r.put("probes", outcomes.size());
        r.put("answered", outcomes.size() - LatencyStats.failures(outcomes, timeoutMs));
        r.put("failures", LatencyStats.failures(outcomes, timeoutMs));
        for (double p : new double[] {50, 95, 99, 100}) {
            OptionalLong v = LatencyStats.percentile(outcomes, timeoutMs, p);
            r.put(p == 100 ? "max_ms" : "p" + (int) p + "_ms", v.isPresent() ? (Object) v.getAsLong() : null);
        }
        r.put("stages_ms", LatencyStats.summarize(splits, stages));
        r.put("stages_ms_slowest_1pct_mean", means(LatencyStats.slowest(latencies, splits), stages));
        r.put("probes_without_batch", unsplit);
    }

    private static Map<String, Long> means(List<Map<String, Long>> splits, List<String> stages) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String s : stages) {
            splits.stream().mapToLong(x -> x.get(s)).average().ifPresent(a -> m.put(s, Math.round(a)));
        }
        return m;
    }

    /** A line every 10 s while measuring: probes due so far and FIRINGs received. */
    private Thread ticker(String label, AlertProbe probe, List<String> ids, long startMillis) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    long elapsed = (System.currentTimeMillis() - startMillis) / 1000;
                    long received = probe.arrivals().keySet().stream().filter(ids::contains).count();
                    progress(String.format("%s: %d/%d s, ~%d probes due, %d FIRINGs received", label, Math.min(elapsed, duration.toSeconds()),
                            duration.toSeconds(), Math.min(probes, probes * elapsed / Math.max(1, duration.toSeconds())), received));
                }
            } catch (InterruptedException done) {
                // the run is over
            }
        }, "bench-latency-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The run's canary: a gunshot sensor of its own in the first zone. */
    private static BenchSensor canary(int run) {
        return new BenchSensor(ZONES.get(0) + "-canary-" + run, SensorType.GUNSHOT);
    }

    private static boolean failed(List<StreamingQuery> queries, Thread direct) {
        return queries.stream().anyMatch(q -> q.exception().isDefined()) || (direct != null && !direct.isAlive());
    }

    /** The job's direct detection on a thread of its own, as ./watcher alert-job --detect direct runs it. */
    static Thread startDirect(AlertJob job, java.util.concurrent.atomic.AtomicBoolean stop) {
        var detection = job.direct();
        Thread t = new Thread(() -> {
            try {
                detection.run(stop::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "direct-detect");
        t.start();
        return t;
    }

    /** Progress goes to stderr, so stdout carries only the report (and stays valid JSON). */
    private static void progress(String line) {
        System.err.println("bench: " + line);
    }
}
