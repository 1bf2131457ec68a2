package io.safetywatcher.alertjob.direct;

import io.safetywatcher.alertjob.detect.ZoneReading;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.ZoneBatch;
import io.safetywatcher.alertjob.spark.ZoneClock;
import io.safetywatcher.alertjob.spark.ZoneEvent;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneStateCodecTest {
    private static final Instant T0 = Instant.parse("2026-10-01T12:00:00Z");

    @Test
    void aZoneRestoredFromItsRecordGoesOnAsOneThatNeverStopped() {
        RuleSet rules = RuleSet.defaults();
        ZoneBatch step = new ZoneBatch(rules, Duration.ofSeconds(10));
        ZoneWatch watch = new ZoneWatch(rules, Map.of());
        ZoneClock kept = new ZoneClock();
        ZoneClock restored = null;
        List<String> keptEvents = new ArrayList<>();
        List<String> restoredEvents = new ArrayList<>();
        for (int i = 0; i < 170; i++) {
            double db = i >= 130 && i < 133 ? 97 : 58 + (i * 7 % 6);
            List<ZoneBatch.Item> items = List.of(item(i, "snd", SensorType.SOUND_LEVEL, db), item(i, "gun", SensorType.GUNSHOT, i == 90 ? 0.95 : 0));
            long batchTime = T0.plusSeconds(i + 1).toEpochMilli();
            step.apply("plaza", kept, items.iterator(), batchTime, watch, List.of()).events().stream()
                    .filter(e -> e.alert() != null).forEach(e -> keptEvents.add(e.alert().type() + " " + e.alert().state()));
            if (i == 80) {
                restored = ZoneStateCodec.zone(ZoneStateCodec.zone(kept)); // the state as a restart reads it back
            } else if (restored != null) {
                step.apply("plaza", restored, items.iterator(), batchTime, watch, List.of()).events().stream()
                        .filter(e -> e.alert() != null).forEach(e -> restoredEvents.add(e.alert().type() + " " + e.alert().state()));
            }
        }
        assertThat(keptEvents).contains("GUNSHOT FIRING", "NOISE FIRING");
        assertThat(restoredEvents).isEqualTo(keptEvents);
    }

    @Test
    void theEventsOfATransactionRoundTrip() {
        List<ZoneEvent> events = List.of(new ZoneEvent(null, null, null, null, null));
        assertThat(ZoneStateCodec.events(ZoneStateCodec.events(events))).isEqualTo(events);
    }

    @Test
    void aRecordOfAnotherFormatIsRefusedWithItsReason() {
        byte[] good = ZoneStateCodec.zone(new ZoneClock());
        byte[] later = good.clone();
        later[2] = 9;
        assertThatThrownBy(() -> ZoneStateCodec.zone(later)).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> ZoneStateCodec.zone(new byte[] {1, 2, 3, 4})).hasMessageContaining("no SW header");
    }

    private static ZoneBatch.Item item(int i, String sensor, SensorType type, double value) {
        Instant t = T0.plusSeconds(i);
        return new ZoneBatch.Item(new ZoneReading("plaza", Reading.of(sensor, type, t, value, i)), "sw.readings", 0, i, new byte[0], t,
                null, null);
    }

    @Test
    void manyEventsGoInSeveralRecordsEachWithinTheLimitAndReadBackWhole() {
        List<ZoneEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            events.add(new ZoneEvent(null, null, new io.safetywatcher.alertjob.spark.FrameRow("cam-" + i, Instant.ofEpochSecond(1_800_000_000L + i), i, i % 7, 0.5,
                    3, "[{\"x\":" + i + ",\"y\":" + (i * 3) + "}]"), null, null));
        }
        List<byte[]> chunks = ZoneStateCodec.eventChunks(events, 32 * 1024);
        assertThat(chunks.size()).isGreaterThan(1);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(32 * 1024));
        List<ZoneEvent> back = new ArrayList<>();
        chunks.forEach(c -> back.addAll(ZoneStateCodec.events(c)));
        assertThat(back).isEqualTo(events);
        assertThat(ZoneStateCodec.eventChunks(List.of(), 32 * 1024)).as("no events: one empty record").hasSize(1);
    }
}
