package io.safetywatcher.analytics;

import io.safetywatcher.common.config.Durations;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.figures.Settings;
import io.safetywatcher.analytics.report.Report;
import io.safetywatcher.analytics.spark.AnalyticsJob;
import io.safetywatcher.analytics.spark.RunResult;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
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
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/** {@code ./watcher analytics}: the analytics batch job. The same class is the spark-submit entry point. */
@Command(name = "analytics", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        subcommands = TrainRisk.class,
        resourceBundle = "io.safetywatcher.analytics.Help",
        description = "Reads the stored readings, quarantine and alerts of a range of days with Spark, writes trends, hotspots, "
                + "heatmaps, crowd peaks, noise baselines, device health and alert handling to Cassandra, and optionally a report. "
                + "Only days whose raw data changed since they were last computed are scanned again, unless --full.",
        footer = {"", "Examples:",
                "  ./watcher analytics                                  (the last 7 days, incremental)",
                "  ./watcher analytics --from 2026-10-01 --to 2026-10-30 --full --report report/",
                "  ./watcher analytics --every 1h                       (a run each hour until stopped)",
                "  ./watcher analytics --format json                    (one JSON summary per run on stdout)"})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--full", description = "Scan every day of the range again, changed or not.")
    boolean full;

    @ArgGroup(exclusive = false, heading = "Schedule:%n")
    ScheduleOptions schedule;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write report.md, report.html, PNG charts and a CSV per table into DIR (after each run).")
    Path report;

    @Mixin
    FormatOption format;

    @Mixin
    ConfigOptions config;

    @Option(names = {"-v", "--verbose"}, description = "Print every configuration key at start-up, not only those that differ from the defaults.")
    boolean verbose;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        Program.exit(new Main(), args);
    }

    public static CommandLine commandLine() {
        return Program.commandLine(new Main());
    }

    /** What the flags ask for, checked before Spark starts. */
    record Plan(LocalDate from, LocalDate to, Duration every, boolean json) {
        Range range(Clock clock, int days) {
            LocalDate last = to != null ? to : LocalDate.now(clock.withZone(ZoneOffset.UTC));
            return from != null ? new Range(from, last) : Range.lastDays(last, days);
        }
    }

    Plan plan() {
        LocalDate f = range.fromDate();
        LocalDate t = range.toDate();
        LocalDate last = t != null ? t : LocalDate.now(ZoneOffset.UTC);
        if (f != null && last.isBefore(f)) {
            throw usage(t != null ? "--to (" + t + ") is before --from (" + f + ")" : "--from " + f + " is after today (" + last + "); give --to as well");
        }
        Duration period = ScheduleOptions.period(schedule, spec.commandLine(), Duration.ofMinutes(1));
        return new Plan(f, t, period, format.json());
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        WatcherConfig config = this.config.load();
        Settings settings = Settings.of(config);
        Clock clock = Clock.systemUTC();
        PrintStream info = plan.json() ? System.err : out; // stdout stays pure JSON
        info.println("Safety Watcher analytics job");
        info.println("  source/sink  cassandra " + config.get("cassandra.host") + ":" + config.get("cassandra.port") + "/" + config.get("cassandra.keyspace"));
        info.println("  range        " + (!range.given() ? "the last " + settings.defaultDays() + " days up to today" : plan.range(clock, settings.defaultDays()))
                + (full ? ", full" : ", incremental"));
        info.println("  schedule     " + (plan.every() == null ? "one run" : ScheduleOptions.once(schedule) ? "one run (--every with --once)"
                : "every " + Durations.format(plan.every())));
        if (report != null) {
            info.println("  report       " + report.toAbsolutePath());
        }
        io.safetywatcher.analytics.archive.ArchiveSettings archive = io.safetywatcher.analytics.archive.ArchiveSettings.of(config, Path.of(""));
        info.println("  archive      " + (archive.enabled() ? archive.location() + " (finished days; read for days Cassandra no longer holds)" : "off"));
        info.println("  configuration (" + (verbose ? "all" : "non-default") + "):");
        config.describe().stream().filter(l -> verbose || l.endsWith(")")).forEach(info::println);

        SparkSession spark = SparkSession.builder().config(AnalyticsJob.sparkConf(config)).getOrCreate();
        try {
            AnalyticsJob job = new AnalyticsJob(spark, config, clock);
            Schedule.Run once1 = () -> {
                RunResult r = job.run(plan.range(clock, settings.defaultDays()), full);
                if (report != null) {
                    Report.write(r, report);
                    LOG.info("report written to {}", report.toAbsolutePath());
                }
                out.println(plan.json() ? json(r, report) : text(r));
            };
            if (plan.every() == null || ScheduleOptions.once(schedule)) {
                once1.run();
                return 0;
            }
            new Schedule(plan.every(), clock, Schedule.realTime(clock)).loop(once1, 0);
            return 0;
        } finally {
            spark.stop();
        }
    }

    static String text(RunResult r) {
        return String.format("analytics run %s: %s %s, scanned %d of %d days %s, %d readings, archived %d days %s, %.2f s; rows %s",
                r.runId(), r.full() ? "full" : "incremental", r.range(), r.daysScanned().size(), r.range().length(), r.daysScanned(),
                r.readingsScanned(), r.daysArchived().size(), r.daysArchived(), r.durationMs() / 1000.0, r.rowsWritten());
    }

    static String json(RunResult r, Path report) {
        ObjectNode o = Json.object();
        o.put("run_id", r.runId().toString());
        o.put("status", "succeeded");
        o.put("started_at", r.startedAt().toString());
        o.put("from", r.range().from().toString());
        o.put("to", r.range().to().toString());
        o.put("full", r.full());
        ArrayNode days = o.putArray("days_recomputed");
        r.daysScanned().forEach(d -> days.add(d.toString()));
        o.put("readings_scanned", r.readingsScanned());
        ArrayNode archived = o.putArray("days_archived");
        r.daysArchived().forEach(d -> archived.add(d.toString()));
        o.put("duration_ms", r.durationMs());
        ObjectNode rows = o.putObject("rows_written");
        r.rowsWritten().forEach(rows::put);
        if (report != null) {
            o.put("report", report.toAbsolutePath().toString());
        }
        return o.toString();
    }
}
