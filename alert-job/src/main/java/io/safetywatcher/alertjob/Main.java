package io.safetywatcher.alertjob;

import io.safetywatcher.common.config.Durations;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.AlertJob;
import io.safetywatcher.alertjob.spark.BatchCaps;
import io.safetywatcher.alertjob.spark.JobSettings;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.SparkSettings;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.DurationConverter;
import io.safetywatcher.shell.Program;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ./watcher alert-job}: the streaming alert job. The same class is the spark-submit entry point. */
@Command(name = "alert-job", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Streams readings, observations and frames from Kafka into Cassandra, quarantines bad input, "
                + "raises alerts and publishes them exactly once to the alert topic.")
public final class Main implements Callable<Integer> {

    enum TriggerMode { continuous, available_now }

    @Option(names = "--trigger", defaultValue = "continuous", converter = TriggerConverter.class,
            description = "continuous (a micro-batch every --interval) or available-now (process what is there, then exit).")
    TriggerMode trigger;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class, description = "Micro-batch interval (${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--checkpoint", defaultValue = ".watcher/checkpoints/alert-job", description = "Checkpoint folder (${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--starting-offsets", defaultValue = "earliest", description = "earliest or latest, for a new checkpoint (${DEFAULT-VALUE}).")
    String startingOffsets;

    @Option(names = "--max-offsets-per-trigger", paramLabel = "RECORDS",
            description = "Readings and observations per micro-batch (0: no cap; default job.batch.max-records).")
    Long maxOffsetsPerTrigger;

    @Option(names = "--max-bytes-per-trigger", paramLabel = "BYTES",
            description = "Frames' bytes per micro-batch (0: no cap; default job.batch.max-bytes).")
    Long maxBytesPerTrigger;

    @Option(names = "--detect", paramLabel = "ENGINE",
            description = "spark (the detect query, micro-batches) or direct (a Kafka consumer loop, state in Kafka; default job.detect).")
    String detect;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rule file merged over the defaults.")
    Path rulesFile;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    static final class TriggerConverter implements CommandLine.ITypeConverter<TriggerMode> {
        @Override
        public TriggerMode convert(String value) {
            return switch (value) {
                case "continuous" -> TriggerMode.continuous;
                case "available-now" -> TriggerMode.available_now;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not a trigger: use continuous or available-now");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        WatcherConfig config = this.config.load();
        if (detect != null) {
            if (!detect.equals("spark") && !detect.equals("direct")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--detect must be spark or direct, not '" + detect + "'");
            }
            config = config.with("job.detect", detect, "--detect");
        }
        Duration every = interval;
        if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--starting-offsets must be earliest or latest, not '" + startingOffsets + "'");
        }
        for (Long cap : new Long[] {maxOffsetsPerTrigger, maxBytesPerTrigger}) {
            if (cap != null && cap < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "a per-trigger cap cannot be negative (" + cap + "); 0 means no cap");
            }
        }
        RuleSet rules = RuleSet.load(rulesFile);
        JobSettings settings = new JobSettings(config, trigger == TriggerMode.available_now, every, checkpoint.toAbsolutePath(),
                startingOffsets, BatchCaps.of(config).with(maxOffsetsPerTrigger, maxBytesPerTrigger), Duration.ofSeconds(30));
        Topics topics = Topics.of(config);
        CapSettings cap = CapSettings.of(config); // a bad cap.* setting stops the job before Spark starts
        Duration stall = config.getDuration("job.stall-timeout", Duration.ofSeconds(30), Duration.ofHours(1));
        System.out.println("Safety Watcher alert job");
        System.out.println("  sources     " + config.get("kafka.bootstrap") + "  " + topics.readings() + ", " + topics.observations() + ", " + topics.frames()
                + " (read_committed, from " + startingOffsets + ")");
        System.out.println("  sinks       cassandra " + config.get("cassandra.host") + ":" + config.get("cassandra.port") + "/" + config.get("cassandra.keyspace")
                + "; " + topics.alerts() + " + " + topics.alertsCap() + " (CAP 1.2 as " + cap.sender() + ", " + cap.status() + ", "
                + cap.scope() + ") in one transaction; " + topics.deadLetter());
        System.out.println("  trigger     " + (settings.availableNow() ? "available-now" : "every " + Durations.format(interval))
                + "; a query without progress for " + Durations.format(stall) + " is started again");
        System.out.println("  batches     " + settings.caps().describe());
        System.out.println("  detection   " + (settings.directDetect()
                ? "direct: one Kafka consumer loop, zone state and offsets committed with the alerts (topic " + topics.prefix()
                        + "alert-job-state), at least every " + Durations.format(config.getDuration("job.detect.commit-every"))
                : "the Spark detect query, state under the checkpoint"));
        System.out.println("  checkpoint  " + settings.checkpoint());
        System.out.println("  security    cassandra " + CassandraAccess.of(config).describe() + "; kafka " + KafkaAccess.of(config).describe());
        System.out.println("  rules       " + (rulesFile == null ? "defaults" : rulesFile) + " (version " + rules.version() + ")");
        rules.describe().forEach(l -> System.out.println("    " + l));
        if (rules.risk().model() == io.safetywatcher.alertjob.rules.RiskRule.Scorer.LEARNED) {
            System.out.println("  crowd risk  " + new io.safetywatcher.alertjob.risk.RiskModelFolder(java.nio.file.Path.of(config.get("models.dir"))).describe());
        }
        System.out.println("  configuration (non-default):");
        config.describe().stream().filter(l -> l.endsWith(")")).forEach(System.out::println);

        SparkSession spark = SparkSession.builder().config(sparkConf(config)).getOrCreate();
        AlertJob job = new AlertJob(settings, rules);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread direct = settings.directDetect() ? startDirect(job, stop) : null;
        try {
            int status = new Supervisor(job, settings.queries(), spark, settings.availableNow(), stall).run();
            if (direct != null) {
                if (!settings.availableNow()) {
                    stop.set(true);
                }
                direct.join();
            }
            return status;
        } finally {
            stop.set(true);
            spark.stop();
        }
    }

    /**
     * Direct detection on a thread of its own; it restarts itself after a failure, so anything
     * that escapes it is unforeseen: the job then exits with the supervisor's restart-me status.
     */
    private static Thread startDirect(AlertJob job, java.util.concurrent.atomic.AtomicBoolean stop) {
        var detection = job.direct();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
        Thread t = new Thread(() -> {
            try {
                detection.run(stop::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                org.slf4j.LoggerFactory.getLogger("io.safetywatcher.alertjob.detect").error("direct detection stopped unexpectedly: {}; the job exits with status {} "
                        + "to be started again", Supervisor.rootMessage(e), Supervisor.EXIT_WEDGED, e);
                Runtime.getRuntime().halt(Supervisor.EXIT_WEDGED);
            }
        }, "direct-detect");
        t.start();
        return t;
    }

    /** Local by default; under spark-submit the master and the rest come from the submit. */
    public static SparkConf sparkConf(WatcherConfig c) {
        SparkConf conf = new SparkConf();
        SparkSettings.of(c, "safety-watcher-alert-job", conf.contains("spark.master"), 2).forEach(conf::set);
        return conf
                // The two queries share the cores fairly, so a long ingest batch cannot hold
                // detection (and the alerts) behind it, as first-in-first-out would.
                .set("spark.scheduler.mode", "FAIR")
                .set("spark.sql.streaming.stateStore.stateSchemaCheck", "true");
    }

    public static void main(String[] args) {
        Program.exit(new Main(), args);
    }
}
