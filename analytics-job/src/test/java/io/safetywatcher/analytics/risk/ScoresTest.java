package io.safetywatcher.analytics.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.safetywatcher.common.risk.RiskClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.safetywatcher.common.risk.RiskClass.HIGH;
import static io.safetywatcher.common.risk.RiskClass.LOW;
import static io.safetywatcher.common.risk.RiskClass.MEDIUM;
import static io.safetywatcher.common.risk.RiskClass.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoresTest {
    static void add(List<RiskClass> labels, List<RiskClass> predicted, RiskClass label, RiskClass prediction, int n) {
        for (int i = 0; i < n; i++) {
            labels.add(label);
            predicted.add(prediction);
        }
    }

    @Test
    void precisionRecallF1AndMacroF1OverTheClassesWithSupport() {
        List<RiskClass> l = new ArrayList<>();
        List<RiskClass> p = new ArrayList<>();
        add(l, p, NONE, NONE, 90);
        add(l, p, NONE, HIGH, 5);
        add(l, p, NONE, LOW, 5);
        add(l, p, HIGH, HIGH, 3);
        add(l, p, HIGH, NONE, 1);
        add(l, p, MEDIUM, HIGH, 2);
        Scores s = Scores.of(l, p);

        assertThat(s.confusion()[NONE.ordinal()]).containsExactly(90, 5, 0, 5);
        assertThat(s.confusion()[HIGH.ordinal()]).containsExactly(1, 0, 0, 3);
        assertThat(s.rows()).isEqualTo(106);
        Scores.ClassScore none = s.of(NONE);
        assertThat(none.precision()).isCloseTo(90 / 91.0, within(1e-12));
        assertThat(none.recall()).isCloseTo(0.9, within(1e-12));
        assertThat(none.support()).isEqualTo(100);
        Scores.ClassScore high = s.of(HIGH);
        assertThat(high.precision()).isCloseTo(0.3, within(1e-12));
        assertThat(high.recall()).isCloseTo(0.75, within(1e-12));
        assertThat(high.f1()).isCloseTo(2 * 0.3 * 0.75 / 1.05, within(1e-12));
        assertThat(s.of(MEDIUM).f1()).isZero();                 // never predicted: precision 0, recall 0
        assertThat(s.of(LOW).support()).isZero();               // predicted, never labelled: no support
        assertThat(s.of(LOW).predicted()).isEqualTo(5);
        // LOW has no support, so the mean is over NONE, MEDIUM and HIGH.
        assertThat(s.macroF1()).isCloseTo((none.f1() + 0 + high.f1()) / 3, within(1e-12));
        assertThat(s.accuracy()).isCloseTo(93 / 106.0, within(1e-12));

        JsonNode j = s.toJson();
        assertThat(j.path("classes").path("high").path("support").asLong()).isEqualTo(4);
        assertThat(j.path("confusion").get(0).get(3).asLong()).isEqualTo(5);
        assertThat(j.path("macro_f1").asDouble()).isCloseTo(s.macroF1(), within(1e-12));
        assertThat(s.lines()).anyMatch(line -> line.contains("macro-F1"));
    }

    @Test
    void noRowsIsNoFigureNotAnError() {
        Scores s = Scores.of(List.of(), List.of());
        assertThat(s.macroF1()).isNaN();
        assertThat(s.toJson().path("macro_f1").isNull()).isTrue();
    }
}
