package io.safetywatcher.simulator;

import io.safetywatcher.common.config.Durations;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.incident.InjectedIncident;
import io.safetywatcher.simulator.out.DirectorySink;
import io.safetywatcher.simulator.out.KafkaSink;
import io.safetywatcher.simulator.out.Tally;
import io.safetywatcher.simulator.out.TruthFile;
import io.safetywatcher.simulator.registry.RegistryWriter;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import io.safetywatcher.simulator.world.RecordSink;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.simulator.world.WorldSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.DurationConverter;
import io.safetywatcher.shell.Program;
import io.safetywatcher.shell.ScheduleOptions;
import io.safetywatcher.shell.TimeRangeOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./watcher simulate}: the city simulator's command line. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        resourceBundle = "io.safetywatcher.simulator.Help",
        description = "Streams a simulated city into Kafka: rendered CCTV frames (JPEG), sensor readings and edge "
                + "observations, with incidents from a scenario file and/or at random, and their ground truth. "
                + "Same seed and scenario give the same records, byte for byte.",
        footer = {"", "Examples:",
                "  ./watcher simulate --duration 10m",
                "  ./watcher simulate --scenario demo.yaml --truth truth.jsonl",
                "  ./watcher simulate --backfill --from 2026-10-01 --to 2026-10-31 --incident-rate 0.5",
                "  ./watcher simulate --every 5m --once        (one batch for the last 5 minutes; cron-friendly)"})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--city", paramLabel = "FILE", description = "City file (YAML/JSON), or 'default' for the shipped city.")
    String city;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file (YAML/JSON): start, duration, seed, city, incidents.")
    Path scenario;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the scenario's, else simulator.seed).")
    Long seed;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Simulated clock start, e.g. 2026-11-20T20:00:00Z (default: the scenario's, else now).")
    String start;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How much simulated time to run, e.g. 10m, 1h30m (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--speed", paramLabel = "N", description = "Simulated seconds per real second (default: simulator.speed, 1).")
    Double speed;

    @Option(names = "--backfill", description = "Generate history as fast as possible for --from..--to. Frames are skipped unless --frames is given (a month of frames is ~60 million JPEGs).")
    boolean backfill;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--frames", description = "Render frames in a backfill too.")
    boolean frames;

    @Option(names = "--no-frames", description = "Do not render camera frames (readings and observations only).")
    boolean noFrames;

    @ArgGroup(exclusive = false, heading = "Schedule:%n")
    ScheduleOptions schedule;

    @Option(names = "--incident-rate", paramLabel = "PER_HOUR", description = "Random incidents per simulated hour, city-wide (default: simulator.incident-rate).")
    Double incidentRate;

    @Option(names = "--quiet-tail", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "No random incident goes on into the last DURATION of the run, so their alerts have resolved when it ends "
                    + "(a run that follows it starts clear; default: simulator.quiet-tail).")
    Duration quietTail;

    @Option(names = "--bad-rate", paramLabel = "SHARE", description = "Share of records that get a broken twin (malformed JSON, wrong types, out of range, unknown device, far future, truncated/empty JPEG), each recorded in the truth.")
    Double badRate;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the records to files in DIR instead of Kafka (and skip the registry).")
    Path out;

    @Option(names = "--truth", paramLabel = "FILE", description = "Also write the ground truth (incidents, bad records) as JSON lines.")
    Path truth;

    @Option(names = "--no-registry", description = "Do not write zones and devices to Cassandra.")
    boolean noRegistry;

    @Option(names = "--max-rate", paramLabel = "RECORDS_PER_S", description = "Cap on records per second sent (default: simulator.max-rate; 0 = none).")
    Double maxRate;

    @Mixin
    ConfigOptions configOptions;

    private static final double SPEED_MIN = 0.001;
    private static final double SPEED_MAX = 1_000_000;
    private static final double RATE_MAX = 1000;

    private final PrintStream console = System.out;

    public static void main(String[] args) {
        Program.exit(new Main(), args);
    }

    public static CommandLine commandLine() {
        return Program.commandLine(new Main());
    }

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = configOptions.load();
        Scenario sc = scenario == null ? Scenario.empty() : ScenarioFile.load(scenario);
        config = apply(config, sc);
        Simulation.Plan plan = plan(config, sc);

        console.println("Safety Watcher simulator — configuration:");
        config.describe().forEach(console::println);
        console.printf("city %s: %d zones, %d cameras, %d sensors; mode %s%s; seed %d; %s%n", plan.city().name(),
                plan.city().zones().size(), plan.city().cameras().size(), plan.city().sensors().size(), plan.mode(),
                plan.mode() == Simulation.Mode.LIVE ? " x" + plan.speed() : "", plan.settings().seed(),
                plan.settings().frames() ? "with frames" : "no frames");
        console.printf("simulated time from %s to %s%n", Instant.ofEpochMilli(plan.startMs()),
                plan.endMs() == Long.MAX_VALUE ? "(until stopped)" : Instant.ofEpochMilli(plan.endMs()));

        Simulation sim = new Simulation(plan); // checks the scenario against the city before anything is sent
        for (InjectedIncident i : sim.timeline().all()) {
            console.printf("  planned incident %s: %s in %s from %s to %s%n", i.incident().id(), i.type().id(), i.incident().zone(),
                    i.incident().start(), i.incident().end());
        }

        if (out == null && !noRegistry) {
            int n = RegistryWriter.write(config, plan.city(), Instant.now());
            console.printf("registry: %d zones and %d devices written to %s.zones/devices%n", plan.city().zones().size(), n,
                    config.get("cassandra.keyspace"));
        }
        RecordSink sink;
        if (out != null) {
            sink = new DirectorySink(out, plan.topics().frames());
        } else {
            KafkaSink.ensureTopics(config, List.of(plan.topics().frames(), plan.topics().readings(), plan.topics().observations(),
                    plan.topics().truth()));
            double limit = maxRate != null ? maxRate : config.getDouble("simulator.max-rate", 0, Double.POSITIVE_INFINITY);
            sink = new KafkaSink(config, limit, plan.mode() != Simulation.Mode.FAST);
        }
        if (truth != null) {
            sink = new TruthFile(sink, plan.topics().truth(), truth);
        }
        Tally tally = new Tally(sink);
        Progress progress = new Progress(tally, console, System.console() != null,
                config.getDuration("simulator.progress-interval"), LOG);

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS); // let the main thread flush and print the summary
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long wall0 = System.nanoTime();
        try {
            sim.run(tally, stop, progress::tick);
            tally.flush();
        } finally {
            try {
                tally.close();
                sim.world().close();
            } finally {
                progress.summary(wall0, stop.get(), plan.startMs(), sim.world().clock(), out, truth);
                finished.countDown();
                if (!stop.get()) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
        }
        return 0;
    }

    /** Flags win over the scenario, which wins over the configuration. */
    private WatcherConfig apply(WatcherConfig c, Scenario sc) {
        if (city != null) {
            c = c.with("simulator.city", city, "flag --city");
        } else if (sc.city() != null) {
            c = c.with("simulator.city", sc.city(), "scenario " + sc.file());
        }
        if (seed != null) {
            c = c.with("simulator.seed", Long.toString(seed), "flag --seed");
        } else if (sc.seed() != null) {
            c = c.with("simulator.seed", Long.toString(sc.seed()), "scenario " + sc.file());
        }
        inRange("--speed", speed, SPEED_MIN, SPEED_MAX);
        inRange("--incident-rate", incidentRate, 0, RATE_MAX);
        inRange("--bad-rate", badRate, 0, 1);
        if (speed != null) {
            c = c.with("simulator.speed", Double.toString(speed), "flag --speed");
        }
        if (incidentRate != null) {
            c = c.with("simulator.incident-rate", Double.toString(incidentRate), "flag --incident-rate");
        }
        if (quietTail != null) {
            c = c.with("simulator.quiet-tail", Durations.format(quietTail), "flag --quiet-tail");
        }
        if (badRate != null) {
            c = c.with("simulator.bad-rate", Double.toString(badRate), "flag --bad-rate");
        }
        if (maxRate != null) {
            c = c.with("simulator.max-rate", Double.toString(maxRate), "flag --max-rate");
        }
        return c;
    }

    private Simulation.Plan plan(WatcherConfig config, Scenario sc) {
        long seedValue = config.getLong("simulator.seed");
        double speedValue = config.getDouble("simulator.speed", SPEED_MIN, SPEED_MAX);
        double rate = config.getDouble("simulator.incident-rate", 0, RATE_MAX);
        double bad = config.getDouble("simulator.bad-rate", 0, 1);
        Duration tail = config.getDuration("simulator.quiet-tail");
        if (tail.isNegative()) {
            throw usage("--quiet-tail must not be negative, not " + Durations.format(tail));
        }
        int quality = config.getInt("simulator.jpeg-quality");
        Duration obs = config.getDuration("simulator.observation-period");
        if (frames && noFrames) {
            throw usage("--frames and --no-frames contradict each other");
        }
        Duration period = ScheduleOptions.period(schedule, spec.commandLine(), Duration.ofSeconds(10));
        if (backfill && period != null) {
            throw usage("--backfill and --every are different modes; pick one");
        }
        if (!backfill && range.given()) {
            throw usage("--from and --to are for --backfill");
        }
        if (frames && !backfill) {
            throw usage("--frames is for --backfill (frames are on by default otherwise)");
        }
        City c = CityFile.load(config.get("simulator.city"));
        Topics topics = new Topics(config.get("topics.prefix"));
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw usage("--duration must be more than zero, not " + Durations.format(duration));
        }
        Duration d = duration != null ? duration : sc.duration();
        Simulation.Mode mode;
        long startMs;
        long endMs;
        boolean renderFrames = !noFrames;
        if (backfill) {
            if (range.fromText() == null || range.toText() == null) {
                throw usage("--backfill needs --from and --to");
            }
            if (start != null || duration != null || speed != null) {
                throw usage("--backfill takes its time range from --from/--to, not --start/--duration/--speed");
            }
            mode = Simulation.Mode.FAST;
            startMs = range.fromInstant().toEpochMilli();
            endMs = range.toInstant().toEpochMilli();
            if (endMs <= startMs) {
                throw usage("--to (" + range.toText() + ") must be after --from (" + range.fromText() + ")");
            }
            renderFrames = frames;
        } else if (period != null) {
            if (start != null) {
                throw usage("--every runs on the wall clock; --start does not apply");
            }
            mode = Simulation.Mode.EVERY;
            long p = period.toMillis();
            startMs = Math.floorDiv(System.currentTimeMillis(), p) * p - p; // the last full period
            endMs = ScheduleOptions.once(schedule) ? startMs + p : d == null ? Long.MAX_VALUE : startMs + d.toMillis();
        } else {
            mode = Simulation.Mode.LIVE;
            Instant s = start != null ? instant("--start", start) : sc.start() != null ? sc.start() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            startMs = s.toEpochMilli();
            endMs = d == null ? Long.MAX_VALUE : startMs + d.toMillis();
        }
        if (d != null && d.isZero()) {
            throw usage("--duration must be more than zero");
        }
        WorldSettings settings = new WorldSettings(seedValue, renderFrames, obs, bad, quality);
        return new Simulation.Plan(c, sc, topics, settings, rate, tail, startMs, endMs, mode, speedValue, period, ScheduleOptions.once(schedule));
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

    private Instant instant(String flag, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw usage(flag + " '" + text + "' is not an instant like 2026-11-20T20:00:00Z");
        }
    }

    /** A flag's own bound, checked as the flag (the configuration key it sets is checked again, by name). */
    private void inRange(String flag, Double v, double min, double max) {
        if (v != null && !(v >= min && v <= max)) {
            throw usage(flag + " " + v + " is outside " + min + ".." + max);
        }
    }
}
