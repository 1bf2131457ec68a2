package io.safetywatcher.simulator.world;

import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.Simulation;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The truth says from when each incident's evidence exists in what the devices report. */
class DetectableFromTest {
    private final City city = CityFile.load("default");

    @Test
    void eachTypeIsDetectableWhenItsEvidenceExists() {
        Simulation sim = new Simulation(new Simulation.Plan(city, ScenarioFile.parse("d.yaml", """
                start: 2026-11-03T10:00:00Z
                duration: 30m
                seed: 7
                incidents:
                  - {type: gunshot, zone: central-station, at: 2m}
                  - {type: break-in, zone: old-market, at: 3m, duration: 5m}
                  - {type: crowd-density, zone: central-station, at: 10m, duration: 8m, intensity: 0.8}
                  - {type: crowd-surge, zone: stadium-north-gate, at: 10m, duration: 6m, intensity: 0.9}
                """), new Topics("t."), WorldSettings.defaults(7).withFrames(false), 0, Instant.parse("2026-11-03T10:00:00Z").toEpochMilli(),
                Instant.parse("2026-11-03T10:30:00Z").toEpochMilli(), Simulation.Mode.FAST, 1, null, false));
        Map<AlertType, Incident> truth = sim.timeline().all().stream().map(i -> sim.world().truthOf(i))
                .collect(Collectors.toMap(Incident::type, Function.identity()));
        Incident gun = truth.get(AlertType.GUNSHOT);
        assertThat(gun.detectableFrom()).isEqualTo(gun.start());
        Incident breakIn = truth.get(AlertType.BREAK_IN);
        // The market's camera labels the intruder at once; without a camera the PIR is the first to tell.
        assertThat(breakIn.detectableFrom()).isEqualTo(breakIn.start());
        var unwatched = new io.safetywatcher.simulator.incident.InjectedIncident(breakIn, null);
        assertThat(sim.world().conditions().detectableFrom(city.requireZone("old-market"), unwatched, true) - breakIn.start().toEpochMilli())
                .isEqualTo(Duration.ofSeconds(25).toMillis());
        assertThat(sim.world().conditions().detectableFrom(city.requireZone("old-market"), unwatched, false) - breakIn.start().toEpochMilli())
                .isEqualTo(Duration.ofSeconds(40).toMillis());

        Conditions c = sim.world().conditions();
        Incident dense = truth.get(AlertType.CROWD_DENSITY);
        long t = dense.detectableFrom().toEpochMilli();
        assertThat(dense.detectableFrom()).isAfter(dense.start()).isBefore(dense.start().plusSeconds(90)); // within the 90 s ramp
        assertThat(c.density(city.requireZone("central-station"), t)).isGreaterThanOrEqualTo(Conditions.SLOWED);
        assertThat(c.density(city.requireZone("central-station"), t - 1000)).isLessThan(Conditions.SLOWED);

        Incident surge = truth.get(AlertType.CROWD_SURGE);
        long s = surge.detectableFrom().toEpochMilli();
        var gate = city.requireZone("stadium-north-gate");
        assertThat(surge.detectableFrom()).isAfter(surge.start()).isBefore(surge.end());
        assertThat(c.density(gate, s)).isGreaterThanOrEqualTo(Conditions.SLOWED);
        assertThat(c.density(gate, s) - c.density(gate, s - Conditions.SURGE_WINDOW_MS)).isGreaterThanOrEqualTo(Conditions.SURGE_GROWTH);
        assertThat(c.density(gate, s - 1000) < Conditions.SLOWED
                || c.density(gate, s - 1000) - c.density(gate, s - 1000 - Conditions.SURGE_WINDOW_MS) < Conditions.SURGE_GROWTH).isTrue();

        // A crowd thins out over minutes after its end: the truth says until when the scene shows it.
        var station = city.requireZone("central-station");
        long denseEnd = dense.end().toEpochMilli();
        long evident = dense.evidentUntil().toEpochMilli();
        assertThat(evident).isGreaterThan(denseEnd);
        double normal = c.life().density(station, evident + 60_000);
        assertThat(c.density(station, evident - 10_000)).as("still thinning out 10 s before").isGreaterThan(normal + 0.1);
        assertThat(c.density(station, evident)).as("normal life again").isCloseTo(c.life().density(station, evident), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(surge.evidentUntil()).isAfter(surge.end());
        assertThat(gun.evidentUntil()).isEqualTo(gun.end());
        assertThat(breakIn.evidentUntil()).isEqualTo(breakIn.end());
        sim.world().close();
    }
}
