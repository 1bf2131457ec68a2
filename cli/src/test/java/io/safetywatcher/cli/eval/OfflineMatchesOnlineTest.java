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
 * and severity at the same time give or take a micro-batch.
 */
@StackTest
class OfflineMatchesOnlineTest {
    /** The offline batch (1 s) and the sensors' 5-10 s periods: inputs the job saw in another batch may tip a hold a period later. */
    static final Duration GRANULARITY = Duration.ofSeconds(10);

    @Test
    void theSampleScenarioGivesTheSameAlertsBothWays(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("suite"));
        Files.writeString(dir.resolve("sample.yaml"), OfflineEvalTest.SAMPLE);
        AlertMatcher matcher = new AlertMatcher(Expectations.standard(), Duration.ofSeconds(30));
        StringWriter err = new StringWriter();
        SuiteRun online = new SuiteRun(stack.config(), matcher, SuiteRun.read(dir), 60, false, null, "json", false, 12, new PrintWriter(err));
        assertThat(online.run(new PrintWriter(new StringWriter()))).as(err.toString()).isZero();
        SuiteRun.Entry where = online.played().get(0);
        List<Alert> onlineFiring = firing(online.events().get(0));

        Scenario sc = ScenarioFile.load(dir.resolve("sample.yaml"));
        Scenario shifted = new Scenario(sc.file(), where.start(), sc.duration(), sc.seed(), sc.city(), sc.incidents());
        OfflinePlay.Played offline = new OfflinePlay(stack.config(), RuleSet.defaults(), Duration.ofSeconds(1))
                .play("sample", shifted, CityFile.load("default"), sc.seed(), false);
        List<Alert> offlineFiring = firing(offline.events().stream()
                .filter(a -> !a.startedAt().isBefore(where.start()) && a.startedAt().isBefore(where.end())).toList());

        // The sample's three incidents at least, and nothing more on one side than on the other.
        assertThat(onlineFiring).as(err.toString()).hasSizeGreaterThanOrEqualTo(3);
        List<Alert> unmatched = new ArrayList<>(offlineFiring);
        List<Alert> onlineOnly = new ArrayList<>();
        for (Alert a : onlineFiring) {
            Alert same = unmatched.stream().filter(o -> o.type() == a.type() && o.zone().equals(a.zone()) && o.severity() == a.severity()
                    && Duration.between(o.updatedAt(), a.updatedAt()).abs().compareTo(GRANULARITY) <= 0).findFirst().orElse(null);
            if (same == null) {
                onlineOnly.add(a);
            } else {
                unmatched.remove(same);
            }
        }
        assertThat(onlineOnly).as("raised online only").isEmpty();
        assertThat(unmatched).as("raised offline only").isEmpty();
    }

    private static List<Alert> firing(List<Alert> events) {
        return events.stream().filter(a -> a.state() == AlertState.FIRING).toList();
    }
}
