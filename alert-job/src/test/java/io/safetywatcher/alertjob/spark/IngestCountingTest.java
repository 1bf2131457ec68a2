package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.FrameMeta;
import io.safetywatcher.common.event.Observation;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ingest query counts per batch (the operator's log line, the writes it skips, the days
 * it marks changed), on hand-built outcomes merged as Spark's reduce would: no Spark, no server.
 */
class IngestCountingTest {
    static final Instant NOW = Instant.parse("2026-11-20T23:59:50Z");

    static SourceRecord source(long offset, Instant kafkaTime) {
        return new SourceRecord("sw.readings", 0, offset, kafkaTime, "k", new byte[0], Map.of());
    }

    static Ingested reading(long offset, Instant captured) {
        return new Ingested.ReadingIn(source(offset, captured.plusMillis(200)), Reading.of("snd-1", SensorType.SOUND_LEVEL, captured, 60, offset), "plaza");
    }

    static Ingested quarantined(long offset, Reason reason, Instant at) {
        return new Ingested.Quarantined(source(offset, at), DeadLetter.of("sw.readings", 0, offset, "k", reason.id(), "bad", new byte[0], at));
    }

    static BatchSummary summarise(List<Ingested> batch) {
        return batch.stream().map(BatchSummary::of).reduce(BatchSummary::merge).orElseThrow();
    }

    @Test
    void eachKindAndEachQuarantineReasonIsCountedOnItsOwn() {
        Instant t = NOW.minusSeconds(60);
        BatchSummary s = summarise(List.of(
                reading(1, t), reading(2, t), reading(3, t),
                new Ingested.ObservationIn(source(4, t), new Observation("cam-1", t, 4, List.of()), "plaza"),
                new Ingested.FrameIn(source(5, t), new FrameMeta("cam-1", t, 5, 640, 480), 30_000, "plaza"),
                new Ingested.FrameIn(source(6, t), new FrameMeta("cam-1", t, 6, 640, 480), 30_000, "plaza"),
                quarantined(7, Reason.UNKNOWN_DEVICE, NOW), quarantined(8, Reason.UNKNOWN_DEVICE, NOW), quarantined(9, Reason.TOO_LARGE, NOW)));
        assertThat(s.counts).containsOnly(Map.entry("reading", 3L), Map.entry("observation", 1L), Map.entry("frame", 2L),
                Map.entry("quarantine:" + Reason.UNKNOWN_DEVICE.id(), 2L), Map.entry("quarantine:" + Reason.TOO_LARGE.id(), 1L));
        assertThat(s.count("reading")).isEqualTo(3);
        assertThat(s.count("quarantine:" + Reason.LATE.id())).as("a reason that did not occur").isZero();
        assertThat(s.quarantined()).isEqualTo(3);
    }

    @Test
    void theDaysTouchedAreEachRawTablesOwnAndQuarantineCountsByTheDayItWasQuarantined() {
        Instant yesterday = Instant.parse("2026-11-19T23:59:59Z");
        Instant tomorrow = Instant.parse("2026-11-21T00:00:01Z");
        BatchSummary s = summarise(List.of(reading(1, yesterday), reading(2, NOW), reading(3, NOW),
                quarantined(4, Reason.TOO_LARGE, tomorrow)));
        assertThat(s.dayTables).containsExactly("2026-11-19 readings_by_sensor_day", "2026-11-20 readings_by_sensor_day",
                "2026-11-21 quarantine_by_day");
    }

    @Test
    void theNewestRecordIsTheOneKafkaTimedLast() {
        BatchSummary s = summarise(List.of(reading(1, NOW.minusSeconds(30)), reading(2, NOW.minusSeconds(90)), quarantined(3, Reason.TOO_LARGE, NOW.minusSeconds(60))));
        assertThat(s.newestMillis).isEqualTo(NOW.minusSeconds(30).plusMillis(200).toEpochMilli());
    }

    @Test
    void theOperatorsLineSaysPersistedAndQuarantinedWithReasonsInOrder() {
        Map<String, Long> counts = Map.of("reading", 120L, "frame", 4L, "quarantine:too_large", 1L, "quarantine:late", 2L);
        assertThat(IngestBatch.line(7, counts, 1_500_000_000L, 2_345))
                .isEqualTo("batch 7: readings=120 observations=0 frames=4 | persisted 124 | quarantined 3 (late=2, too_large=1) | 1.50 s | lag 2.3 s");
        assertThat(IngestBatch.line(8, Map.of("observation", 5L), 0, 0))
                .isEqualTo("batch 8: readings=0 observations=5 frames=0 | persisted 5 | quarantined 0 | 0.00 s | lag 0.0 s");
    }
}
