package io.safetywatcher.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.analytics.risk.Evaluation;
import io.safetywatcher.analytics.risk.HoldOut;
import io.safetywatcher.analytics.risk.TruthFiles;
import io.safetywatcher.analytics.spark.AnalyticsJob;
import io.safetywatcher.analytics.spark.RiskTraining;
import io.safetywatcher.common.codec.GroundTruth;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.common.risk.RiskModels;
import io.safetywatcher.shell.ConfigOptions;
import io.safetywatcher.shell.FormatOption;
import io.safetywatcher.shell.TimeRangeOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./watcher analytics train-risk}: trains the learned crowd-risk scorer from the stored history and publishes it as a new version. */
@Command(name = "train-risk", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        resourceBundle = "io.safetywatcher.analytics.TrainRiskHelp",
        description = "Replays the stored sensor and camera history of a range of days through the alert job's detectors into per zone-minute "
                + "crowd-risk features, labels them from simulator truth files and operators' verdicts on crowd-risk alerts, trains a "
                + "random forest on all days but the newest, judges it and the rule score on the newest, and saves the model as the "
                + "next version under models.dir (the alert job serves it with crowd_risk.model: learned).",
        footer = {"", "Examples:",
                "  ./watcher analytics train-risk --from 2026-11-20 --to 2026-11-22 --truth truth.jsonl",
                "  ./watcher analytics train-risk --from 2026-11-01 --to 2026-11-30 --holdout-days 3 --format json"})
public final class TrainRisk implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TimeRangeOptions range;

    @Option(names = "--holdout-days", paramLabel = "N", defaultValue = "1",
            description = "The newest N days of the range are held out to judge the model on (default: ${DEFAULT-VALUE}).")
    int holdoutDays;

    @Option(names = "--truth", paramLabel = "FILE",
            description = "A simulator truth file (JSON lines of incidents); repeatable. Default: every *truth*.jsonl directly under stack.dir.")
    List<Path> truth = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "FILE", description = "The alert job's rule file (merged over the defaults) the features and the rule score follow.")
    Path rulesFile;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write risk-model.md, the figures of the new model, into DIR.")
    Path report;

    @Mixin
    FormatOption format;

    private final PrintStream out = System.out;

    /** The days to learn from and to judge on, checked before Spark starts. */
    HoldOut split() {
        LocalDate from = range.fromDate();
        LocalDate to = range.toDate();
        if (from == null || to == null) {
            throw new ParameterException(spec.commandLine(), "give the range to learn from: --from DAY --to DAY");
        }
        if (to.isBefore(from)) {
            throw new ParameterException(spec.commandLine(), "--to (" + to + ") is before --from (" + from + ")");
        }
        try {
            return HoldOut.of(from, to, holdoutDays);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        HoldOut split = split();
        WatcherConfig c = ConfigOptions.of(spec).load(); // --config/--set are the parent's, inherited
        RuleSet rules = RuleSet.load(rulesFile);
        PrintStream info = format.json() ? System.err : out;
        List<Path> files;
        List<Incident> incidents = new ArrayList<>();
        try {
            files = TruthFiles.of(truth, Path.of(c.get("stack.dir")));
            for (Path f : files) {
                incidents.addAll(GroundTruth.read(f));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RiskModels models = new RiskModels(Path.of(c.get("models.dir")));
        info.println("Safety Watcher crowd-risk training");
        info.println("  source       cassandra " + c.get("cassandra.host") + ":" + c.get("cassandra.port") + "/" + c.get("cassandra.keyspace"));
        info.println("  train on     " + split.train().get(0) + ".." + split.train().get(split.train().size() - 1)
                + ", held out " + split.held().get(0) + ".." + split.held().get(split.held().size() - 1));
        info.println("  truth        " + (files.isEmpty() ? "no file (labels from operators' verdicts only)"
                : files.size() + " file(s), " + incidents.size() + " incidents: " + files));
        info.println("  rules        " + (rulesFile == null ? "defaults" : rulesFile) + " (version " + rules.version() + ")");
        info.println("  models       " + models.dir().toAbsolutePath());

        SparkConf conf = AnalyticsJob.sparkConf(c);
        List<String> fileNames = files.stream().map(Path::toString).toList();
        RiskTraining.Inputs inputs = RiskTraining.inputs(conf, c.get("cassandra.keyspace"), rules, split, incidents, fileNames);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            RiskTraining.Result r = new RiskTraining(spark, c.get("cassandra.keyspace"), rules, models, Clock.systemUTC())
                    .train(split, inputs, fileNames);
            if (report != null) {
                Files.createDirectories(report);
                Files.writeString(report.resolve("risk-model.md"), r.evaluation().markdown());
            }
            if (format.json()) {
                ObjectNode o = r.evaluation().toJson();
                o.put("folder", r.folder().toAbsolutePath().toString());
                out.println(o);
            } else {
                r.evaluation().lines().forEach(out::println);
                out.println("saved crowd-risk model v" + r.version() + " to " + r.folder().toAbsolutePath()
                        + " (the alert job serves it with crowd_risk.model: learned)");
                if (report != null) {
                    out.println("report: " + report.resolve("risk-model.md").toAbsolutePath());
                }
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
