package io.safetywatcher.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.cli.Main;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@code eval --offline} with no server: the job's classes in this JVM, on the simulator's records. */
class OfflineEvalTest {
    static final City CITY = CityFile.load("default");
    final AlertMatcher matcher = new AlertMatcher(Expectations.standard(), Duration.ofSeconds(30));

    /** A short morning: the sound sensors warm up for 11 minutes, then a shot, a pane and a button. */
    static final String SAMPLE = """
            start: 2026-11-03T10:00:00Z
            duration: 16m
            seed: 31
            city: default
            incidents:
              - {type: gunshot, zone: central-station, at: 12m, intensity: 0.8}
              - {type: glass-break, zone: old-market, at: 12m30s, intensity: 0.8}
              - {type: panic, zone: elm-street, at: 13m, duration: 1m}
            """;

    OfflinePlay.Played playSample() {
        return new OfflinePlay(WatcherConfig.defaults(), RuleSet.defaults(), Duration.ofSeconds(1))
                .play("sample", ScenarioFile.parse("sample.yaml", SAMPLE), CITY, 31, false);
    }

    @Test
    void theJobsDetectorsRaiseTheSampleIncidentsSoonAfterTheyAreDetectable() {
        OfflinePlay.Played p = playSample();
        assertThat(p.incidents()).hasSize(3);
        assertThat(p.records()).isGreaterThan(1000);
        Scorecard card = matcher.score(p.incidents(), p.alerts(), p.from(), p.until(), p.cameras());
        for (AlertType t : List.of(AlertType.GUNSHOT, AlertType.GLASS_BREAK, AlertType.PANIC)) {
            TypeScore s = card.types().stream().filter(x -> x.type().equals(t.id())).findFirst().orElseThrow();
            assertThat(s.tp()).as(t.id()).isEqualTo(1);
            assertThat(s.ttdSeconds().get(0)).as(t.id()).isLessThanOrEqualTo(10.0); // the sensors report every 5 s
        }
    }

    @Test
    void aLoiterersTimeToDetectCountsFromItsZonesDwellLimitUnderTheRulesPlayed() {
        var sc = ScenarioFile.parse("loiterers.yaml", """
                start: 2026-11-03T10:00:00Z
                duration: 20m
                seed: 41
                city: default
                incidents:
                  - {type: loitering, zone: riverside-park, at: 1m, duration: 8m}
                  - {type: loitering, zone: stadium-north-gate, at: 1m, duration: 14m}
                """);
        RuleSet rules = RuleSet.parse("zones:\n  overrides:\n    riverside-park:\n      max_dwell: 3m\n", "test");
        OfflinePlay.Played p = new OfflinePlay(WatcherConfig.defaults(), rules, Duration.ofSeconds(1)).play("loiterers", sc, CITY, 41, false);
        Instant start = Instant.parse("2026-11-03T10:01:00Z");
        assertThat(p.incidents()).extracting(Incident::zone, Incident::detectableFrom).containsExactlyInAnyOrder(
                tuple("riverside-park", start.plus(Duration.ofMinutes(3))),       // the override
                tuple("stadium-north-gate", start.plus(Duration.ofMinutes(10)))); // the stadium kind's
    }

    /** The case: a noise incident two minutes after a fresh start. */
    static final String EARLY_NOISE = """
            start: 2026-11-03T21:00:00Z
            duration: 6m
            seed: 37
            city: default
            incidents:
              - {type: noise, zone: old-market, at: 2m, duration: 1m, intensity: 0.8}
            """;

    @Test
    void aNoiseTwoMinutesAfterAFreshStartIsHeardFromTheWeekBeforesUsualNoiseOrFromTheSensorsFirstMinute() {
        var sc = ScenarioFile.parse("early-noise.yaml", EARLY_NOISE);
        OfflinePlay.Played withHistory = new OfflinePlay(WatcherConfig.defaults(), RuleSet.defaults(), Duration.ofSeconds(1), true)
                .play("early-noise", sc, CITY, 37, false);
        OfflinePlay.Played blind = new OfflinePlay(WatcherConfig.defaults(), RuleSet.defaults(), Duration.ofSeconds(1), false)
                .play("early-noise", sc, CITY, 37, false);
        RuleSet deafUntilWarm = RuleSet.parse("rules: {noise: {early_samples: 60}}", "deaf.yaml");
        OfflinePlay.Played deaf = new OfflinePlay(WatcherConfig.defaults(), deafUntilWarm, Duration.ofSeconds(1), false)
                .play("early-noise", sc, CITY, 37, false);
        TypeScore fromHistory = noise(matcher.score(withHistory.incidents(), withHistory.alerts(), withHistory.from(), withHistory.until(), 0));
        TypeScore young = noise(matcher.score(blind.incidents(), blind.alerts(), blind.from(), blind.until(), 0));
        TypeScore none = noise(matcher.score(deaf.incidents(), deaf.alerts(), deaf.from(), deaf.until(), 0));
        assertThat(fromHistory.tp()).as("with the week before's usual noise: %s", withHistory.alerts()).isEqualTo(1);
        assertThat(fromHistory.fp()).isZero();
        assertThat(fromHistory.ttdSeconds().get(0)).isLessThanOrEqualTo(15.0);
        assertThat(young.tp()).as("no history: the sensors judge from their first 6 samples on: %s", blind.alerts()).isEqualTo(1);
        assertThat(young.fp()).isZero();
        assertThat(young.ttdSeconds().get(0)).isLessThanOrEqualTo(15.0);
        assertThat(none.tp()).as("no history and no early verdict: 12 of the 60 samples a baseline needs").isZero();
    }

    static TypeScore noise(Scorecard card) {
        return card.types().stream().filter(x -> x.type().equals(AlertType.NOISE.id())).findFirst().orElseThrow();
    }

    @Test
    void theSameScenarioAndSeedGiveTheSameAlerts() {
        List<RaisedAlert> first = playSample().alerts();
        List<RaisedAlert> second = playSample().alerts();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void aGeneratedSuiteHasWhatWasAskedAndOnlyWhatTheCityCanShow() {
        SuiteGenerator sensors = new SuiteGenerator(CITY, "default", false);
        List<SuiteGenerator.Generated> suite = sensors.suite(40, 9);
        assertThat(suite.stream().mapToInt(SuiteGenerator.Generated::incidents).sum()).isGreaterThanOrEqualTo(40);
        assertThat(sensors.suite(40, 9)).isEqualTo(suite);
        assertThat(sensors.suite(40, 10)).isNotEqualTo(suite);
        java.util.Set<String> hours = new java.util.HashSet<>();
        for (SuiteGenerator.Generated g : suite) {
            var sc = ScenarioFile.parse(g.name() + ".yaml", g.yaml());
            long start = sc.start().toEpochMilli();
            // Placing checks every incident against the city (zones, cameras, closed hours), as the simulator does.
            assertThat(sc.place(CITY, new io.safetywatcher.simulator.life.NormalLife(CITY, 1), start, start + sc.duration().toMillis(), 1))
                    .hasSize(g.incidents());
            assertThat(sc.incidents()).allSatisfy(i -> {
                assertThat(i.type()).isNotIn(AlertType.INTRUSION, AlertType.LOITERING, AlertType.FIGHT); // no frames: no camera-only types
                assertThat(i.at()).isGreaterThanOrEqualTo(SuiteGenerator.WARM_UP);
                assertThat(i.at().plus(i.duration())).isLessThanOrEqualTo(SuiteGenerator.LENGTH);
            });
            hours.add(sc.start().toString().substring(11, 13));
        }
        assertThat(hours).hasSizeGreaterThan(2);
        SuiteGenerator withFrames = new SuiteGenerator(CITY, "default", true);
        assertThat(withFrames.suite(200, 3)).anySatisfy(g -> assertThat(g.yaml()).contains("type: fight"));
    }

    @Test
    void aCameraSuiteHoldsOnlyItsTypesAfterAShortWarmUpAndMoreOfThemAnHour() {
        List<AlertType> cameraTypes = List.of(AlertType.INTRUSION, AlertType.LOITERING, AlertType.FIGHT, AlertType.CROWD_DENSITY);
        SuiteGenerator cameras = new SuiteGenerator(CITY, "default", true, false, cameraTypes);
        List<SuiteGenerator.Generated> suite = cameras.suite(150, 5);
        int total = suite.stream().mapToInt(SuiteGenerator.Generated::incidents).sum();
        assertThat(total).isGreaterThanOrEqualTo(150);
        assertThat((double) total / suite.size()).as("incidents an hour").isGreaterThan(10);
        java.util.Set<AlertType> drawn = new java.util.HashSet<>();
        for (SuiteGenerator.Generated g : suite) {
            var sc = ScenarioFile.parse(g.name() + ".yaml", g.yaml());
            long start = sc.start().toEpochMilli();
            assertThat(sc.place(CITY, new io.safetywatcher.simulator.life.NormalLife(CITY, 1), start, start + sc.duration().toMillis(), 1))
                    .hasSize(g.incidents());
            sc.incidents().forEach(i -> {
                drawn.add(i.type());
                assertThat(i.at()).isGreaterThanOrEqualTo(SuiteGenerator.WARM_UP); // a fight needs the sound baselines
                if (i.type() == AlertType.LOITERING) { // past the zone's dwell limit, or there is nothing to detect
                    assertThat(i.duration()).isGreaterThanOrEqualTo(Duration.ofMinutes(6)).isLessThanOrEqualTo(Duration.ofMinutes(9));
                }
                assertThat(sc.incidents()).as("another %s at once in %s", i.type(), i.zone()).noneMatch(o -> o != i && o.type() == i.type()
                        && o.zone().equals(i.zone()) && o.at().compareTo(i.at().plus(i.duration())) < 0 && i.at().compareTo(o.at().plus(o.duration())) < 0);
            });
        }
        List<SuiteGenerator.Generated> loiterersAndCrowds = new SuiteGenerator(CITY, "default", true, false,
                List.of(AlertType.LOITERING, AlertType.CROWD_SURGE, AlertType.CROWD_DENSITY)).suite(150, 5);
        assertThat(loiterersAndCrowds)
                .flatExtracting(g -> ScenarioFile.parse(g.name() + ".yaml", g.yaml()).incidents())
                .allSatisfy(i -> assertThat(i.at()).isGreaterThanOrEqualTo(SuiteGenerator.SHORT_WARM_UP))
                .anySatisfy(i -> assertThat(i.at()).isLessThan(SuiteGenerator.WARM_UP)); // no sound baseline to wait for
        // Time in a crowd does not count to a dwell: a loiterer drawn in a crowd stays past their zone's limit after it has thinned out.
        DwellLimits limits = DwellLimits.of(RuleSet.defaults(), CITY);
        for (SuiteGenerator.Generated g : loiterersAndCrowds) {
            var incidents = ScenarioFile.parse(g.name() + ".yaml", g.yaml()).incidents();
            for (var l : incidents) {
                if (l.type() != AlertType.LOITERING) {
                    continue;
                }
                Duration end = l.at().plus(l.duration());
                assertThat(incidents).as("%s: a crowd hiding the loiterer %s", g.name(), l).noneMatch(c -> DwellLimits.CROWDS.contains(c.type())
                        && c.zone().equals(l.zone()) && c.at().compareTo(end) < 0 && c.at().plus(c.duration()).plusMinutes(2).compareTo(l.at()) > 0
                        && end.minus(c.at().plus(c.duration()).plusMinutes(2)).compareTo(limits.limit(l.zone()).multipliedBy(6).dividedBy(5)) < 0);
            }
        }
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(cameraTypes);
        assertThat(new SuiteGenerator(CITY, "default", false, false, List.of(AlertType.NOISE)).suite(20, 5))
                .allSatisfy(g -> assertThat(ScenarioFile.parse(g.name() + ".yaml", g.yaml()).incidents())
                        .allSatisfy(i -> assertThat(i.at()).isGreaterThanOrEqualTo(SuiteGenerator.WARM_UP)));
        assertThatThrownBy(() -> new SuiteGenerator(CITY, "default", false, false, List.of(AlertType.FIGHT)).suite(5, 1))
                .hasMessageContaining("nothing to place incidents of fight on without frames");
    }

    @Test
    void aSuitePlayedOnTwoThreadsGivesWhatItGivesOnOne() {
        List<OfflineEval.Named> suite = new SuiteGenerator(CITY, "default", false).suite(30, 12).stream()
                .map(g -> new OfflineEval.Named(g.name(), ScenarioFile.parse(g.name() + ".yaml", g.yaml()))).toList();
        assertThat(suite).hasSizeGreaterThan(2);
        OfflineEval eval = new OfflineEval(WatcherConfig.defaults(), matcher, RuleSet.defaults(), Duration.ofSeconds(1), false);
        OfflineEval.Report one = eval.run(suite, null, 1, null);
        OfflineEval.Report two = eval.run(suite, null, 2, null);
        assertThat(two.played().stream().map(OfflinePlay.Played::name).toList())
                .isEqualTo(suite.stream().map(OfflineEval.Named::name).toList());
        assertThat(two.played().stream().map(OfflinePlay.Played::alerts).toList()).isEqualTo(one.played().stream().map(OfflinePlay.Played::alerts).toList());
        assertThat(two.suite().total().tp()).isEqualTo(one.suite().total().tp()).isPositive();
        assertThat(two.records()).isEqualTo(one.records());
    }

    @Test
    void aGeneratedFaultSuiteHasEveryFaultTypeNeverTwiceAtOnceOnACameraOrOfATypeInAZone() {
        SuiteGenerator withFrames = new SuiteGenerator(CITY, "default", true, true);
        List<SuiteGenerator.Generated> suite = withFrames.suite(60, 4);
        assertThat(suite.stream().mapToInt(SuiteGenerator.Generated::incidents).sum()).isGreaterThanOrEqualTo(60);
        assertThat(withFrames.suite(60, 4)).isEqualTo(suite);
        java.util.Set<AlertType> types = new java.util.HashSet<>();
        for (SuiteGenerator.Generated g : suite) {
            var sc = ScenarioFile.parse(g.name() + ".yaml", g.yaml());
            long start = sc.start().toEpochMilli();
            assertThat(sc.place(CITY, new io.safetywatcher.simulator.life.NormalLife(CITY, 1), start, start + sc.duration().toMillis(), 1))
                    .hasSize(g.incidents());
            var faults = sc.incidents();
            for (var f : faults) {
                types.add(f.type());
                assertThat(f.type()).isIn(io.safetywatcher.simulator.incident.IncidentKinds.DEVICE_FAULTS);
                assertThat(f.camera() != null).as("%s names its camera", f.type()).isEqualTo(f.type() != AlertType.SENSOR_SILENT);
                assertThat(f.at()).isGreaterThanOrEqualTo(SuiteGenerator.FAULT_WARM_UP);
                assertThat(f.at().plus(f.duration())).isLessThanOrEqualTo(SuiteGenerator.FAULT_LENGTH);
                for (var o : faults) {
                    boolean overlap = o != f && f.at().compareTo(o.at().plus(o.duration())) < 0 && o.at().compareTo(f.at().plus(f.duration())) < 0;
                    boolean sameCamera = f.camera() != null && f.camera().equals(o.camera());
                    boolean sameKind = f.zone().equals(o.zone()) && f.type() == o.type();
                    assertThat(overlap && (sameCamera || sameKind)).as("%s and %s at once", f, o).isFalse();
                }
            }
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(io.safetywatcher.simulator.incident.IncidentKinds.DEVICE_FAULTS);
        assertThat(new SuiteGenerator(CITY, "default", false, true).suite(10, 4)).allSatisfy(g ->
                assertThat(ScenarioFile.parse(g.name() + ".yaml", g.yaml()).incidents()).allMatch(f -> f.type() == AlertType.SENSOR_SILENT));
    }

    @Test
    void offlineFromTheCommandLineGivesIntervalsAndConditionsInJson(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("sample.yaml"), SAMPLE);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("eval", "--offline", "--suite", tmp.toString(), "--format", "json", "--out", tmp.resolve("out").toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode r = Json.MAPPER.readTree(out.toString());
        assertThat(r.get("incidents").asInt()).isEqualTo(3);
        JsonNode gun = EvalCommandTest.type(r.get("suite"), "gunshot");
        assertThat(gun.get("recall_95").get(0).asDouble()).isBetween(0.2, 0.21); // 1 of 1
        assertThat(r.get("by_light").has("day")).isTrue();
        assertThat(r.get("by_light").get("day").toString()).contains("\"type\":\"gunshot\"");
        assertThat(r.get("by_crowd").fieldNames()).toIterable().containsExactly("quiet", "busy", "dense");
        assertThat(r.get("incidents_per_minute").asDouble()).isPositive();
        JsonNode written = Json.MAPPER.readTree(tmp.resolve("out/sample.result.json").toFile());
        assertThat(written.get("incidents").asInt()).isEqualTo(3);
        assertThat(written.get("raised").toString()).contains("\"type\":\"gunshot\"").contains("\"zone\":\"central-station\"");
    }

    @Test
    void offlineRefusesWhatItCannotDo(@TempDir Path tmp) {
        record Run(int code, String err) {}
        java.util.function.Function<String[], Run> eval = args -> {
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            return new Run(cl.execute(args), err.toString());
        };
        assertThat(eval.apply(new String[] {"eval", "--offline"}).err()).contains("--offline needs --suite DIR or --generate N");
        assertThat(eval.apply(new String[] {"eval", "--offline", "--generate", "0"}).err()).contains("--generate is 0");
        assertThat(eval.apply(new String[] {"eval", "--offline", "--generate", "5", "--suite", tmp.toString()}).err())
                .contains("either --suite or --generate");
        assertThat(eval.apply(new String[] {"eval", "--generate", "5"}).err()).contains("--generate, --faults, --types, --threads, --out, --trace and --no-history are for --offline");
        assertThat(eval.apply(new String[] {"eval", "--suite", tmp.toString(), "--trace", tmp.toString()}).err())
                .contains("--trace and --no-history are for --offline");
        Run trace = eval.apply(new String[] {"eval", "--offline", "--suite", tmp.toString(), "--trace", tmp.resolve("t").toString()});
        assertThat(trace.code()).isEqualTo(2);
        assertThat(trace.err()).contains("--trace records what the cameras made of their frames; add --frames");
        assertThat(eval.apply(new String[] {"eval", "--offline", "--suite", tmp.toString(), "--faults"}).err())
                .contains("--faults and --types are for --generate");
        Run types = eval.apply(new String[] {"eval", "--offline", "--generate", "5", "--types", "fight,riot"});
        assertThat(types.code()).isEqualTo(2);
        assertThat(types.err()).contains("--types riot: not an incident type the simulator injects").contains("crowd-surge");
        assertThat(eval.apply(new String[] {"eval", "--offline", "--generate", "5", "--types", "crowd-risk"}).err())
                .contains("--types crowd-risk: not an incident type");
        assertThat(eval.apply(new String[] {"eval", "--offline", "--generate", "5", "--threads", "0"}).err()).contains("--threads is 0");
        Run batch = eval.apply(new String[] {"eval", "--offline", "--generate", "5", "--batch", "0s"});
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).contains("--batch is 0s");
    }
}
