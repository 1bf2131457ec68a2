package io.safetywatcher.common.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A rejected input, kept with where it came from and why, on {@code sw.deadletter} and in the
 * quarantine table. The raw bytes are bounded so one huge bad message cannot hurt the job.
 *
 * @param raw     at most {@link #MAX_RAW_BYTES} of the original value
 * @param rawSize the original value's full size
 */
public record DeadLetter(
        String sourceTopic, int sourcePartition, long sourceOffset, String key,
        String reason, String detail, byte[] raw, int rawSize, Instant quarantinedAt) implements java.io.Serializable {

    public static final int MAX_RAW_BYTES = 64 * 1024;
    /** The key and the detail echo what the device sent, so they are bounded too: a dead letter always fits a Kafka record. */
    public static final int MAX_KEY_CHARS = 256;
    public static final int MAX_DETAIL_CHARS = 2048;

    public DeadLetter {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(quarantinedAt, "quarantinedAt");
        key = clip(key, MAX_KEY_CHARS);
        detail = clip(detail, MAX_DETAIL_CHARS);
        raw = raw == null ? new byte[0] : raw;
        if (raw.length > MAX_RAW_BYTES) {
            raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
        }
    }

    /** A dead letter for {@code value}, keeping at most {@link #MAX_RAW_BYTES} of it. */
    public static DeadLetter of(String topic, int partition, long offset, String key,
                                String reason, String detail, byte[] value, Instant at) {
        byte[] v = value == null ? new byte[0] : value;
        return new DeadLetter(topic, partition, offset, key, reason, detail, v, v.length, at);
    }

    /** At most {@code max} characters of {@code s}, saying how long it was when cut. */
    public static String clip(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        String tail = "... (" + s.length() + " chars)";
        return s.substring(0, Math.max(0, max - tail.length())) + tail;
    }

    public boolean truncated() { return rawSize > raw.length; }

    /** The source coordinates, which are also the dead-letter record's key. */
    public String coordinates() { return sourceTopic + "/" + sourcePartition + "/" + sourceOffset; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && sourcePartition == d.sourcePartition && sourceOffset == d.sourceOffset
                && rawSize == d.rawSize && sourceTopic.equals(d.sourceTopic) && Objects.equals(key, d.key)
                && reason.equals(d.reason) && detail.equals(d.detail) && Arrays.equals(raw, d.raw)
                && quarantinedAt.equals(d.quarantinedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceTopic, sourcePartition, sourceOffset, reason, Arrays.hashCode(raw));
    }

    @Override
    public String toString() {
        return "DeadLetter[" + coordinates() + " " + reason + ": " + detail + " (" + rawSize + " bytes)]";
    }
}
