package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The camera step of {@code ./watcher demo} (demo-cameras.yaml), played in this JVM as its alert
 * job meets it: a fresh start with no history (the demo backfills its history after this night),
 * every camera rendered. A fresh clone's demo once stopped here: the stadium fight was not raised,
 * though {@code mvn verify} passed, because nothing else played this step. The fight's motion
 * signal by night stayed under its threshold (0.2-0.35 against 0.4), and the sound sensors, still
 * learning with no history, heard nothing to lower it.
 */
@Tag("stack") // renders 12 cameras for 4 simulated minutes: about a minute and a half of CPU
class DemoCamerasNightTest {
    @Test
    void theDemosCameraNightRaisesItsIntrusionAndItsFightFromABlindStart() {
        Scenario sc = ScenarioFile.load(Path.of("..", "simulator", "scenarios", "demo-cameras.yaml"));
        OfflinePlay.Played p = new OfflinePlay(WatcherConfig.defaults(), RuleSet.defaults(), Duration.ofSeconds(1), false)
                .play("demo-cameras", sc, CityFile.load(sc.city()), sc.seed(), true);
        Instant fightFrom = sc.start().plusSeconds(90);
        assertThat(p.alerts()).as("the alerts: %s", p.alerts())
                .anySatisfy(a -> {
                    assertThat(a.type()).isEqualTo(AlertType.INTRUSION);
                    assertThat(a.zone()).isEqualTo("old-market");
                })
                .anySatisfy(a -> {
                    assertThat(a.type()).isEqualTo(AlertType.FIGHT);
                    assertThat(a.zone()).isEqualTo("stadium-north-gate");
                    assertThat(a.firedAt()).isBetween(fightFrom, fightFrom.plusSeconds(20));
                });
        // The sound sensors judged from their first minute (no history): the fight's shouting is heard.
        assertThat(p.events()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AlertType.NOISE);
            assertThat(e.summary()).contains("no history for this hour");
        });
    }
}
