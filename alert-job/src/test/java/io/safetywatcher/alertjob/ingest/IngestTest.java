package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One record in, one outcome out, whatever the record holds: the job's first step never throws. */
class IngestTest {
    static final Instant NOW = Instant.parse("2026-11-20T20:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Topics TOPICS = new Topics("sw.");
    static final Registry REGISTRY = Registry.of(
            List.of(new Zone("plaza", null, "plaza", 400.0, null, "UTC", 2, null, null, null, null, null)),
            List.of(Device.sensor("snd-1", "plaza", "sound_level", null, null, null),
                    Device.sensor("gun-1", "plaza", "gunshot", null, null, null)), 1);

    final Ingest ingest = new Ingest(TOPICS, TimeBounds.DEFAULT, new InputLimits(4096, 1 << 20));

    static SourceRecord reading(String key, byte[] value) {
        return new SourceRecord(TOPICS.readings(), 0, 42, NOW, key, value, Map.of());
    }

    static byte[] sound(String sensor) {
        return ReadingCodec.standard().encode(Reading.of(sensor, SensorType.SOUND_LEVEL, NOW.minusSeconds(5), 60, 1));
    }

    private DeadLetter quarantined(SourceRecord r) {
        Ingested in = ingest.apply(r, REGISTRY, CLOCK);
        assertThat(in).isInstanceOf(Ingested.Quarantined.class);
        return ((Ingested.Quarantined) in).deadLetter();
    }

    @Test
    void aValidReadingIsKeptWithItsZone() {
        assertThat(ingest.apply(reading("snd-1", sound("snd-1")), REGISTRY, CLOCK))
                .isInstanceOfSatisfying(Ingested.ReadingIn.class, r -> assertThat(r.zone()).isEqualTo("plaza"));
    }

    @Test
    void jsonNestedPastTheParsersLimitIsTooLargeNotACrash() {
        // 1 KB of brackets stopped the job for good: Jackson's limit error has no location.
        String deep = "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        DeadLetter d = quarantined(reading("snd-1", deep.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.reason()).isEqualTo(Reason.TOO_LARGE.id());
        assertThat(d.detail()).contains("nesting depth");
    }

    @Test
    void aNumberOfAThousandDigitsIsTooLarge() {
        String json = "{\"sensor_id\":\"snd-1\",\"value\":" + "9".repeat(1500) + "}";
        assertThat(quarantined(reading("snd-1", json.getBytes(StandardCharsets.UTF_8))).reason()).isEqualTo(Reason.TOO_LARGE.id());
    }

    @Test
    void aValueOverTheSizeLimitIsRefusedUndecoded() {
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) ' ');
        DeadLetter d = quarantined(reading("snd-1", big));
        assertThat(d.reason()).isEqualTo(Reason.TOO_LARGE.id());
        assertThat(d.detail()).contains("5000 bytes").contains("validation.max-json-bytes");
    }

    @Test
    void aHugeKeyIsTooLargeAndTheDeadLetterStaysSmall() {
        String key = "k".repeat(5_000_000);
        DeadLetter d = quarantined(reading(key, sound("snd-1")));
        assertThat(d.reason()).isEqualTo(Reason.TOO_LARGE.id());
        assertThat(d.key().length()).isLessThanOrEqualTo(DeadLetter.MAX_KEY_CHARS);
        assertThat(d.detail().length()).isLessThanOrEqualTo(DeadLetter.MAX_DETAIL_CHARS);
        assertThat(io.safetywatcher.common.codec.DeadLetterCodec.encode(d).length).isLessThan(100_000);
    }

    @Test
    void aRecordWithoutAKeyIsQuarantinedNotStored() {
        DeadLetter d = quarantined(reading(null, sound("snd-1")));
        assertThat(d.reason()).isEqualTo(Reason.MISSING_KEY.id());
        assertThat(d.key()).isEqualTo("snd-1");
    }

    @Test
    void aSensorSendingAnotherTypeHasAReasonOfItsOwn() {
        DeadLetter d = quarantined(reading("gun-1", sound("gun-1")));
        assertThat(d.reason()).isEqualTo(Reason.SENSOR_TYPE_MISMATCH.id());
        assertThat(d.detail()).contains("registered as gunshot");
    }

    @Test
    void anythingThatThrowsIsAnInternalErrorNamingTheException() {
        // Null headers are what no Kafka record has: the codec was never written for them, and throws.
        Ingested in = ingest.apply(new SourceRecord(TOPICS.frames(), 0, 7, NOW, "cam-1", new byte[] {(byte) 0xFF, (byte) 0xD8}, null),
                REGISTRY, CLOCK);
        assertThat(in).isInstanceOfSatisfying(Ingested.Quarantined.class, q -> {
            assertThat(q.deadLetter().reason()).isEqualTo(Reason.INTERNAL_ERROR.id());
            assertThat(q.deadLetter().detail()).contains("Exception");
            assertThat(q.deadLetter().coordinates()).isEqualTo("sw.frames/0/7");
        });
    }
}
