package io.safetywatcher.cli.eval;

import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.simulator.city.CityFile;
import io.safetywatcher.simulator.scenario.Scenario;
import io.safetywatcher.simulator.scenario.ScenarioFile;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline evaluation raises what the real system raises: one small sample scenario played
 * the online way ({@code eval --suite}: the simulator into Kafka, the alert job in Spark, the
 * alerts read back from the alert topic) and offline ({@link OfflinePlay}, the same start and
 * seed), and every FIRING alert of one is a FIRING alert of the other with the same type, zone
 * and severity at the same time give or take a micro-batch. The same holds when the job finds the
 * scenario waiting as a backlog.
 */
@StackTest
class OfflineMatchesOnlineTest {
    /** The offline batch (1 s) and the sensors' 5-10 s periods: inputs the job saw in another batch may tip a hold a period later. */
    static final Duration GRANULARITY = Duration.ofSeconds(10);

    /** The sample with two sensors falling silent: a silence is what a backlog read unevenly gets wrong first. */
    static final String WITH_SILENCES = OfflineEvalTest.SAMPLE + """
              - {type: sensor-silent, zone: central-station, at: 3m, duration: 2m}
              - {type: sensor-silent, zone: old-market, at: 6m, duration: 2m}
            """;

    @Test
    void theSampleScenarioGivesTheSameAlertsBothWays(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("suite"));
        Files.writeString(dir.resolve("sample.yaml"), OfflineEvalTest.SAMPLE);
        StringWriter err = new StringWriter();
        SuiteRun online = new SuiteRun(stack.config(), matcher(), SuiteRun.read(dir), 60, false, null, "json", false, 12, new PrintWriter(err));
        assertThat(online.run(new PrintWriter(new StringWriter()))).as(err.toString()).isZero();
        List<Alert> onlineFiring = firing(online.events().get(0));
        assertThat(onlineFiring).as(err.toString()).hasSizeGreaterThanOrEqualTo(3); // the sample's three incidents at least
        assertSameAlerts(onlineFiring, offline(stack, dir, online.played().get(0)), "online");
    }

    /**
     * A backfill's alerts are those of the same history sent live: the job stopped while the
     * scenario is written as fast as the simulator goes, then started again on its checkpoint,
     * reads its partitions unevenly, and must still raise what the scenario played in event-time
     * order raises (the offline play, which the test above holds to the live run), the silences
     * included and nothing taken for silent that was only not read yet.
     */
    @Test
    void aBacklogGivesTheAlertsOfTheSameHistorySentLive(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("suite"));
        Files.writeString(dir.resolve("sample.yaml"), WITH_SILENCES);
        StringWriter err = new StringWriter();
        SuiteRun backlog = new SuiteRun(stack.config(), matcher(), SuiteRun.read(dir), 60, false, null, "json", false,
                12, new PrintWriter(err)).asBacklog(true);
        assertThat(backlog.run(new PrintWriter(new StringWriter()))).as(err.toString()).isZero();
        assertThat(err.toString()).contains("starting the alert job again on its checkpoint");
        List<Alert> backlogFiring = firing(backlog.events().get(0));
        assertThat(backlogFiring).as(err.toString()).extracting(a -> a.type().id())
                .contains("gunshot", "glass-break", "panic", "sensor-silent");
        assertSameAlerts(backlogFiring, offline(stack, dir, backlog.played().get(0)), "from the backlog");
    }

    private static AlertMatcher matcher() { return new AlertMatcher(Expectations.standard(), Duration.ofSeconds(30)); }

    /** The scenario played offline where the online run played it (the same start and seed), its FIRING alerts in the run's window. */
    private static List<Alert> offline(StackEndpoints stack, Path dir, SuiteRun.Entry where) throws Exception {
        Scenario sc = ScenarioFile.load(dir.resolve("sample.yaml"));
        Scenario shifted = new Scenario(sc.file(), where.start(), sc.duration(), sc.seed(), sc.city(), sc.incidents());
        OfflinePlay.Played offline = new OfflinePlay(stack.config(), RuleSet.defaults(), Duration.ofSeconds(1))
                .play("sample", shifted, CityFile.load("default"), sc.seed(), false);
        return firing(offline.events().stream()
                .filter(a -> !a.startedAt().isBefore(where.start()) && a.startedAt().isBefore(where.end())).toList());
    }

    /** Every FIRING alert of one side is one of the other's: same type, zone and severity, within {@link #GRANULARITY}. */
    private static void assertSameAlerts(List<Alert> online, List<Alert> offline, String how) {
        List<Alert> unmatched = new ArrayList<>(offline);
        List<Alert> onlineOnly = new ArrayList<>();
        for (Alert a : online) {
            Alert same = unmatched.stream().filter(o -> o.type() == a.type() && o.zone().equals(a.zone()) && o.severity() == a.severity()
                    && Duration.between(o.updatedAt(), a.updatedAt()).abs().compareTo(GRANULARITY) <= 0).findFirst().orElse(null);
            if (same == null) {
                onlineOnly.add(a);
            } else {
                unmatched.remove(same);
            }
        }
        assertThat(onlineOnly).as("raised " + how + " only").isEmpty();
        assertThat(unmatched).as("raised offline only (not " + how + ")").isEmpty();
    }

    private static List<Alert> firing(List<Alert> events) {
        return events.stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }
}
