package io.safetywatcher.simulator.world;

import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.event.Reading;

/**
 * Writes a reading's JSON with the very bytes {@link ReadingCodec#encode} gives (a test holds
 * it to that), without a tree and a serializer per record: readings are most of what the
 * simulator sends, and the generic path cost more than the producer itself. Anything
 * unusual (an id that would need escaping) goes through the codec.
 */
public final class ReadingJson {
    private static final ReadingCodec CODEC = ReadingCodec.standard();
    private final StringBuilder sb = new StringBuilder(192);
    private long cachedDay = Long.MIN_VALUE;
    private String dayPrefix;

    public byte[] encode(Reading r) {
        if (!plain(r.sensorId()) || !plain(r.unit())) {
            return CODEC.encode(r);
        }
        sb.setLength(0);
        sb.append("{\"sensor_id\":\"").append(r.sensorId())
                .append("\",\"sensor_type\":\"").append(r.sensorType().id())
                .append("\",\"capture_time\":\"");
        instant(r.captureTime().toEpochMilli());
        sb.append("\",\"value\":").append(r.value())
                .append(",\"unit\":\"").append(r.unit())
                .append("\",\"seq\":").append(r.seq()).append('}');
        // All ASCII (checked above), so one byte per char, without an intermediate String.
        byte[] out = new byte[sb.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) sb.charAt(i);
        }
        return out;
    }

    /** As Instant.toString for whole milliseconds: 2026-11-02T00:00:05Z or 2026-11-02T00:00:05.120Z. */
    private void instant(long ms) {
        long day = Math.floorDiv(ms, 86_400_000L);
        if (day != cachedDay) {
            cachedDay = day;
            String s = java.time.Instant.ofEpochMilli(day * 86_400_000L).toString(); // yyyy-MM-ddT00:00:00Z
            dayPrefix = s.substring(0, s.indexOf('T') + 1);
        }
        long inDay = ms - day * 86_400_000L;
        int secs = (int) (inDay / 1000);
        int milli = (int) (inDay % 1000);
        sb.append(dayPrefix);
        two(secs / 3600).append(':');
        two(secs / 60 % 60).append(':');
        two(secs % 60);
        if (milli != 0) {
            sb.append('.');
            if (milli < 100) {
                sb.append('0');
            }
            if (milli < 10) {
                sb.append('0');
            }
            sb.append(milli);
        }
        sb.append('Z');
    }

    private StringBuilder two(int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
