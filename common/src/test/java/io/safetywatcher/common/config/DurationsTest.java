package io.safetywatcher.common.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one duration syntax: single and compound forms, and what each refusal says. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "90s, 90000", "5m, 300000", "1m30s, 90000", "1h30m, 5400000", "2d, 172800000",
            "2d12h, 216000000", "1h1m1s1ms, 3661001", " 5m , 300000", "PT5M, 300000", "0s, 0"})
    void readsSingleAndCompoundForms(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"30, is not a duration like 500ms", "5 minutes, is not a duration like", "'', is not a duration like",
            "-5m, is not a duration like", "1m1h, largest first", "5m5m, largest first", "1.5h, is not a duration like",
            "PT5X, is not a duration", "99999999999999999999d, too long"})
    void refusesWithTheTextAndTheReason(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "500, 500ms", "90000, 1m30s", "5400000, 1h30m", "129600000, 1d12h"})
    void formatsBackInTheSameSyntax(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
