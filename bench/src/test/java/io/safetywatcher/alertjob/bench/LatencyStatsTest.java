package io.safetywatcher.alertjob.bench;

import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.shell.Program;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest {
    private static final long TIMEOUT = 30_000;

    private static LatencyStats.Outcome answered(String id, long latency) {
        return new LatencyStats.Outcome(id, 1_000, new AlertProbe.Arrival(1_000 + latency, "alert-" + id, 1_000 + latency / 2));
    }

    @Test
    void failuresRankAboveEveryLatencyRatherThanBeingLeftOut() {
        List<LatencyStats.Outcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 98; i++) {
            outcomes.add(answered("s" + i, i));
        }
        outcomes.add(new LatencyStats.Outcome("never", 1_000, null));
        outcomes.add(answered("too-late", TIMEOUT + 1));

        assertThat(LatencyStats.failures(outcomes, TIMEOUT)).isEqualTo(2);
        assertThat(LatencyStats.percentile(outcomes, TIMEOUT, 50)).hasValue(50);
        assertThat(LatencyStats.percentile(outcomes, TIMEOUT, 95)).hasValue(95);
        // Rank 99 of 100 falls on a failure: the p99 is beyond the timeout, not the 98th latency.
        assertThat(LatencyStats.percentile(outcomes, TIMEOUT, 99)).isEmpty();
        assertThat(LatencyStats.percentile(outcomes, TIMEOUT, 100)).isEmpty();
        assertThat(LatencyStats.percentile(outcomes.subList(0, 98), TIMEOUT, 99)).hasValue(98);
    }

    @Test
    void theStagesAddUpToTheLatencyAndTheFinalStageIsTheStatefulOne() {
        LatencyStats.Outcome o = new LatencyStats.Outcome("gun", 10_000, new AlertProbe.Arrival(11_900, "a", 11_700));
        BatchTimings.Batch batch = new BatchTimings.Batch("detect", "q", 7, 10_400, Map.of("triggerExecution", 1_350L), 10, 0, 0, 0);
        BatchTimings.Jobs jobs = new BatchTimings.Jobs(10_500, 11_400, List.of(
                new BatchTimings.Stage(3, 10_510, 10_560, 10_900),
                new BatchTimings.Stage(4, 10_910, 10_920, 11_380)));

        Map<String, Long> split = LatencyStats.split(o, batch, Optional.of(jobs));

        assertThat(split).containsExactly(Map.entry("trigger_wait", 400L), Map.entry("planning", 100L), Map.entry("slot_wait", 60L),
                Map.entry("read_decode", 340L), Map.entry("state", 460L), Map.entry("jobs_other", 40L), Map.entry("sink", 300L),
                Map.entry("publish", 200L));
        assertThat(split.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_900);
        assertThat(LatencyStats.split(o, batch, Optional.empty()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_900);
    }

    @Test
    void directDetectionsSplitIsTheJobUntilItStampedTheAlertThenThePublication() {
        LatencyStats.Outcome o = new LatencyStats.Outcome("gun", 10_000, new AlertProbe.Arrival(10_260, "a", 10_070));
        Map<String, Long> split = LatencyStats.directSplit(o);
        assertThat(split).containsExactly(Map.entry("job", 70L), Map.entry("publish", 190L));
        assertThat(split.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(o.latency(30_000).getAsLong());
        assertThat(LatencyStats.summarize(List.of(split), LatencyStats.DIRECT_STAGES)).containsOnlyKeys("job", "publish");
    }

    @Test
    void anAlertBelongsToTheLastDetectBatchThatStartedBeforeItWasSent() {
        List<BatchTimings.Batch> detect = List.of(
                new BatchTimings.Batch("detect", "q", 1, 1_000, Map.of(), 0, 0, 0, 0),
                new BatchTimings.Batch("detect", "q", 2, 2_000, Map.of(), 0, 0, 0, 0),
                new BatchTimings.Batch("detect", "q", 3, 3_000, Map.of(), 0, 0, 0, 0));

        assertThat(LatencyStats.carrier(detect, 2_999)).map(BatchTimings.Batch::batchId).hasValue(2L);
        assertThat(LatencyStats.carrier(detect, 3_000)).map(BatchTimings.Batch::batchId).hasValue(3L);
        assertThat(LatencyStats.carrier(detect, 999)).isEmpty();
    }

    @Test
    void theSpreadIsOverTheRunsThatHaveTheFigure() {
        assertThat(LatencyStats.spread(List.of(OptionalLong.of(900), OptionalLong.of(1_200), OptionalLong.empty())))
                .containsEntry("runs", 3L).containsEntry("runs_beyond_timeout", 1L)
                .containsEntry("min", 900L).containsEntry("max", 1_200L).containsEntry("spread", 300L);
    }

    @Test
    void probesArePoissonTimesOverTheWindowEachFromASensorOfItsOwn() {
        List<String> zones = LatencyBench.ZONES;
        ProbeSchedule s = ProbeSchedule.poisson(1_000, Duration.ofMinutes(10), zones, SensorType.GUNSHOT, 42);

        assertThat(s.shots()).hasSize(1_000);
        assertThat(s.shots()).isSortedAccordingTo((a, b) -> a.after().compareTo(b.after()));
        assertThat(s.shots()).allSatisfy(x -> assertThat(x.after()).isBetween(Duration.ZERO, Duration.ofMinutes(10)));
        assertThat(new HashSet<>(s.sensorIds())).hasSize(1_000);
        assertThat(s.shots().stream().map(x -> s.zoneOf(x.sensor())).distinct()).containsExactlyInAnyOrderElementsOf(zones);
        // Poisson: the gaps are exponential, so about 1 - 1/e of them are shorter than the mean gap (0.6 s).
        long shorter = 0;
        for (int i = 1; i < 1_000; i++) {
            if (s.shots().get(i).after().minus(s.shots().get(i - 1).after()).toMillis() < 600) {
                shorter++;
            }
        }
        assertThat(shorter).isBetween(580L, 680L);
        assertThat(ProbeSchedule.poisson(1_000, Duration.ofMinutes(10), zones, SensorType.GUNSHOT, 42)).isEqualTo(s);
    }

    @Test
    void wrongFlagsAreUsageErrorsSayingWhatIsWrongBeforeAnythingStarts() {
        Program.Outcome none = Program.capture(Program.commandLine(new LatencyBench()), "--probes", "0");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--probes");
        Program.Outcome crowded = Program.capture(Program.commandLine(new LatencyBench()), "--probes", "1000", "--duration", "5s");
        assertThat(crowded.code()).isEqualTo(2);
        assertThat(crowded.err()).contains("longer --duration");
        Program.Outcome timeout = Program.capture(Program.commandLine(new LatencyBench()), "--timeout", "0s");
        assertThat(timeout.code()).isEqualTo(2);
        assertThat(timeout.err()).contains("--timeout");
    }
}
