package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Incident;
import io.safetywatcher.simulator.city.City;
import io.safetywatcher.simulator.city.CityFile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DwellLimitsTest {
    static final Instant T0 = Instant.parse("2026-11-02T14:00:00Z");
    static final City CITY = CityFile.load("default");

    static Incident incident(String id, AlertType type, String zone, int startS, int endS) {
        return new Incident(id, type, zone, List.of(), T0.plusSeconds(startS), T0.plusSeconds(endS), 0.8);
    }

    @Test
    void aLoitererIsDetectableFromTheDwellLimitOfItsZoneKind() {
        DwellLimits limits = DwellLimits.of(RuleSet.defaults(), CITY);
        List<Incident> scored = limits.onTruth(List.of(
                incident("park", AlertType.LOITERING, "riverside-park", 100, 600),        // a park: 5 min
                incident("gate", AlertType.LOITERING, "stadium-north-gate", 100, 1000),   // a stadium: 10 min
                incident("short", AlertType.LOITERING, "riverside-park", 100, 250),       // gone before the limit
                incident("fight", AlertType.FIGHT, "riverside-park", 100, 300)));
        assertThat(scored).extracting(Incident::detectableFrom).containsExactly(
                T0.plusSeconds(400), T0.plusSeconds(700), T0.plusSeconds(250), T0.plusSeconds(100));
        assertThat(scored.get(0).start()).isEqualTo(T0.plusSeconds(100)); // only the evidence moves
    }

    /** Time in a crowd does not count to a dwell (the loitering rule's own limit): the limit counts from the crowd's thinning out. */
    @Test
    void aLoitererInACrowdIsDetectableTheLimitAfterTheCrowdHasThinnedOut() {
        DwellLimits limits = DwellLimits.of(RuleSet.defaults(), CITY);
        Incident crowd = incident("crowd", AlertType.CROWD_DENSITY, "riverside-park", 50, 300).evidentUntil(T0.plusSeconds(420));
        List<Incident> scored = limits.onTruth(List.of(
                crowd,
                incident("in-it", AlertType.LOITERING, "riverside-park", 100, 1000),
                incident("hidden", AlertType.LOITERING, "riverside-park", 100, 600),      // gone before 5 min past the crowd
                incident("elsewhere", AlertType.LOITERING, "elm-street", 100, 1000),
                incident("before", AlertType.LOITERING, "riverside-park", -700, 40),     // gone before the crowd came
                incident("surge", AlertType.CROWD_SURGE, "elm-street", 1100, 1200)));    // after elm-street's loiterer left
        assertThat(scored).extracting(Incident::detectableFrom).containsExactly(
                T0.plusSeconds(50), T0.plusSeconds(720), T0.plusSeconds(600), T0.plusSeconds(400), T0.plusSeconds(-400), T0.plusSeconds(1100));
    }

    @Test
    void theRuleFilesOverrideAndTheTruthsOwnLaterEvidenceWin() {
        RuleSet rules = RuleSet.parse("zones:\n  overrides:\n    riverside-park:\n      max_dwell: 2m\n", "test");
        DwellLimits limits = DwellLimits.of(rules, CITY);
        assertThat(limits.limit("riverside-park")).isEqualTo(Duration.ofMinutes(2));
        assertThat(limits.limit("not-in-the-city")).isEqualTo(Duration.ofMinutes(5)); // the default kind's
        Incident later = incident("late", AlertType.LOITERING, "riverside-park", 100, 900).detectableFrom(T0.plusSeconds(500));
        assertThat(limits.onTruth(List.of(later, incident("early", AlertType.LOITERING, "riverside-park", 100, 900))))
                .extracting(Incident::detectableFrom).containsExactly(T0.plusSeconds(500), T0.plusSeconds(220));
    }
}
