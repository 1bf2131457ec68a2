package io.safetywatcher.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputsTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void timesInEveryAcceptedForm() {
        assertThat(Inputs.time("--since", "2026-11-20T10:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(Inputs.time("--since", "2026-11-20T10:00", NOW)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(Inputs.time("--since", "2026-11-20", NOW)).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(Inputs.time("--since", "2h", NOW)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(Inputs.time("--since", "-30m", NOW)).isEqualTo(Instant.parse("2026-11-22T11:30:00Z"));
        assertThat(Inputs.time("--until", "now", NOW)).isEqualTo(NOW);
    }

    @Test
    void aMalformedTimeNamesTheFlagAndTheForms() {
        assertThatThrownBy(() -> Inputs.time("--until", "2026-13-01", NOW)).isInstanceOf(UsageError.class)
                .hasMessageStartingWith("--until: '2026-13-01' is not a time").hasMessageContaining("2026-11-20T10:00:00Z");
        assertThatThrownBy(() -> Inputs.duration("--for", "0s")).hasMessageContaining("must be positive");
    }

    @Test
    void unknownValuesSuggestTheClosest() {
        assertThatThrownBy(() -> Inputs.alertType("--type", "glassbreak")).hasMessageContaining("did you mean 'glass-break'");
        assertThatThrownBy(() -> Inputs.severity("--severity", "hihg")).hasMessageContaining("did you mean 'high'");
        assertThat(Inputs.unknown("--zone", "zone", "x", List.of()).getMessage()).contains("there are none yet");
    }
}
