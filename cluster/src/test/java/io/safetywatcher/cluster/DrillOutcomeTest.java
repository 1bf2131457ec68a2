package io.safetywatcher.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DrillOutcomeTest {
    static DrillOutcome.Event firing(String id, String sensor, long received) {
        return new DrillOutcome.Event(id, "gunshot", "FIRING", received - 500, List.of(sensor), received);
    }

    @Test
    void passesWhenEveryProbeAlertsOnceAndEveryReadingIsStored() {
        var probes = List.of(new DrillOutcome.Probe("p1", 1_000), new DrillOutcome.Probe("p2", 3_000), new DrillOutcome.Probe("p3", 5_000));
        var events = List.of(firing("a1", "p1", 1_800), firing("a2", "p2", 4_000), firing("a3", "p3", 5_900));
        var fault = new DrillOutcome.Fault("a", "cassandra-2", 2_500, 6_000, 7_000);
        var v = DrillOutcome.judge(probes, events, List.of(fault), Map.of("p1", 1L, "s1", 10L), Map.of("p1", 1L, "s1", 10L), Set.of("cassandra-2"));
        assertThat(v.passed()).as(v.failures().toString()).isTrue();
        assertThat(v.exactlyOnce()).isEqualTo(3);
        assertThat(v.latenciesMillis()).containsExactly(800L, 1_000L, 900L);
        // Only p1's alert came before the kill at 2.5 s.
        assertThat(v.beforeFaultsMillis()).containsExactly(800L);
        var f = v.faults().get(0);
        assertThat(f.probesDuringOutage()).isEqualTo(2);
        assertThat(f.answeredDuringOutage()).isEqualTo(2);
        // From the kill at 2.5 s: alerts at 4.0 and 5.9 s, healthy at 7.0 s: the longest gap is 4.0 - 5.9 s.
        assertThat(f.longestGapMillis()).isEqualTo(1_900);
    }

    @Test
    void aMissingProbeADuplicateEventAndALostRowEachFail() {
        var probes = List.of(new DrillOutcome.Probe("p1", 1_000), new DrillOutcome.Probe("p2", 3_000));
        var e = firing("a1", "p1", 1_800);
        var v = DrillOutcome.judge(probes, List.of(e, e), List.of(), Map.of("s1", 10L), Map.of("s1", 9L), Set.of());
        assertThat(v.passed()).isFalse();
        assertThat(v.missing()).containsExactly("p2");
        assertThat(v.duplicated()).containsExactly("p1");
        assertThat(v.duplicateEvents()).isEqualTo(1);
        assertThat(v.storageMismatches()).containsExactly("s1: 10 acknowledged, 9 stored");
        assertThat(v.failures()).hasSize(4);
    }

    @Test
    void aFaultWhoseLossAlertsMustSurviveFailsWhenNothingArrivedMeanwhile() {
        var probes = List.of(new DrillOutcome.Probe("p1", 3_000));
        // The alert came only after the broker was started again (at 6 s).
        var v = DrillOutcome.judge(probes, List.of(firing("a1", "p1", 6_500)), List.of(new DrillOutcome.Fault("b", "kafka-2", 2_000, 6_000, 7_000)),
                Map.of(), Map.of(), Set.of("kafka-2"));
        assertThat(v.passed()).isFalse();
        assertThat(v.failures()).singleElement().asString().contains("kafka-2");
        // The same outage of the driver is expected to pause alerts: no failure, the gap reported.
        var d = DrillOutcome.judge(probes, List.of(firing("a1", "p1", 6_500)), List.of(new DrillOutcome.Fault("d", "alert-job", 2_000, 6_000, 7_000)),
                Map.of(), Map.of(), Set.of("kafka-2"));
        assertThat(d.passed()).isTrue();
        assertThat(d.faults().get(0).longestGapMillis()).isEqualTo(4_500);
        assertThat(d.faults().get(0).firstAlertAfterRestartMillis()).isEqualTo(500);
    }

    @Test
    void otherAlertTypesAndStatesAreNotAProbesAnswer() {
        var probes = List.of(new DrillOutcome.Probe("p1", 1_000));
        var silent = new DrillOutcome.Event("x", "sensor_silent", "FIRING", 1_500, List.of("p1"), 2_000);
        var resolved = new DrillOutcome.Event("a1", "gunshot", "RESOLVED", 1_500, List.of("p1"), 2_000);
        var v = DrillOutcome.judge(probes, List.of(silent, resolved), List.of(), Map.of(), Map.of(), Set.of());
        assertThat(v.missing()).containsExactly("p1");
    }

    @Test
    void keepsUpOnlyWhenTheLastProbesWereAnsweredInTime() {
        var probes = List.of(new DrillOutcome.Probe("p1", 0), new DrillOutcome.Probe("p2", 2_000), new DrillOutcome.Probe("p3", 4_000),
                new DrillOutcome.Probe("p4", 30_000));
        var events = List.of(firing("a1", "p1", 40_000), firing("a2", "p2", 5_000), firing("a3", "p3", 6_000));
        // p4 is not due yet (sent less than 10 s ago); p2 and p3 were answered within 10 s; p1 was not.
        assertThat(DrillOutcome.keepsUp(probes, events, 35_000, 2, 10_000)).isTrue();
        assertThat(DrillOutcome.keepsUp(probes, events, 35_000, 3, 10_000)).isFalse();
        // Once p4 is due and unanswered, the job is behind again.
        assertThat(DrillOutcome.keepsUp(probes, events, 41_000, 2, 10_000)).isFalse();
    }
}
