package io.safetywatcher.alertjob.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill bench reads its figures from the job's log, whichever engine detects. */
class BackfillSummaryTest {
    @Test
    void firingsAndLateInputsAreCountedFromTheDetectQueryAndFromDirectDetection() {
        List<String> log = List.of(
                "01:11:32.559 INFO  ingest - batch 36: readings=98382 observations=1616 frames=0 | persisted 99998 | quarantined 2 | 2.97 s | lag 185.2 s",
                "01:11:33.000 INFO  alerts - batch 7: alerts fired=3 updated=0 resolved=1 suppressed=0 | frames analysed 0, evidence 0 of 0 (read back and stored in 0.00 s) | quarantined 4 (late inputs, refused frames) | published | 6.96 s",
                "01:13:32.827 INFO  detect - poll 127: alerts fired=20 updated=360 resolved=390 suppressed=260 | frames analysed 0, evidence 0 of 0 (read back and stored in 0.00 s) | quarantined 1 (late inputs, refused frames) | published in 715 ms | 39.70 s");
        Map<String, Object> results = new LinkedHashMap<>();
        BackfillBench.summarize(log, 10.0, results);
        assertThat(results).containsEntry("records_stored", 99998L).containsEntry("quarantined_invalid", 2L)
                .containsEntry("alerts_fired", 23L).containsEntry("quarantined_late", 5L);
    }
}
