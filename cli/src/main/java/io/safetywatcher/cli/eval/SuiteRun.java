package io.safetywatcher.cli.eval;

import io.safetywatcher.common.codec.GroundTruth;
import io.safetywatcher.common.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.safetywatcher.cli.LocalRun;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Incident;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code eval --suite DIR}: plays a folder of scenarios through the real system and scores
 * the alerts. The stack comes up, one alert job starts on a fresh checkpoint, and each
 * scenario is simulated in turn at {@code speed}x into Kafka with its truth file; when the
 * job has gone quiet, each scenario's window is evaluated on the alerts this run published
 * (read from the alert topic from the offsets pinned before the job started), then all together.
 *
 * <p>The scenarios' own {@code start} instants lay them out on one timeline (in that order,
 * without overlaps, so each zone's event-time clock only moves forward and one job with its
 * learnt baselines serves the whole suite). The timeline is moved by whole weeks, which keeps
 * each scenario's time of day and weekday, so that it ends in the past week: raw data must
 * be no older than the ingest's bound (400 days) and not in the future.
 */
final class SuiteRun {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration WEEK = Duration.ofDays(7);

    private final WatcherConfig config;
    private final AlertMatcher matcher;
    private final List<Entry> scenarios;
    private final int speed;
    private final boolean frames;
    private final Path rules;
    private final String format;
    private final boolean check;
    private final Integer cameras;
    private final PrintWriter err;
    /** The job stopped while the scenarios are simulated, and started again after: a backlog, as a backfill gives it. */
    private boolean backlog;
    /** The whole suite's scorecard once {@link #run} scored it; null before or when it failed. */
    private Scorecard suiteCard;
    /** The scenarios where {@link #run} played them, and each one's alert events from the topic (for comparing paths). */
    private List<Entry> played = List.of();
    private List<List<io.safetywatcher.common.event.Alert>> events = List.of();

    /** @param rules a rule file for the alert job, or null for the defaults */
    SuiteRun(WatcherConfig config, AlertMatcher matcher, List<Entry> scenarios, int speed, boolean frames, Path rules, String format,
             boolean check, Integer cameras, PrintWriter err) {
        this.config = config;
        this.matcher = matcher;
        this.scenarios = scenarios;
        this.speed = speed;
        this.frames = frames;
        this.rules = rules;
        this.format = format;
        this.check = check;
        this.cameras = cameras;
        this.err = err;
    }

    /** The simulator's top speed (simulated seconds per real second): as fast as it goes. */
    private static final int AS_FAST_AS_POSSIBLE = 1_000_000;

    /**
     * With {@code yes}, the alert job (once its fresh start has pinned the topics' ends) is stopped
     * while the scenarios are simulated, as fast as the simulator goes (the speed given is not
     * used), and started again on its checkpoint after: it finds them
     * all waiting, as after a backfill or an outage, and reads its partitions unevenly.
     */
    SuiteRun asBacklog(boolean yes) {
        this.backlog = yes;
        return this;
    }

    /** One scenario file, where it lies on the suite's timeline. */
    record Entry(Path file, String name, Instant start, Duration duration) {
        Instant end() { return start.plus(duration); }

        Entry shifted(Duration by) { return new Entry(file, name, start.plus(by), duration); }
    }

    int run(PrintWriter out) throws Exception {
        List<Entry> entries = timeline(scenarios, Instant.now());
        LocalRun run = LocalRun.up(config, null, err);
        if (run == null) {
            return 1;
        }
        Path work = Files.createDirectories(run.stackDir().resolve("eval").resolve("suite-" + System.currentTimeMillis()));
        Path jobLog = work.resolve("alert-job.log");
        say("starting the alert job (fresh checkpoint; " + (rules == null ? "default rules" : "rules " + rules) + "; log " + jobLog + ")");
        TopicAlerts published = TopicAlerts.fromNow(config, Topics.of(config).alerts());
        Path checkpoint = run.newCheckpoint("eval");
        Process job = run.startAlertJob(checkpoint, jobLog, rules);
        if (backlog) {
            say("stopping the alert job while the suite is simulated (a backlog for its restart)");
            LocalRun.stop(job);
        }
        int speed = backlog ? AS_FAST_AS_POSSIBLE : this.speed;
        try {
            for (Entry e : entries) {
                say(String.format(Locale.ROOT, "simulating %s: %s from %s at %dx%s", e.name(), e.duration(), e.start(), speed,
                        frames ? ", with frames" : ""));
                Path simLog = work.resolve(e.name() + ".simulator.log");
                List<String> args = new ArrayList<>(List.of("simulate", "--scenario", e.file().toAbsolutePath().toString(),
                        "--start", e.start().toString(), "--speed", Integer.toString(speed),
                        "--truth", work.resolve(e.name() + ".truth.jsonl").toString()));
                if (!frames) {
                    args.add("--no-frames");
                }
                Process sim = run.launch(simLog, args.toArray(String[]::new));
                if (sim.waitFor() != 0) {
                    err.println("error: the simulator failed on " + e.file() + "; the end of its log:");
                    err.print(LocalRun.tail(simLog, 20));
                    err.flush();
                    return 1;
                }
                if (!backlog && !job.isAlive()) {
                    err.println("error: the alert job stopped; the end of its log:");
                    err.print(LocalRun.tail(jobLog, 30));
                    err.flush();
                    return 1;
                }
            }
            if (backlog) {
                jobLog = work.resolve("alert-job.backlog.log");
                say("starting the alert job again on its checkpoint, the whole suite waiting for it (log " + jobLog + ")");
                job = run.startAlertJob(checkpoint, jobLog, rules);
            }
            say("waiting for the alert job to catch up with everything simulated");
            if (!run.awaitCaughtUp(job, checkpoint, Duration.ofMinutes(30))) {
                err.println("error: the alert job did not catch up within 30 minutes" + (job.isAlive() ? "" : " (it stopped)")
                        + "; the end of its log:");
                err.print(LocalRun.tail(jobLog, 30));
                err.flush();
                return 1;
            }
        } finally {
            LocalRun.stop(job);
        }

        // This run's alerts from the topic: the tables may hold an earlier run's of the same hours.
        int cams = cameras != null ? cameras : EvalCommand.registryCameras(config);
        List<Scorecard> cards = new ArrayList<>();
        List<List<io.safetywatcher.common.event.Alert>> eventsOf = new ArrayList<>();
        DwellLimits limits = DwellLimits.of(rules, config);
        for (Entry e : entries) {
            List<Incident> incidents = limits.onTruth(GroundTruth.read(work.resolve(e.name() + ".truth.jsonl")));
            eventsOf.add(published.events(e.start(), e.end()));
            cards.add(matcher.score(incidents, AlertSource.fold(eventsOf.get(eventsOf.size() - 1)), e.start(), e.end(), cams));
        }
        played = entries;
        events = eventsOf;
        Scorecard all = Scorecard.combine(cards);
        suiteCard = all;
        if (format.equals("json")) {
            ObjectNode o = Json.object();
            ArrayNode scenarios = o.putArray("scenarios");
            for (int i = 0; i < entries.size(); i++) {
                ObjectNode s = ScorecardFormat.json(cards.get(i));
                s.put("scenario", entries.get(i).name());
                scenarios.add(s);
            }
            o.set("suite", ScorecardFormat.json(all));
            out.println(o.toPrettyString());
        } else {
            out.println();
            out.printf(Locale.ROOT, "%-28s %9s %6s %4s %4s %4s%n", "scenario", "incidents", "alerts", "TP", "FP", "FN");
            for (int i = 0; i < entries.size(); i++) {
                Scorecard c = cards.get(i);
                out.printf(Locale.ROOT, "%-28s %9d %6d %4d %4d %4d%n", entries.get(i).name(), c.incidents(), c.alerts(), c.total().tp(),
                        c.total().fp(), c.total().fn());
            }
            out.println();
            out.print(ScorecardFormat.table(all));
        }
        err.println("(truth files and logs: " + work + ")");
        out.flush();
        if (check) {
            List<String> shortfalls = Targets.shortfalls(all);
            shortfalls.forEach(s -> err.println("target missed: " + s));
            err.flush();
            return shortfalls.isEmpty() ? 0 : 1;
        }
        return 0;
    }

    Scorecard suiteCard() { return suiteCard; }

    List<Entry> played() { return played; }

    List<List<io.safetywatcher.common.event.Alert>> events() { return events; }

    /**
     * The rule file for a crowd-risk scorer: {@code rules} (or none) as it is for the rule score;
     * for the learned one, a copy with {@code crowd_risk.model: learned} set, beside the original
     * or in a temporary folder.
     */
    static Path rulesFor(Path rules, String scorer) throws IOException {
        if (scorer.equals("rule")) {
            return rules;
        }
        JsonNode base = rules == null ? null : YAML.readTree(rules.toFile());
        ObjectNode root = base instanceof ObjectNode o ? o.deepCopy() : YAML.createObjectNode();
        ObjectNode r = root.get("rules") instanceof ObjectNode o ? o : root.putObject("rules");
        ObjectNode risk = r.get("crowd_risk") instanceof ObjectNode o ? o : r.putObject("crowd_risk");
        risk.put("model", "learned");
        Path file = Files.createTempFile("rules-learned-risk-", ".yaml");
        file.toFile().deleteOnExit();
        YAML.writeValue(file.toFile(), root);
        return file;
    }

    /** The scenario files of the folder (*.yaml, *.yml, *.json), each with its start and duration. */
    static List<Entry> read(Path dir) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList()) {
                JsonNode n = YAML.readTree(f.toFile());
                String name = f.getFileName().toString().replaceFirst("\\.[a-z]+$", "");
                if (n == null || !n.hasNonNull("start") || !n.hasNonNull("duration")) {
                    throw new IllegalArgumentException(f + ": a suite scenario needs a start and a duration");
                }
                Instant start;
                Duration duration;
                try {
                    start = Instant.parse(n.get("start").asText());
                    duration = Durations.parse(n.get("duration").asText());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(f + ": start or duration unreadable: " + e.getMessage());
                }
                out.add(new Entry(f, name, start, duration));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no scenario (*.yaml)");
        }
        return out;
    }

    /**
     * The entries by start, checked not to overlap, moved by whole weeks so the last one ends
     * in the week before {@code now} (less an hour, for the ingest's clock-skew bound).
     */
    static List<Entry> timeline(List<Entry> entries, Instant now) {
        List<Entry> sorted = entries.stream().sorted(Comparator.comparing(Entry::start)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                throw new IllegalArgumentException(sorted.get(i).file() + " starts before " + sorted.get(i - 1).file() + " ends");
            }
        }
        Instant lastEnd = sorted.get(sorted.size() - 1).end();
        long weeks = Math.floorDiv(Duration.between(lastEnd, now.minus(Duration.ofHours(1))).toMillis(), WEEK.toMillis());
        Duration shift = WEEK.multipliedBy(weeks);
        return sorted.stream().map(e -> e.shifted(shift)).toList();
    }

    /** Progress goes to stderr, so stdout holds only the result (JSON with --format json). */
    private void say(String s) {
        err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + s);
        err.flush();
    }
}
