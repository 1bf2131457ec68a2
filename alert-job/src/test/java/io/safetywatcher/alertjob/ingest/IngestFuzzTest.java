package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any Kafka record (topic, key, headers, value) comes out of {@link Ingest#apply} as exactly one
 * {@link Ingested} and never as an exception, which would stop the streaming job. A plain build
 * replays the kept corpus in {@code src/test/resources/.../IngestFuzzTestInputs/apply};
 * {@code JAZZER_FUZZ=1} fuzzes (docs/testing.md, Fuzzing).
 */
class IngestFuzzTest {
    static final Topics TOPICS = new Topics("sw.");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T20:00:00Z"), ZoneOffset.UTC);
    static final Registry REGISTRY = Registry.of(List.of(), List.of(
            Device.sensor("s-1", "zone-1", "sound_level", null, null, null),
            Device.sensor("s-2", "zone-1", null, null, null, null),
            Device.camera("cam-1", "zone-1", 40.0, 64, 48, null, null, null),
            Device.camera("cam-2", "zone-2", null, null, null, null, null, null)), 0);
    // The unbounded twin lets the fuzzer past the time check without hitting the window.
    static final Ingest[] INGESTS = {new Ingest(TOPICS, TimeBounds.DEFAULT, InputLimits.DEFAULT), new Ingest(TOPICS, TimeBounds.NONE, InputLimits.DEFAULT)};

    /**
     * The input, so that real records seed the corpus: one selector byte (bits 0-1 the topic:
     * readings, observations, frames or another; bit 2 no key; bit 3 no value), the key line,
     * header lines {@code name=value} (a line without '=' is a header with a null value) up to an
     * empty line, then the value.
     */
    @FuzzTest(maxDuration = "2s")
    void apply(byte[] input) {
        SourceRecord r = record(input);
        for (Ingest ingest : INGESTS) {
            Ingested out = ingest.apply(r, REGISTRY, CLOCK);
            assertThat(out).isNotNull();
            assertThat(out.source()).isSameAs(r);
            if (out instanceof Ingested.Quarantined q) {
                DeadLetter d = q.deadLetter();
                assertThat(d.reason()).isNotBlank();
                assertThat(d.detail()).isNotBlank().hasSizeLessThanOrEqualTo(DeadLetter.MAX_DETAIL_CHARS);
                assertThat(d.rawSize()).isEqualTo(r.value() == null ? 0 : r.value().length);
            }
        }
    }

    /** The seeds reach each outcome, so the fuzzer starts past the decoders and the registry. */
    @Test
    void seedsReachEachOutcome() throws Exception {
        Map<String, Class<?>> expected = Map.of("seed-reading", Ingested.ReadingIn.class,
                "seed-reading-no-key", Ingested.Quarantined.class, "seed-reading-untyped-device", Ingested.ReadingIn.class,
                "seed-reading-type-mismatch", Ingested.Quarantined.class,
                "seed-observation", Ingested.ObservationIn.class, "seed-frame", Ingested.FrameIn.class,
                "seed-frame-null-value", Ingested.Quarantined.class, "seed-other-topic", Ingested.Quarantined.class);
        for (var e : expected.entrySet()) {
            try (var in = getClass().getResourceAsStream("IngestFuzzTestInputs/apply/" + e.getKey())) {
                assertThat(INGESTS[0].apply(record(in.readAllBytes()), REGISTRY, CLOCK)).as(e.getKey()).isInstanceOf(e.getValue());
            }
        }
    }

    static SourceRecord record(byte[] input) {
        int flags = input.length == 0 ? 0 : input[0] & 0xFF;
        String topic = switch (flags & 3) {
            case 0 -> TOPICS.readings();
            case 1 -> TOPICS.observations();
            case 2 -> TOPICS.frames();
            default -> TOPICS.alerts();
        };
        int at = Math.min(1, input.length);
        int eol = lineEnd(input, at);
        String key = (flags & 4) != 0 ? null : utf8(input, at, eol);
        at = Math.min(eol + 1, input.length);
        Map<String, byte[]> headers = new HashMap<>();
        while (at < input.length && input[at] != '\n') {
            eol = lineEnd(input, at);
            int eq = at;
            while (eq < eol && input[eq] != '=') {
                eq++;
            }
            headers.put(utf8(input, at, eq), eq < eol ? Arrays.copyOfRange(input, eq + 1, eol) : null);
            at = Math.min(eol + 1, input.length);
        }
        at = Math.min(at + 1, input.length);
        byte[] value = (flags & 8) != 0 ? null : Arrays.copyOfRange(input, at, input.length);
        return new SourceRecord(topic, flags >> 4, input.length, Instant.ofEpochMilli(input.length * 1000L), key, value, headers);
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private static String utf8(byte[] b, int from, int to) { return new String(b, from, to - from, StandardCharsets.UTF_8); }
}
