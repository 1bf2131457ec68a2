package io.safetywatcher.simulator.scenario;

import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.shell.file.FileProblem;
import io.safetywatcher.simulator.life.NormalLife;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioFileTest {
    private final City city = CityFile.load("default");

    private static final String GOOD = """
            start: 2026-11-20T20:00:00Z   # simulated clock start
            duration: 10m
            seed: 42
            city: default
            incidents:
              - {type: loitering, zone: riverside-park, at: 2m, duration: 3m}
              - {type: crowd-surge, zone: stadium-north-gate, at: 5m, duration: 4m, intensity: 0.9}
            """;

    @Test
    void theIssueExampleParses() {
        Scenario s = ScenarioFile.parse("s.yaml", GOOD);
        assertThat(s.start()).isEqualTo(Instant.parse("2026-11-20T20:00:00Z"));
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.seed()).isEqualTo(42L);
        assertThat(s.incidents()).extracting(PlannedIncident::type).containsExactly(AlertType.LOITERING, AlertType.CROWD_SURGE);
        assertThat(s.incidents().get(1).intensity()).isEqualTo(0.9);
        long start = s.start().toEpochMilli();
        var placed = s.place(city, new NormalLife(city, 42), start, start + 600_000, 42);
        assertThat(placed.get(0).camera()).startsWith("cam-park-");
        assertThat(placed.get(1).incident().devices()).contains("dens-stadium-01");
    }

    @Test
    void theShippedDemoScenarioFitsTheDefaultCity() {
        Scenario s = ScenarioFile.load(java.nio.file.Path.of("scenarios/demo.yaml"));
        long start = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
        var placed = s.place(city, new NormalLife(city, 42), start, start + s.duration().toMillis(), 42);
        assertThat(placed).hasSize(s.incidents().size()).hasSizeGreaterThanOrEqualTo(10);
    }

    /** ./watcher demo's timelines, placed at a start of their own or, live, at any. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"demo-sensors.yaml", "demo-quick.yaml", "demo-cameras.yaml"})
    void theDemosScenariosFitTheDefaultCity(String file) {
        Scenario s = ScenarioFile.load(java.nio.file.Path.of("scenarios", file));
        long start = Instant.parse("2026-12-04T01:30:00Z").toEpochMilli();
        var placed = s.place(city, new NormalLife(city, 42), start, start + s.duration().toMillis(), 42);
        assertThat(placed).hasSize(s.incidents().size()).isNotEmpty();
    }

    @Test
    void jsonScenariosWorkToo() {
        Scenario s = ScenarioFile.parse("s.json", """
                {"start": "2026-11-20T20:00:00Z", "duration": "10m",
                 "incidents": [{"type": "fight", "zone": "old-market", "at": "1m"}]}
                """);
        assertThat(s.incidents()).hasSize(1);
        assertThatThrownBy(() -> ScenarioFile.parse("s.json", "{\"duration\": \"10m\",\n \"incidents\": [{\"type\": \"fight\", \"zone\": \"old-market\",\n \"at\": 5}]}"))
                .hasMessageContaining("s.json line 3").hasMessageContaining("incidents[0].at");
    }

    @Test
    void anUnknownZoneNamesLineAndFieldWhenCheckedAgainstTheCity() {
        Scenario s = ScenarioFile.parse("demo.yaml", GOOD.replace("zone: stadium-north-gate", "zone: stadium-nort-gate"));
        long start = s.start().toEpochMilli();
        assertThatThrownBy(() -> s.place(city, new NormalLife(city, 42), start, start + 600_000, 42))
                .isInstanceOf(FileProblem.class)
                .hasMessageContaining("demo.yaml line 7, field 'incidents[1].zone'")
                .hasMessageContaining("unknown zone 'stadium-nort-gate'");
    }

    @Test
    void eachKindOfMistakeNamesItsLineAndField() {
        expect(GOOD.replace("type: loitering", "type: loitring"), 6, "incidents[0].type", "unknown incident type 'loitring'");
        expect(GOOD.replace("at: 5m", "at: 5 minutes"), 7, "incidents[1].at", "not a duration");
        expect(GOOD.replace("intensity: 0.9", "intensity: 1.9"), 7, "incidents[1].intensity", "outside 0..1");
        expect(GOOD.replace("intensity: 0.9", "intensty: 0.9"), 7, "incidents[1].intensty", "unknown field");
        expect(GOOD.replace("at: 5m", "at: 12m"), 7, "incidents[1].at", "not inside the scenario's duration");
        expect(GOOD.replace("start: 2026-11-20T20:00:00Z", "start: tomorrow"), 1, "start", "ISO-8601");
        expect(GOOD.replace("seed: 42", "seed: forty-two"), 3, "seed", "whole number");
        expect(GOOD.replace("  - {type: loitering, zone: riverside-park, at: 2m, duration: 3m}",
                "  - {type: loitering, zone: riverside-park, at: 2m, duration: 3m"), 7, "", "not valid YAML");
    }

    @Test
    void anIntrusionMustBeWhileTheZoneIsClosed() {
        Scenario open = ScenarioFile.parse("s.yaml", """
                start: 2026-11-20T12:00:00Z
                duration: 10m
                incidents:
                  - {type: intrusion, zone: riverside-park, at: 1m}
                """);
        long start = open.start().toEpochMilli();
        assertThatThrownBy(() -> open.place(city, new NormalLife(city, 1), start, start + 600_000, 1))
                .hasMessageContaining("line 4, field 'incidents[0].at'").hasMessageContaining("is open then");
        Scenario night = ScenarioFile.parse("s.yaml", """
                start: 2026-11-20T02:00:00Z
                duration: 10m
                incidents:
                  - {type: intrusion, zone: riverside-park, at: 1m}
                """);
        long s2 = night.start().toEpochMilli();
        assertThat(night.place(city, new NormalLife(city, 1), s2, s2 + 600_000, 1)).hasSize(1);
    }

    private static void expect(String yaml, int line, String field, String message) {
        assertThatThrownBy(() -> ScenarioFile.parse("s.yaml", yaml))
                .isInstanceOf(FileProblem.class)
                .satisfies(e -> {
                    FileProblem p = (FileProblem) e;
                    assertThat(p.line()).as(p.getMessage()).isEqualTo(line);
                    assertThat(p.field()).as(p.getMessage()).isEqualTo(field);
                    assertThat(p.getMessage()).contains(message);
                });
    }
}
