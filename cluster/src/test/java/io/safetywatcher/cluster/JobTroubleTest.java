package io.safetywatcher.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed drill prints what the job's log says went wrong, without the lines every run has. */
class JobTroubleTest {

    @Test
    void failuresAndLostTasksAreShownAndRoutineWarningsAreNot(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("alert-job.log");
        Files.write(log, List.of(
                "26/12/05 14:22:15 WARN ProcessingTimeExecutor: Current batch is falling behind.",
                "26/12/05 14:22:16 INFO alerts: batch 15: alerts fired=3",
                "26/12/05 14:22:46 WARN TaskSetManager: Lost task 1.0 in stage 91.0 (TID 496): java.io.IOException: Failed to write statements",
                "\tat com.datastax.spark.connector.writer.AsyncStatementWriter.close(TableWriter.scala:277)",
                "26/12/05 14:22:46 WARN ChannelPool: [s1|/127.0.1.2:9042]  Error while opening new channel",
                "26/12/05 14:22:47 ERROR alertjob: query detect failed: ReadTimeoutException: 2 responses were required " + "x".repeat(400)));
        List<String> shown = FaultDrill.jobTrouble(log);
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0)).contains("Lost task");
        assertThat(shown.get(1)).contains("query detect failed").endsWith("...").hasSize(303);
    }

    @Test
    void aMissingLogIsSaidNotThrown(@TempDir Path dir) {
        assertThat(FaultDrill.jobTrouble(dir.resolve("none.log"))).singleElement().asString().startsWith("(cannot read ");
    }
}
