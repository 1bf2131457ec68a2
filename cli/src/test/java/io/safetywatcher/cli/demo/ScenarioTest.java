package io.safetywatcher.cli.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the demo reads of its scenario files, and where it moves the night of camera incidents. */
class ScenarioTest {
    static final Path HOME = Path.of(System.getProperty("watcher.home", "..")).toAbsolutePath().normalize();

    @Test
    void theCameraNightIsMovedToTheLatestNightThatEndsBeforeTheHistory() throws Exception {
        Scenario night = Scenario.read(HOME.resolve(DemoSteps.CameraIncidents.SCENARIO));
        assertThat(night.start()).isEqualTo("2026-11-12T01:30:00Z");
        assertThat(night.duration()).isEqualTo(Duration.ofMinutes(4));
        assertThat(night.expectedAlertTypes()).containsExactly("intrusion", "fight");
        // History from 08:41: this morning's 01:30-01:34 fits before it.
        assertThat(night.latestStartEndingBy(Instant.parse("2026-12-04T08:40:00Z"))).isEqualTo("2026-12-04T01:30:00Z");
        // Ending exactly at the bound still fits; a minute less does not, so the night before.
        assertThat(night.latestStartEndingBy(Instant.parse("2026-12-04T01:34:00Z"))).isEqualTo("2026-12-04T01:30:00Z");
        assertThat(night.latestStartEndingBy(Instant.parse("2026-12-04T01:33:00Z"))).isEqualTo("2026-12-03T01:30:00Z");
        // A history that starts after midnight but before 01:34 needs the night before as well.
        assertThat(night.latestStartEndingBy(Instant.parse("2026-12-04T00:20:00Z"))).isEqualTo("2026-12-03T01:30:00Z");
    }

    @Test
    void theLiveTimelinesHaveNoStartOfTheirOwn() throws Exception {
        Scenario quick = Scenario.read(HOME.resolve(DemoCommand.QUICK_SCENARIO));
        assertThat(quick.start()).isNull();
        assertThat(quick.expectedAlertTypes()).containsExactly("gunshot", "glass-break", "panic");
        assertThatThrownBy(() -> quick.latestStartEndingBy(Instant.now())).hasMessageContaining("no start");
    }
}
