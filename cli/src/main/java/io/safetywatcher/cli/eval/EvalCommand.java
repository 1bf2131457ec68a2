package io.safetywatcher.cli.eval;

import io.safetywatcher.common.codec.GroundTruth;
import io.safetywatcher.common.config.Durations;
import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.risk.RiskModels;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.incident.IncidentKinds;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.stack.CassandraServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./watcher eval}: how right the alerts were. Matches the alerts (from Cassandra, or
 * the alert topic) to the simulator's ground truth and prints per alert type TP, FP, FN,
 * precision, recall, F1, time to detect and false alarms per camera-hour; with
 * {@code --suite DIR}, first plays a folder of scenarios through the real system; with
 * {@code --offline}, plays them (or a generated suite) in this process instead ({@link OfflineEval}).
 * Exit codes: 0 evaluated (and, with --check, every measured type met the targets),
 * 1 a failure or a missed target, 2 a usage error.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {CountsCommand.class, LoiterCommand.class, PoolCommand.class},
        description = {"Match alerts to the simulator's ground-truth incidents and score each alert type.",
                "With --suite, first play every scenario of a folder through the stack, the alert job and the simulator."})
public final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--truth", paramLabel = "FILE", description = "The simulator's truth file (--truth of ./watcher simulate).")
    Path truth;

    @Option(names = "--suite", paramLabel = "DIR", description = "Play every *.yaml scenario of DIR through the system, then evaluate them.")
    Path suite;

    @Option(names = "--from-topic", description = "Read alerts from the alert topic instead of Cassandra (alerts_by_day).")
    boolean fromTopic;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Window start: 2026-11-20T20:00:00Z or a date (default: the first incident's start less the tolerance).")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Window end, exclusive (default: the last incident's end plus the tolerance).")
    String until;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "30s",
            description = "How far outside an incident's span an alert still matches it (${DEFAULT-VALUE}).")
    String tolerance;

    @Option(names = "--cameras", paramLabel = "N", description = "Cameras of the city, for false alarms per camera-hour (default: counted in the registry).")
    Integer cameras;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--check", description = "Exit 1 unless every measured type meets the targets: precision and recall >= 0.95, "
            + "time to detect p95 <= 10 s, < 0.1 false alarms per camera-hour of normal life.")
    boolean check;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "120", description = "With --suite: simulated seconds per real second (${DEFAULT-VALUE}).")
    int speed;

    @Option(names = "--backlog", description = "With --suite: the alert job is stopped while the scenarios are simulated (as fast as the "
            + "simulator goes, --speed ignored) and started again after, so it works through them as a backlog, as it does a backfill; "
            + "its alerts should be those of the live run.")
    boolean backlog;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "With --suite: only these scenarios (file names without .yaml), e.g. --only 02-day-incidents,04-night-incidents.")
    List<String> only;

    @Option(names = "--frames", description = "With --suite: render camera frames (the camera alert types need them; slow at high speed).")
    boolean frames;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "The rule file merged over the defaults (as alert-job --rules): with --suite or --offline the alert job runs with it, to score "
                    + "a change of rules; with --truth, the rules the alerts were raised under. Loitering's time to detect counts from each zone's dwell limit in it.")
    Path rules;

    @Option(names = "--risk-scorer", paramLabel = "SCORER", defaultValue = "rule",
            description = "With --suite: who grades crowd risk: rule (the rules' score), learned (the newest model in models.dir, "
                    + "from ./watcher analytics train-risk), or both (the suite played once with each, then crowd risk compared) (${DEFAULT-VALUE}).")
    String riskScorer;

    @Option(names = "--offline", description = "Play the scenarios (--suite DIR or --generate N) in this process: the simulator, the alert "
            + "job's ingest, frame analyzer, detectors and lifecycle, in event-time order, with no Kafka, Spark or Cassandra; "
            + "deterministic and as fast as the CPU allows. Adds 95 %% intervals and the figures by light and crowd.")
    boolean offline;

    @Option(names = "--generate", paramLabel = "N", description = "With --offline: a randomized suite of at least N incidents "
            + "(random days, hours, zones, types, lengths, intensities, some overlapping) instead of --suite.")
    Integer generate;

    @Option(names = "--faults", description = "With --generate: device faults instead of incidents (camera-offline, -frozen, -covered, "
            + "-moved with --frames; sensor-silent), in 20-minute scenarios.")
    boolean faults;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "With --generate: the suite's seed (${DEFAULT-VALUE}); the same seed, the same suite and alerts.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "With --offline: write each scenario's scorecard and alerts there as it "
            + "finishes (NAME.result.json); with --generate also the generated scenarios (to replay with --suite).")
    Path outDir;

    @Option(names = "--trace", paramLabel = "DIR", description = "With --offline --frames: write what each camera made of each frame "
            + "(count, motion, tracked people and since when each dwells, the spots the tracker remembers) to DIR/NAME.trace.jsonl.gz, "
            + "one JSON object per line: how a camera alert came about, or why none did.")
    Path traceDir;

    @Option(names = "--types", paramLabel = "TYPE", split = ",",
            description = "With --generate: draw only these incident types, e.g. --types intrusion,loitering,fight (a camera suite: 3-4 "
                    + "incidents per zone and hour, and a 3-minute warm-up unless noise is drawn).")
    List<String> types;

    @Option(names = "--threads", paramLabel = "N",
            description = "With --offline: scenarios played at once (default: the machine's cores); the results do not depend on it.")
    Integer threads;

    @Option(names = "--no-history", description = "With --offline: a blind start. By default each scenario starts from the zones' usual "
            + "sound level at its hours, learnt from the same hours of the analytics.days (7) days before (normal life, no incident), as a "
            + "deployed job starts from the analytics job's noise baseline; with this, every sound sensor learns its baseline from scratch (10 minutes).")
    boolean noHistory;

    @Option(names = "--batch", paramLabel = "DURATION", defaultValue = "1s",
            description = "With --offline: event time each zone's inputs are applied in, as one micro-batch of the job (${DEFAULT-VALUE}).")
    String batch;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("text")) {
            format = "table"; // the programs' word for the same aligned output
        }
        if (!format.equals("table") && !format.equals("json")) {
            throw usage("--format is '" + format + "'; expected table or json");
        }
        if (rules != null && !Files.isRegularFile(rules)) {
            throw usage("--rules " + rules + " is not a file");
        }
        if (offline) {
            return offline(out, config(), duration("--tolerance", tolerance));
        }
        if (generate != null || outDir != null || faults || types != null || threads != null || noHistory || traceDir != null) {
            throw usage("--generate, --faults, --types, --threads, --out, --trace and --no-history are for --offline");
        }
        if ((truth == null) == (suite == null)) {
            throw usage(truth == null ? "give --truth FILE (or --suite DIR)" : "give either --truth or --suite, not both");
        }
        Duration tol = duration("--tolerance", tolerance);
        Instant from = instant("--since", since);
        Instant to = instant("--until", until);
        if (cameras != null && cameras < 0) {
            throw usage("--cameras is " + cameras + "; expected 0 or more");
        }
        // --config and --set are the CLI's own (inherited by every command).
        WatcherConfig config = ((io.safetywatcher.cli.Main) spec.root().userObject()).config();
        AlertMatcher matcher = new AlertMatcher(Expectations.standard(), tol, io.safetywatcher.alertjob.rules.RuleSet.load(rules));
        if (suite != null) {
            if (!Files.isDirectory(suite)) {
                throw usage("--suite " + suite + " is not a folder");
            }
            if (speed <= 0) {
                throw usage("--speed is " + speed + "; expected more than 0");
            }
            List<SuiteRun.Entry> entries = SuiteRun.read(suite);
            if (only != null) {
                List<String> names = entries.stream().map(SuiteRun.Entry::name).toList();
                for (String n : only) {
                    if (!names.contains(n)) {
                        throw usage("--only " + n + ": no such scenario in " + suite + "; there are " + String.join(", ", names));
                    }
                }
                entries = entries.stream().filter(e -> only.contains(e.name())).toList();
            }
            List<String> scorers = switch (riskScorer) {
                case "rule" -> List.of("rule");
                case "learned" -> List.of("learned");
                case "both" -> List.of("rule", "learned");
                default -> throw usage("--risk-scorer is '" + riskScorer + "'; expected rule, learned or both");
            };
            if (scorers.contains("learned")) {
                Path models = Path.of(config.get("models.dir"));
                if (new RiskModels(models).latest().isEmpty()) {
                    throw usage("--risk-scorer " + riskScorer + ": no learned crowd-risk model in " + models
                            + " (models.dir); train one with ./watcher analytics train-risk");
                }
            }
            int worst = 0;
            List<Scorecard> cards = new ArrayList<>();
            for (String scorer : scorers) {
                SuiteRun suiteRun = new SuiteRun(config, matcher, entries, speed, frames,
                        SuiteRun.rulesFor(rules, scorer), format, check, cameras, spec.commandLine().getErr()).asBacklog(backlog);
                worst = Math.max(worst, suiteRun.run(out));
                if (suiteRun.suiteCard() == null) {
                    return worst; // it failed and said why
                }
                cards.add(suiteRun.suiteCard());
            }
            if (cards.size() == 2) {
                out.print(ScorecardFormat.scorerComparison(cards.get(0), cards.get(1), format));
                out.flush();
            }
            return worst;
        }
        if (!Files.isRegularFile(truth)) {
            throw usage("--truth " + truth + ": no such file");
        }
        List<Incident> incidents = DwellLimits.of(rules, config).onTruth(GroundTruth.read(truth));
        if (from == null) {
            from = incidents.stream().map(Incident::start).min(Comparator.naturalOrder()).map(t -> t.minus(tol))
                    .orElseThrow(() -> usage(truth + " holds no incident, so give the window with --since and --until"));
        }
        if (to == null) {
            to = incidents.stream().map(Incident::end).max(Comparator.naturalOrder()).map(t -> t.plus(tol))
                    .orElseThrow(() -> usage(truth + " holds no incident, so give the window with --since and --until"));
        }
        if (!to.isAfter(from)) {
            throw usage("--until " + to + " is not after --since " + from);
        }
        Scorecard card = evaluate(config, matcher, incidents, from, to, fromTopic, cameras);
        print(out, card, format);
        return check ? checked(card) : 0;
    }

    private WatcherConfig config() {
        // --config and --set are the CLI's own (inherited by every command).
        return ((io.safetywatcher.cli.Main) spec.root().userObject()).config();
    }

    /** {@code --offline}: a folder's scenarios or a generated suite, played in this process. */
    private int offline(PrintWriter out, WatcherConfig config, Duration tol) throws Exception {
        if (truth != null) {
            throw usage("--offline plays scenarios; --truth scores alerts already raised");
        }
        if ((suite == null) == (generate == null)) {
            throw usage(suite == null ? "--offline needs --suite DIR or --generate N" : "give either --suite or --generate, not both");
        }
        if (fromTopic || since != null || until != null) {
            throw usage("--from-topic, --since and --until are for --truth");
        }
        if (!riskScorer.equals("rule")) {
            throw usage("--offline grades crowd risk with the rules' score only (--risk-scorer rule)");
        }
        Duration batchLength = duration("--batch", batch);
        if (batchLength.isZero()) {
            throw usage("--batch is " + batch + "; expected more than zero");
        }
        if (traceDir != null && !frames) {
            throw usage("--trace records what the cameras made of their frames; add --frames");
        }
        var ruleSet = io.safetywatcher.alertjob.rules.RuleSet.load(rules);
        List<OfflineEval.Named> scenarios = new ArrayList<>();
        if (generate != null) {
            if (generate < 1 || generate > 100_000) {
                throw usage("--generate is " + generate + "; expected 1 to 100000 incidents");
            }
            String cityName = config.get("simulator.city");
            var city = io.safetywatcher.simulator.city.CityFile.load(cityName);
            SuiteGenerator generator = new SuiteGenerator(city, cityName, frames, faults, drawnTypes(), DwellLimits.of(ruleSet, city)::limit);
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            for (SuiteGenerator.Generated g : generator.suite(generate, seed)) {
                if (outDir != null) {
                    Files.writeString(outDir.resolve(g.name() + ".yaml"), g.yaml());
                }
                scenarios.add(new OfflineEval.Named(g.name(), io.safetywatcher.simulator.scenario.ScenarioFile.parse(g.name() + ".yaml", g.yaml())));
            }
        } else {
            if (!Files.isDirectory(suite)) {
                throw usage("--suite " + suite + " is not a folder");
            }
            if (faults || types != null) {
                throw usage("--faults and --types are for --generate");
            }
            List<SuiteRun.Entry> entries = SuiteRun.read(suite);
            for (SuiteRun.Entry e : entries) {
                if (only == null || only.contains(e.name())) {
                    scenarios.add(new OfflineEval.Named(e.name(), io.safetywatcher.simulator.scenario.ScenarioFile.load(e.file())));
                }
            }
            if (only != null) {
                List<String> names = entries.stream().map(SuiteRun.Entry::name).toList();
                only.stream().filter(n -> !names.contains(n)).findFirst().ifPresent(n -> {
                    throw usage("--only " + n + ": no such scenario in " + suite + "; there are " + String.join(", ", names));
                });
            }
        }
        OfflineEval eval = new OfflineEval(config, new AlertMatcher(Expectations.standard(), tol, ruleSet), ruleSet, batchLength, frames, !noHistory,
                traceDir);
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (threadCount < 1 || threadCount > 256) {
            throw usage("--threads is " + threadCount + "; expected 1 to 256");
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        if (traceDir != null) {
            Files.createDirectories(traceDir);
        }
        OfflineEval.Report report = eval.run(scenarios, spec.commandLine().getErr(), threadCount, outDir);
        if (format.equals("json")) {
            out.println(OfflineEval.json(report).toPrettyString());
        } else {
            out.print(OfflineEval.table(report));
        }
        out.flush();
        return check ? checked(report.suite()) : 0;
    }

    /** The types --types names, or every injectable one. */
    private List<AlertType> drawnTypes() {
        if (types == null) {
            return IncidentKinds.INJECTABLE;
        }
        if (faults) {
            throw usage("--types chooses incident types; --faults draws device faults");
        }
        List<AlertType> out = new ArrayList<>();
        for (String t : types) {
            AlertType type = AlertType.fromId(t.trim()).filter(IncidentKinds.INJECTABLE::contains).orElseThrow(() -> usage("--types " + t
                    + ": not an incident type the simulator injects; expected some of "
                    + String.join(", ", IncidentKinds.INJECTABLE.stream().map(AlertType::id).toList())));
            if (!out.contains(type)) {
                out.add(type);
            }
        }
        return out;
    }

    /** Reads the alerts of [from, until) and the camera count, and scores them. */
    static Scorecard evaluate(WatcherConfig config, AlertMatcher matcher, List<Incident> incidents, Instant from, Instant until,
                              boolean fromTopic, Integer cameras) {
        List<RaisedAlert> alerts;
        List<HeldBack> heldBack = List.of(); // the topic alone does not carry them
        int cams;
        if (fromTopic && cameras != null) {
            alerts = new TopicAlerts(config, Topics.of(config).alerts()).alerts(from, until);
            cams = cameras;
        } else {
            try (CqlSession session = CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                    config.get("cassandra.datacenter"), CassandraAccess.of(config), Duration.ofSeconds(20))) {
                CassandraAlerts table = new CassandraAlerts(session, config.get("cassandra.keyspace"));
                alerts = fromTopic ? new TopicAlerts(config, Topics.of(config).alerts()).alerts(from, until)
                        : table.alerts(from, until);
                heldBack = table.heldBack(from, until);
                cams = cameras != null ? cameras : table.cameras();
            }
        }
        return matcher.score(incidents, alerts, heldBack, from, until, cams);
    }

    /** The cameras of the registry in Cassandra. */
    static int registryCameras(WatcherConfig config) {
        try (CqlSession session = CassandraServer.openSession(config.get("cassandra.host"), config.getPort("cassandra.port"),
                config.get("cassandra.datacenter"), CassandraAccess.of(config), Duration.ofSeconds(20))) {
            return new CassandraAlerts(session, config.get("cassandra.keyspace")).cameras();
        }
    }

    static void print(PrintWriter out, Scorecard card, String format) {
        if (format.equals("json")) {
            out.println(ScorecardFormat.json(card).toPrettyString());
        } else {
            out.print(ScorecardFormat.table(card));
        }
        out.flush();
    }

    /** 1 when a measured type misses a target; each shortfall on stderr so JSON on stdout stays clean. */
    int checked(Scorecard card) {
        return checked(card, spec.commandLine().getErr());
    }

    static int checked(Scorecard card, PrintWriter err) {
        List<String> shortfalls = Targets.shortfalls(card);
        shortfalls.forEach(s -> err.println("target missed: " + s));
        err.flush();
        return shortfalls.isEmpty() ? 0 : 1;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Duration duration(String flag, String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative()) {
                throw usage(flag + " is " + text + "; expected a duration of 0 or more");
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof CommandLine.ParameterException p) {
                throw p;
            }
            throw usage(flag + " is '" + text + "': " + e.getMessage());
        }
    }

    private Instant instant(String flag, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw usage(flag + " is '" + text + "'; expected an instant like 2026-11-20T20:00:00Z or a date like 2026-11-20");
        }
    }
}
