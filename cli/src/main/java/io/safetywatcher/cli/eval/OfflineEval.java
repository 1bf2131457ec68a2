package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.Scenario;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * {@code eval --offline}: scenarios played in this JVM ({@link OfflinePlay}), one after another or on several threads,
 * each from a fresh state as on a fresh checkpoint, scored by the same {@link AlertMatcher} as
 * the online path, with 95 % Wilson intervals, time to detect from the truth's detectable-from,
 * the figures again by light (day/night) and by crowd (quiet/busy/dense), and how fast it went.
 */
final class OfflineEval {
    /** A scenario to play, by name. */
    record Named(String name, Scenario scenario) {}

    /**
     * The result: each scenario's scorecard, the suite's, and the suite's by condition.
     *
     * @param records records the simulator emitted (readings, observations, frames)
     */
    record Report(List<OfflinePlay.Played> played, List<Scorecard> cards, Scorecard suite, Map<String, Scorecard> byLight,
                  Map<String, Scorecard> byCrowd, long records, double wallSeconds) {
        int incidents() { return suite.incidents(); }

        double incidentsPerMinute() { return wallSeconds > 0 ? incidents() / (wallSeconds / 60) : Double.NaN; }
    }

    private final WatcherConfig config;
    private final AlertMatcher matcher;
    private final OfflinePlay play;
    private final boolean frames;
    private final Path traceDir;
    private final Map<String, City> cities = new ConcurrentHashMap<>();

    OfflineEval(WatcherConfig config, AlertMatcher matcher, RuleSet rules, Duration batch, boolean frames) {
        this(config, matcher, rules, batch, frames, false);
    }

    /** @param history each scenario starts from the zones' usual noise learnt from the week before ({@link OfflinePlay#usualNoise}) */
    OfflineEval(WatcherConfig config, AlertMatcher matcher, RuleSet rules, Duration batch, boolean frames, boolean history) {
        this(config, matcher, rules, batch, frames, history, null);
    }

    /** @param traceDir where each scenario's frame trace goes ({@link FrameTrace}), or null for none */
    OfflineEval(WatcherConfig config, AlertMatcher matcher, RuleSet rules, Duration batch, boolean frames, boolean history, Path traceDir) {
        this.config = config;
        this.matcher = matcher;
        this.play = new OfflinePlay(config, rules, batch, history);
        this.frames = frames;
        this.traceDir = traceDir;
    }

    /** Plays the scenarios one after another. */
    Report run(List<Named> scenarios, PrintWriter progress) {
        return run(scenarios, progress, 1, null);
    }

    /**
     * Plays the scenarios on {@code threads} threads at once. Each scenario starts from a fresh
     * state and shares nothing with the others, so the report is the same for any number of
     * threads; only the progress lines come in the order the scenarios finish.
     *
     * @param resultDir where each scenario's scorecard and alerts are written as it finishes
     *                ({@code NAME.result.json}), so a long run can be read before it ends; or null
     */
    Report run(List<Named> scenarios, PrintWriter progress, int threads, Path resultDir) {
        if (threads < 1) {
            throw new IllegalArgumentException("an offline run needs at least 1 thread, not " + threads);
        }
        long t0 = System.nanoTime();
        List<Scored> results;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, scenarios.size())), r -> {
            Thread t = new Thread(r, "offline-play");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Scored>> futures = new ArrayList<>();
            for (Named n : scenarios) {
                futures.add(pool.submit(() -> playAndScore(n, progress, t0, resultDir)));
            }
            results = new ArrayList<>();
            for (Future<Scored> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<OfflinePlay.Played> played = results.stream().map(Scored::played).toList();
        List<Scorecard> cards = results.stream().map(Scored::card).toList();
        long records = played.stream().mapToLong(OfflinePlay.Played::records).sum();
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Report(played, cards, Scorecard.combine(cards), breakdown(played, OfflinePlay.Scene.LIGHTS, OfflinePlay.Scene::light),
                breakdown(played, OfflinePlay.Scene.CROWDS, OfflinePlay.Scene::crowd), records, wall);
    }

    /** One scenario played and scored. */
    private record Scored(OfflinePlay.Played played, Scorecard card) {}

    private Scored playAndScore(Named n, PrintWriter progress, long t0, Path results) throws IOException {
        Scenario sc = n.scenario();
        String cityName = sc.city() != null ? sc.city() : config.get("simulator.city");
        City city = cities.computeIfAbsent(cityName, CityFile::load);
        long seed = sc.seed() != null ? sc.seed() : config.getLong("simulator.seed");
        OfflinePlay.Played p = play.play(n.name(), sc, city, seed, frames, traceDir);
        Scorecard card = matcher.score(p.incidents(), p.alerts(), p.heldBack(), p.from(), p.until(), p.cameras());
        if (results != null) {
            ObjectNode o = ScorecardFormat.json(card);
            ArrayNode alerts = o.putArray("raised");
            for (RaisedAlert a : p.alerts()) {
                ObjectNode r = alerts.addObject();
                r.put("id", a.id());
                r.put("type", a.type().id());
                r.put("zone", a.zone());
                r.put("started_at", a.startedAt().toString());
                r.put("fired_at", a.firedAt().toString());
                r.put("ended_at", a.endedAt() == null ? null : a.endedAt().toString());
                r.put("events", a.events());
            }
            Files.writeString(results.resolve(n.name() + ".result.json"), o.toPrettyString());
        }
        if (progress != null) {
            synchronized (progress) {
                progress.printf(Locale.ROOT, "%s: %d incidents, %d alerts, TP %d FP %d FN %d (%.1f s so far)%n", n.name(), card.incidents(),
                        card.alerts(), card.total().tp(), card.total().fp(), card.total().fn(), (System.nanoTime() - t0) / 1e9);
                progress.flush();
            }
        }
        return new Scored(p, card);
    }

    /**
     * The suite scored once per value of one condition: the incidents of that condition, and the
     * alerts an incident of it explains, or, explained by none, that fired in that condition.
     */
    private Map<String, Scorecard> breakdown(List<OfflinePlay.Played> played, List<String> values, Function<OfflinePlay.Scene, String> of) {
        Map<String, Scorecard> out = new LinkedHashMap<>();
        for (String v : values) {
            List<Scorecard> cards = new ArrayList<>();
            for (OfflinePlay.Played p : played) {
                List<Incident> incidents = p.incidents().stream().filter(i -> v.equals(of.apply(p.incidentScenes().get(i.id())))).toList();
                List<RaisedAlert> alerts = p.alerts().stream().filter(a -> {
                    Incident i = matcher.explaining(a, p.incidents());
                    return v.equals(of.apply(i != null ? p.incidentScenes().get(i.id()) : p.alertScenes().get(a)));
                }).toList();
                cards.add(matcher.score(incidents, alerts, p.heldBack(), p.from(), p.until(), 0));
            }
            out.put(v, Scorecard.combine(cards));
        }
        return out;
    }

    static String table(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "offline: %d scenarios, %d incidents, %d alerts, %,d records in %.1f s of wall time (%.0f incidents per minute)%n",
                r.played().size(), r.incidents(), r.suite().alerts(), r.records(), r.wallSeconds(), r.incidentsPerMinute()));
        b.append(String.format(Locale.ROOT, "normal life %.1f camera-hours; time to detect from each incident's detectable-from (a loiterer's: its zone's dwell limit)%n%n",
                r.suite().normalHours() * r.suite().cameras()));
        b.append(ScorecardFormat.intervalHead("type"));
        for (TypeScore t : r.suite().types()) {
            b.append(ScorecardFormat.intervalRow(t.type(), t));
        }
        b.append(ScorecardFormat.intervalRow("all", r.suite().total()));
        appendBreakdown(b, "light", r.byLight());
        appendBreakdown(b, "crowd", r.byCrowd());
        b.append(ScorecardFormat.missedLine(r.suite()));
        return b.toString();
    }

    private static void appendBreakdown(StringBuilder b, String dimension, Map<String, Scorecard> cards) {
        b.append(String.format(Locale.ROOT, "%nby %s:%n", dimension));
        b.append(ScorecardFormat.intervalHead(dimension + " / type"));
        cards.forEach((v, card) -> {
            for (TypeScore t : card.types()) {
                if (!t.empty()) {
                    b.append(ScorecardFormat.intervalRow(v + " / " + t.type(), t));
                }
            }
        });
    }

    static ObjectNode json(Report r) {
        ObjectNode o = Json.object();
        o.put("mode", "offline");
        o.put("scenarios", r.played().size());
        o.put("incidents", r.incidents());
        o.put("records", r.records());
        o.put("wall_seconds", r.wallSeconds());
        ScorecardFormat.number(o, "incidents_per_minute", r.incidentsPerMinute());
        o.set("suite", ScorecardFormat.json(r.suite()));
        o.set("by_light", byCondition(r.byLight()));
        o.set("by_crowd", byCondition(r.byCrowd()));
        ArrayNode each = o.putArray("per_scenario");
        for (int i = 0; i < r.played().size(); i++) {
            Scorecard c = r.cards().get(i);
            ObjectNode n = each.addObject();
            n.put("scenario", r.played().get(i).name());
            n.put("incidents", c.incidents());
            n.put("alerts", c.alerts());
            n.put("tp", c.total().tp());
            n.put("fp", c.total().fp());
            n.put("fn", c.total().fn());
        }
        return o;
    }

    private static ObjectNode byCondition(Map<String, Scorecard> cards) {
        ObjectNode o = Json.object();
        cards.forEach((v, card) -> {
            ArrayNode types = o.putArray(v);
            card.types().forEach(t -> types.add(ScorecardFormat.json(t)));
        });
        return o;
    }
}
