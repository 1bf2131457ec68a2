package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.lifecycle.Suppression;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's log line for a held-back alert names what held it back. */
class SuppressionLineTest {
    private static final Instant T = Instant.parse("2026-12-03T22:00:00Z");

    @Test
    void eachCauseIsNamedWithItsId() {
        assertThat(AlertOutput.describe(new Suppression(Suppression.Reason.SILENCED, "f", AlertType.GUNSHOT, "park", Severity.CRITICAL, T, "s-1")))
                .isEqualTo("suppressed critical gunshot in zone park at 2026-12-03T22:00:00Z (silenced): silence s-1");
        assertThat(AlertOutput.describe(new Suppression(Suppression.Reason.INHIBITED, "f", AlertType.GUNSHOT, "park", Severity.HIGH, T, "a-9")))
                .endsWith("(inhibited): inhibiting alert a-9");
        assertThat(AlertOutput.describe(new Suppression(Suppression.Reason.COOLDOWN, "f", AlertType.GUNSHOT, "park", Severity.HIGH, T, "a-8")))
                .endsWith("(cooldown): cooldown after alert a-8");
    }
}
