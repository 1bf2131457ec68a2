package io.safetywatcher.simulator;

import io.safetywatcher.common.config.Durations;
import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.file.FileProblem;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./watcher simulate}: the city simulator's command line. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
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

    @Option(names = "--duration", paramLabel = "DURATION", description = "How much simulated time to run, e.g. 10m, 2h (default: until Ctrl-C).")
    String duration;

    @Option(names = "--speed", paramLabel = "N", description = "Simulated seconds per real second (default: simulator.speed, 1).")
    Double speed;

    @Option(names = "--backfill", description = "Generate history as fast as possible for --from..--to. Frames are skipped unless --frames is given (a month of frames is ~60 million JPEGs).")
    boolean backfill;

    @Option(names = "--from", paramLabel = "DATE", description = "Backfill start: 2026-10-01 (midnight UTC) or an instant.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Backfill end (exclusive): a date or an instant.")
    String to;

    @Option(names = "--frames", description = "Render frames in a backfill too.")
    boolean frames;

    @Option(names = "--no-frames", description = "Do not render camera frames (readings and observations only).")
    boolean noFrames;

    @Option(names = "--every", paramLabel = "DURATION", description = "Scheduled mode: each period, emit the period just ended in one batch, until stopped.")
    String every;

    @Option(names = "--once", description = "With --every: emit one batch (the last full period) and exit.")
    boolean once;

    @Option(names = "--incident-rate", paramLabel = "PER_HOUR", description = "Random incidents per simulated hour, city-wide (default: simulator.incident-rate).")
    Double incidentRate;

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

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: $WATCHER_CONFIG or ./watcher.properties).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a configuration key, e.g. --set kafka.bootstrap=host:9092.")
    Map<String, String> sets = new LinkedHashMap<>();

    private final PrintStream console = System.out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof FileProblem || e instanceof ConfigException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("error: " + e.getMessage());
            LOG.debug("failure", e);
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = WatcherConfig.load(configFile, sets);
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
            double limit = maxRate != null ? maxRate : Double.parseDouble(config.get("simulator.max-rate"));
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
        if (speed != null) {
            c = c.with("simulator.speed", Double.toString(speed), "flag --speed");
        }
        if (incidentRate != null) {
            c = c.with("simulator.incident-rate", Double.toString(incidentRate), "flag --incident-rate");
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
        long seedValue = parseLong(config, "simulator.seed");
        double speedValue = parseDouble(config, "simulator.speed", 0.001, 1_000_000);
        double rate = parseDouble(config, "simulator.incident-rate", 0, 1000);
        double bad = parseDouble(config, "simulator.bad-rate", 0, 1);
        int quality = config.getInt("simulator.jpeg-quality");
        Duration obs = config.getDuration("simulator.observation-period");
        if (frames && noFrames) {
            throw usage("--frames and --no-frames contradict each other");
        }
        if (once && every == null) {
            throw usage("--once goes with --every (one scheduled batch)");
        }
        if (backfill && every != null) {
            throw usage("--backfill and --every are different modes; pick one");
        }
        if (!backfill && (from != null || to != null)) {
            throw usage("--from and --to are for --backfill");
        }
        if (frames && !backfill) {
            throw usage("--frames is for --backfill (frames are on by default otherwise)");
        }
        City c = CityFile.load(config.get("simulator.city"));
        Topics topics = new Topics(config.get("topics.prefix"));
        Duration d = duration != null ? duration("--duration", duration) : sc.duration();
        Simulation.Mode mode;
        long startMs;
        long endMs;
        Duration period = null;
        boolean renderFrames = !noFrames;
        if (backfill) {
            if (from == null || to == null) {
                throw usage("--backfill needs --from and --to");
            }
            if (start != null || duration != null || speed != null) {
                throw usage("--backfill takes its time range from --from/--to, not --start/--duration/--speed");
            }
            mode = Simulation.Mode.FAST;
            startMs = dateOrInstant("--from", from).toEpochMilli();
            endMs = dateOrInstant("--to", to).toEpochMilli();
            if (endMs <= startMs) {
                throw usage("--to (" + to + ") must be after --from (" + from + ")");
            }
            renderFrames = frames;
        } else if (every != null) {
            period = duration("--every", every);
            if (period.compareTo(Duration.ofSeconds(10)) < 0) {
                throw usage("--every " + every + " is too short; the shortest period is 10s");
            }
            if (start != null) {
                throw usage("--every runs on the wall clock; --start does not apply");
            }
            mode = Simulation.Mode.EVERY;
            long p = period.toMillis();
            startMs = Math.floorDiv(System.currentTimeMillis(), p) * p - p; // the last full period
            endMs = once ? startMs + p : d == null ? Long.MAX_VALUE : startMs + d.toMillis();
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
        return new Simulation.Plan(c, sc, topics, settings, rate, startMs, endMs, mode, speedValue, period, once);
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

    private Duration duration(String flag, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw usage(flag + " must be more than zero, not " + text);
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw usage(flag + ": " + e.getMessage());
        }
    }

    private Instant instant(String flag, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw usage(flag + " '" + text + "' is not an instant like 2026-11-20T20:00:00Z");
        }
    }

    private Instant dateOrInstant(String flag, String text) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw usage(flag + " '" + text + "' is neither a date like 2026-10-01 nor an instant like 2026-10-01T06:00:00Z");
            }
        }
    }

    private long parseLong(WatcherConfig c, String key) {
        try {
            return Long.parseLong(c.get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " should be a whole number, not '" + c.get(key) + "'");
        }
    }

    private double parseDouble(WatcherConfig c, String key, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(c.get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " should be a number, not '" + c.get(key) + "'");
        }
        if (!(v >= min && v <= max)) {
            throw usage(key.replace("simulator.", "--") + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }
}
