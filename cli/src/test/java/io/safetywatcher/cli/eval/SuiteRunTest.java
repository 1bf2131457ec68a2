package io.safetywatcher.cli.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteRunTest {
    static final Instant NOW = Instant.parse("2026-11-22T13:00:00Z");

    static SuiteRun.Entry entry(String name, String start, Duration d) {
        return new SuiteRun.Entry(Path.of(name + ".yaml"), name, Instant.parse(start), d);
    }

    @Test
    void theTimelineMovesByWholeWeeksToEndInThePastWeek() {
        List<SuiteRun.Entry> t = SuiteRun.timeline(List.of(
                entry("night", "2026-11-05T01:30:00Z", Duration.ofMinutes(100)),
                entry("day", "2026-11-03T10:00:00Z", Duration.ofMinutes(100))), NOW);
        assertThat(t).extracting(SuiteRun.Entry::name).containsExactly("day", "night");
        SuiteRun.Entry last = t.get(1);
        assertThat(last.end()).isBefore(NOW.minus(Duration.ofHours(1))).isAfter(NOW.minus(Duration.ofDays(8)));
        assertThat(last.start().atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
        assertThat(last.start().atZone(ZoneOffset.UTC).toLocalTime().toString()).isEqualTo("01:30");
        // Far in the past or in the future: moved the same way.
        assertThat(SuiteRun.timeline(List.of(entry("old", "2024-01-04T01:30:00Z", Duration.ofHours(1))), NOW).get(0).start())
                .isEqualTo(last.start());
    }

    @Test
    void overlappingScenariosAreRefused() {
        assertThatThrownBy(() -> SuiteRun.timeline(List.of(
                entry("a", "2026-11-03T10:00:00Z", Duration.ofHours(2)),
                entry("b", "2026-11-03T11:00:00Z", Duration.ofHours(1))), NOW))
                .hasMessageContaining("b.yaml starts before a.yaml ends");
    }

    @Test
    void theShippedSuiteReadsAndLiesOnOneTimeline(@TempDir Path tmp) throws Exception {
        Path suite = Path.of(System.getProperty("watcher.home", "..")).resolve("simulator/scenarios/suite");
        List<SuiteRun.Entry> entries = SuiteRun.timeline(SuiteRun.read(suite), NOW);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(5);
        Files.writeString(tmp.resolve("x.yaml"), "duration: 1h\nincidents: []\n");
        assertThatThrownBy(() -> SuiteRun.read(tmp)).hasMessageContaining("needs a start and a duration");
    }

    @Test
    void theLearnedScorerRunsTheSameRulesWithTheModelGrading(@TempDir Path tmp) throws Exception {
        assertThat(SuiteRun.rulesFor(null, "rule")).isNull();
        Path mine = tmp.resolve("mine.yaml");
        Files.writeString(mine, "rules:\n  noise:\n    z_threshold: 5\n");
        assertThat(SuiteRun.rulesFor(mine, "rule")).isEqualTo(mine);
        String learned = Files.readString(SuiteRun.rulesFor(mine, "learned"));
        assertThat(learned).contains("z_threshold: 5").contains("crowd_risk:").contains("model: \"learned\"");
        assertThat(Files.readString(SuiteRun.rulesFor(null, "learned"))).contains("model: \"learned\"");
    }
}
