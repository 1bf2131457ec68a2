package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.codec.Json;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
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
    void theDemosCameraNightRaisesItsIntrusionAndItsFightFromABlindStart(@TempDir Path traces) throws IOException {
        Scenario sc = ScenarioFile.load(Path.of("..", "simulator", "scenarios", "demo-cameras.yaml"));
        var city = CityFile.load(sc.city());
        OfflinePlay.Played p = new OfflinePlay(WatcherConfig.defaults(), RuleSet.defaults(), Duration.ofSeconds(1), false)
                .play("demo-cameras", sc, city, sc.seed(), true, traces);
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

        // The trace (eval --offline --trace): every camera's frames, the fighters tracked where they fight.
        List<JsonNode> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(traces.resolve("demo-cameras.trace.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(lines.stream().map(l -> l.get("camera").asText()).distinct().count()).isEqualTo(city.cameras().size());
        assertThat(lines).allSatisfy(l -> assertThat(l.get("verdict").asText()).isIn("analysed", "refused", "skipped"));
        assertThat(lines).filteredOn(l -> l.get("zone").asText().equals("stadium-north-gate"))
                .filteredOn(l -> Instant.parse(l.get("t").asText()).isAfter(fightFrom.plusSeconds(5)) && l.has("people"))
                .anySatisfy(l -> {
                    assertThat(l.get("people").size()).isGreaterThanOrEqualTo(2);
                    assertThat(l.get("motion").asDouble()).isGreaterThan(0);
                    assertThat(l.get("people").get(0).get("box").size()).isEqualTo(4);
                });
    }
}
