package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.Program;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./watcher bench backfill}: N days of the default city's history from the simulator
 * ({@code --backfill}, no frames, on throw-away topics under the configured prefix +
 * {@code bench-backfill-<time>.}), then the alert job over it with {@code --trigger available-now}
 * in a JVM of its own with the job's default heap (the launcher's: 1536 MB taken at start) and default batch
 * caps. Reported: records stored, records/s (over the job's whole run, JVM start included),
 * batches, the job's peak RSS and its mean RSS in the first and last quarter of the run
 * (sampled every second from /proc), and inputs quarantined as late. The registry rows the
 * simulator writes are the default city's own; the raw rows stay in Cassandra (the tables'
 * TTL); the topics are deleted at the end.
 */
@Command(name = "bench backfill", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Backfills N days of the default city, stores them with the alert job (available-now, default heap) and "
                + "reports records/s, batches and the job's RSS.")
public final class BackfillBench implements java.util.concurrent.Callable<Integer> {
    /** The alert job's heap as ./watcher starts it (JOB_HEAP there: -Xms = -Xmx, pre-touched, as here). */
    static final String JOB_HEAP = "1536m";
    private static final Pattern INGEST = Pattern.compile(
            " ingest - batch (\\d+): readings=(\\d+) observations=(\\d+) frames=(\\d+) \\| persisted (\\d+) \\| quarantined (\\d+)");
    /** The detect query's line per batch, or direct detection's per poll that published. */
    private static final Pattern DETECT = Pattern.compile(" (?:alerts - batch|detect - poll) (\\d+): alerts fired=(\\d+) .* \\| quarantined (\\d+) \\(late");

    @Option(names = "--days", description = "Days of history (default: ${DEFAULT-VALUE}).")
    int days = 7;

    @Option(names = "--from", paramLabel = "DATE", description = "First day of the history (default: ${DEFAULT-VALUE}).")
    String from = "2026-10-01";

    @Option(names = "--heap", description = "The job's -Xmx (default: ${DEFAULT-VALUE}, the launcher's).")
    String heap = JOB_HEAP;

    @CommandLine.Mixin
    FormatOption format;

    /** Passed on to the simulator and the job. */
    @CommandLine.Mixin
    ConfigOptions config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Program.exit(new BackfillBench(), args);
    }

    @Override
    public Integer call() throws Exception {
        LocalDate first = validate();
        String home = System.getProperty("watcher.home");
        if (home == null || home.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "watcher.home is not set: run it as ./watcher bench backfill");
        }
        Path configFile = this.config.file();
        Map<String, String> sets = this.config.sets();
        String prefix = this.config.load().get("topics.prefix") + "bench-backfill-" + Instant.now().getEpochSecond() + ".";
        Map<String, String> runSets = new LinkedHashMap<>(sets);
        runSets.put("topics.prefix", prefix);
        WatcherConfig config = WatcherConfig.load(configFile, runSets);
        Path work = Files.createTempDirectory("watcher-bench-backfill");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("days", days);
        try (BenchStack stack = BenchStack.connect(config)) {
            stack.createTopics(Topics.of(config));
            progress("simulating " + days + " days from " + first + " onto topics under " + prefix + " (log: " + work.resolve("simulate.log") + ")");
            long s0 = System.nanoTime();
            List<String> sim = new ArrayList<>(List.of(Path.of(home, "watcher").toString(), "simulate", "--backfill",
                    "--from", first.toString(), "--to", first.plusDays(days).toString()));
            sim.addAll(configArgs(configFile, runSets));
            Process simulator = start(sim, work.resolve("simulate.log"), Map.of("WATCHER_NO_BUILD", "1"));
            if (simulator.waitFor() != 0) {
                throw new IllegalStateException("the simulator failed (status " + simulator.exitValue() + "); see " + work.resolve("simulate.log"));
            }
            results.put("simulate_s", round((System.nanoTime() - s0) / 1e9));

            progress("the alert job, available-now, -Xmx" + heap + " (log: " + work.resolve("job.log") + ")");
            List<String> job = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + heap, "-Xmx" + heap,
                    "-XX:+AlwaysPreTouch", "-Xlog:gc:file=" + work.resolve("gc.log") + ":uptime"));
            job.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")).toList());
            job.addAll(List.of("-Dwatcher.home=" + home, "-cp", System.getProperty("java.class.path"), io.safetywatcher.alertjob.Main.class.getName(),
                    "--trigger", "available-now", "--checkpoint", work.resolve("checkpoint").toString()));
            job.addAll(configArgs(configFile, runSets));
            long j0 = System.nanoTime();
            Process alertJob = start(job, work.resolve("job.log"), Map.of());
            List<long[]> rss = sampleRss(alertJob);
            Files.write(work.resolve("rss.csv"), Stream.concat(Stream.of("ms,vmrss_kb"), rss.stream().map(r -> r[0] + "," + r[1])).toList());
            double seconds = (System.nanoTime() - j0) / 1e9;
            if (alertJob.exitValue() != 0) {
                throw new IllegalStateException("the alert job failed (status " + alertJob.exitValue() + "); see " + work.resolve("job.log"));
            }
            summarize(Files.readAllLines(work.resolve("job.log"), StandardCharsets.ISO_8859_1), seconds, results);
            results.put("ingest_batches", committedBatches(work.resolve("checkpoint/ingest")));
            results.put("detect_batches", committedBatches(work.resolve("checkpoint/detect")));
            rssFigures(rss, results);
            heapFigures(Files.readAllLines(work.resolve("gc.log")), results);
            stack.deleteTopics(prefix);
        }
        try (Stream<Path> paths = Files.walk(work.resolve("checkpoint"))) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        new BenchReport("alert job backfill bench", results, "(records/s: stored records over the job's whole run, JVM and Spark start "
                + "included; RSS: the job's JVM, sampled every second (rss.csv); logs in " + work + ")").print(format.json());
        return 0;
    }

    private LocalDate validate() {
        CommandLine cl = spec.commandLine();
        if (days < 1) {
            throw new CommandLine.ParameterException(cl, "--days must be at least 1, not " + days);
        }
        if (!heap.matches("\\d+[mMgG]")) {
            throw new CommandLine.ParameterException(cl, "--heap is a JVM size such as 1536m or 2g, not " + heap);
        }
        try {
            return LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(cl, "--from is a date such as 2026-10-01, not " + from);
        }
    }

    /** The configuration file and --set pairs, as flags for a child program. */
    static List<String> configArgs(Path configFile, Map<String, String> runSets) {
        List<String> args = new ArrayList<>();
        if (configFile != null) {
            args.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
        }
        runSets.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    /** A child program, its output (both streams) to {@code log}, no input. */
    static Process start(List<String> command, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** [seconds since start in ms, VmRSS kB] every second until the process ends. */
    private static List<long[]> sampleRss(Process p) throws InterruptedException {
        List<long[]> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(1, TimeUnit.SECONDS)) {
            long kb = ProcStatus.kilobytes(status, "VmRSS");
            if (kb > 0) {
                samples.add(new long[] {(System.nanoTime() - t0) / 1_000_000, kb});
            }
        }
        return samples;
    }

    /** From the job's per-batch lines: what the ingest query stored and quarantined, and the detect query's late inputs and firings. */
    static void summarize(List<String> log, double seconds, Map<String, Object> results) {
        long stored = 0;
        long invalid = 0;
        long largest = 0;
        long late = 0;
        long fired = 0;
        for (String line : log) {
            Matcher m = INGEST.matcher(line);
            if (m.find()) {
                stored += Long.parseLong(m.group(5));
                invalid += Long.parseLong(m.group(6));
                largest = Math.max(largest, Long.parseLong(m.group(5)) + Long.parseLong(m.group(6)));
            }
            Matcher d = DETECT.matcher(line);
            if (d.find()) {
                fired += Long.parseLong(d.group(2));
                late += Long.parseLong(d.group(3));
            }
        }
        results.put("records_stored", stored);
        results.put("job_s", round(seconds));
        results.put("records_per_s", Math.round(stored / seconds));
        results.put("largest_ingest_batch", largest);
        results.put("quarantined_invalid", invalid);
        results.put("quarantined_late", late);
        results.put("alerts_fired", fired);
    }

    /** Committed micro-batches: the query's commit log entries. */
    static long committedBatches(Path queryCheckpoint) throws IOException {
        Path commits = queryCheckpoint.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+")).count();
        }
    }

    /** Peak, and the mean of the first and of the last quarter of the run (by time). */
    static void rssFigures(List<long[]> samples, Map<String, Object> results) {
        results.put("rss_samples", samples.size());
        if (samples.isEmpty()) {
            return;
        }
        long end = samples.get(samples.size() - 1)[0];
        results.put("peak_rss_mb", samples.stream().mapToLong(s -> s[1]).max().orElse(0) / 1024);
        double firstQuarter = samples.stream().filter(s -> s[0] <= end / 4).mapToLong(s -> s[1]).average().orElse(0) / 1024;
        double lastQuarter = samples.stream().filter(s -> s[0] >= end * 3 / 4).mapToLong(s -> s[1]).average().orElse(0) / 1024;
        results.put("rss_first_quarter_mb", Math.round(firstQuarter));
        results.put("rss_last_quarter_mb", Math.round(lastQuarter));
        results.put("rss_last_vs_first", round(lastQuarter / firstQuarter));
    }

    private static final Pattern GC = Pattern.compile("^\\[([0-9.]+)s\\].* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /**
     * What the heap holds after each collection (the live data, unlike RSS, which also grows
     * while the JVM commits heap it was allowed): the largest in the first and in the last
     * quarter of the run.
     */
    static void heapFigures(List<String> gcLog, Map<String, Object> results) {
        List<double[]> after = new ArrayList<>();
        for (String line : gcLog) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                after.add(new double[] {Double.parseDouble(m.group(1)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
            }
        }
        results.put("gcs", after.size());
        if (after.isEmpty()) {
            return;
        }
        double end = after.get(after.size() - 1)[0];
        results.put("heap_after_gc_first_quarter_max_mb", Math.round(after.stream().filter(a -> a[0] <= end / 4).mapToDouble(a -> a[1]).max().orElse(0)));
        results.put("heap_after_gc_last_quarter_max_mb", Math.round(after.stream().filter(a -> a[0] >= end * 3 / 4).mapToDouble(a -> a[1]).max().orElse(0)));
        results.put("heap_committed_max_mb", Math.round(after.stream().mapToDouble(a -> a[2]).max().orElse(0)));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Progress goes to stderr, so stdout carries only the report (and stays valid JSON). */
    private static void progress(String line) {
        System.err.println("bench: " + line);
    }
}
