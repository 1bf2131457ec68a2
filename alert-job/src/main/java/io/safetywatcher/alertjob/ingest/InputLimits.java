package io.safetywatcher.alertjob.ingest;

import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.codec.Rejection;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.DeadLetter;

import java.io.Serializable;
import java.util.Optional;

/**
 * How big a record may be before it is refused as {@code too_large} without being decoded. A
 * valid reading or observation is a few hundred bytes and a frame a few hundred kilobytes; the
 * bounds leave room for real cameras while keeping one record from costing the job its memory.
 *
 * @param maxJsonBytes  a reading's or an observation's value
 * @param maxFrameBytes a frame's JPEG
 */
public record InputLimits(int maxJsonBytes, int maxFrameBytes) implements Serializable {

    public static final InputLimits DEFAULT = new InputLimits(64 * 1024, 16 * 1024 * 1024);

    public InputLimits {
        if (maxJsonBytes <= 0 || maxFrameBytes <= 0) {
            throw new IllegalArgumentException("size limits must be positive: json " + maxJsonBytes + ", frame " + maxFrameBytes);
        }
    }

    public static InputLimits of(WatcherConfig c) {
        return new InputLimits(c.getInt("validation.max-json-bytes"), c.getInt("validation.max-frame-bytes"));
    }

    Optional<Rejection> check(SourceRecord r, boolean frame) {
        if (r.key() != null && r.key().length() > DeadLetter.MAX_KEY_CHARS) {
            return Optional.of(new Rejection(Reason.TOO_LARGE, "the record key is " + r.key().length()
                    + " characters; a device id is at most " + DeadLetter.MAX_KEY_CHARS));
        }
        int size = r.value() == null ? 0 : r.value().length;
        int max = frame ? maxFrameBytes : maxJsonBytes;
        if (size > max) {
            return Optional.of(new Rejection(Reason.TOO_LARGE, "the value is " + size + " bytes, over the " + max + "-byte limit for "
                    + (frame ? "a frame (validation.max-frame-bytes)" : "a reading or observation (validation.max-json-bytes)")));
        }
        return Optional.empty();
    }
}
