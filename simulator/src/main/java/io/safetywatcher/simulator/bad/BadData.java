package io.safetywatcher.simulator.bad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safetywatcher.common.codec.FrameCodec;
import io.safetywatcher.common.codec.Json;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.simulator.world.SimRecord;
import io.safetywatcher.common.config.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a broken twin of a good record, and the truth line that says so. The good record is
 * still sent: the bad one is mixed in, so quarantine can be checked without the real
 * stream missing anything.
 */
public final class BadData {
    public static final String GHOST_PREFIX = "ghost-";
    private static final Duration FUTURE = Duration.ofDays(3650);

    private final Topics topics;

    public BadData(Topics topics) { this.topics = topics; }

    /** A bad twin and its truth record. */
    public record Twin(SimRecord bad, SimRecord truth) {}

    public Twin twin(SimRecord good, long seq, SplittableRandom rng) {
        boolean frame = good.topic().equals(topics.frames());
        List<BadKind> kinds = frame ? BadKind.FOR_FRAMES : BadKind.FOR_JSON;
        BadKind kind = kinds.get(rng.nextInt(kinds.size()));
        SimRecord bad = frame ? frame(good, kind) : json(good, kind);
        ObjectNode t = Json.object();
        t.put("kind", "bad-record");
        t.put("topic", good.topic());
        t.put("key", bad.key());
        t.put("seq", seq);
        t.put("bad_kind", kind.id());
        t.put("expected_reason", kind.expectedReason().id());
        t.put("capture_time", Instant.ofEpochMilli(good.timestampMs()).toString());
        t.put("bytes", bad.value().length);
        String truthKey = "bad/" + good.topic() + "/" + bad.key() + "/" + seq + "/" + kind.id();
        return new Twin(bad, SimRecord.of(topics.truth(), truthKey, Json.bytes(t), good.timestampMs()));
    }

    private static SimRecord frame(SimRecord good, BadKind kind) {
        Map<String, byte[]> h = new LinkedHashMap<>(good.headers());
        byte[] value = good.value();
        String key = good.key();
        switch (kind) {
            case TRUNCATED_JPEG -> value = Arrays.copyOf(value, value.length / 2);
            case ZERO_BYTE_JPEG -> value = new byte[0];
            case UNKNOWN_DEVICE -> {
                key = GHOST_PREFIX + key;
                h.put(FrameCodec.CAMERA_ID, key.getBytes(StandardCharsets.UTF_8));
            }
            case FAR_FUTURE -> {
                Instant t = Instant.parse(new String(h.get(FrameCodec.CAPTURE_TIME), StandardCharsets.UTF_8)).plus(FUTURE);
                h.put(FrameCodec.CAPTURE_TIME, t.toString().getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new IllegalArgumentException(kind + " does not apply to frames");
        }
        return new SimRecord(good.topic(), key, value, h, good.timestampMs());
    }

    private static SimRecord json(SimRecord good, BadKind kind) {
        ObjectNode o;
        try {
            o = (ObjectNode) Json.MAPPER.readTree(good.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean reading = o.has("sensor_id");
        String idField = reading ? "sensor_id" : "camera_id";
        String key = good.key();
        switch (kind) {
            case MALFORMED_JSON -> {
                // Cut off mid-document, as a device that lost power mid-write sends it.
                String s = new String(good.value(), StandardCharsets.UTF_8);
                return new SimRecord(good.topic(), key, s.substring(0, s.length() * 2 / 3).getBytes(StandardCharsets.UTF_8),
                        good.headers(), good.timestampMs());
            }
            case WRONG_TYPE -> {
                if (reading) {
                    o.put("value", o.get("value").asText());
                } else {
                    ObjectNode first = (ObjectNode) o.get("labels").get(0);
                    first.put("confidence", first.get("confidence").asText());
                }
            }
            case OUT_OF_RANGE -> {
                if (reading) {
                    SensorType type = SensorType.fromId(o.get("sensor_type").asText()).orElseThrow();
                    o.put("value", type.max() * 3 + 7);
                } else {
                    ((ObjectNode) o.get("labels").get(0)).put("confidence", 1.7);
                }
            }
            case UNKNOWN_DEVICE -> {
                key = GHOST_PREFIX + key;
                o.put(idField, key);
            }
            case FAR_FUTURE -> {
                JsonNode t = o.get("capture_time");
                o.put("capture_time", Instant.parse(t.asText()).plus(FUTURE).toString());
            }
            default -> throw new IllegalArgumentException(kind + " does not apply to JSON records");
        }
        return new SimRecord(good.topic(), key, Json.bytes(o), good.headers(), good.timestampMs());
    }
}
