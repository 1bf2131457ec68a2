package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;

import java.io.Serializable;
import java.util.OptionalLong;

/**
 * How much of a backlog one micro-batch may take, by records and by bytes. Spark's Kafka source
 * caps only records per batch, and a frame (40-50 KB) weighs as much as two hundred readings,
 * so frames come from a source of their own whose record cap is the byte budget over a frame's
 * size; readings and observations are capped by records.
 *
 * @param maxRecords readings and observations per batch; 0: no cap
 * @param maxBytes   frames' bytes per batch; 0: no cap
 * @param frameBytes the size a frame is counted at
 */
public record BatchCaps(long maxRecords, long maxBytes, int frameBytes) implements Serializable {
    public static final BatchCaps NONE = new BatchCaps(0, 0, 1);

    public BatchCaps {
        if (maxRecords < 0 || maxBytes < 0) {
            throw new ConfigException("batch caps cannot be negative: records " + maxRecords + ", bytes " + maxBytes + " (0 means no cap)");
        }
        if (frameBytes < 1) {
            throw new ConfigException("job.batch.frame-bytes should be at least 1, not " + frameBytes);
        }
    }

    public static BatchCaps of(WatcherConfig c) {
        return new BatchCaps(c.getInt("job.batch.max-records"), c.getInt("job.batch.max-bytes"), c.getInt("job.batch.frame-bytes"));
    }

    /** These caps with a flag's records and bytes over them, where a flag is given. */
    public BatchCaps with(Long records, Long bytes) {
        return new BatchCaps(records == null ? maxRecords : records, bytes == null ? maxBytes : bytes, frameBytes);
    }

    /** Spark's maxOffsetsPerTrigger for the readings and observations source, if capped. */
    public OptionalLong records() {
        return maxRecords > 0 ? OptionalLong.of(maxRecords) : OptionalLong.empty();
    }

    /** Spark's maxOffsetsPerTrigger for the frames source: the byte budget in frames, at least one, at most the record cap. */
    public OptionalLong frames() {
        if (maxBytes == 0) {
            return records();
        }
        long frames = Math.max(1, maxBytes / frameBytes);
        return OptionalLong.of(maxRecords > 0 ? Math.min(maxRecords, frames) : frames);
    }

    /**
     * One cap for a checkpoint written before frames had a source of their own (one source for
     * all three topics): the stricter of the two, so a batch of frames stays within the budget.
     */
    public OptionalLong shared() {
        return frames();
    }

    /** The start-up line. */
    public String describe() {
        return (maxRecords > 0 ? "at most " + maxRecords + " readings and observations" : "readings and observations uncapped")
                + ", " + (frames().isPresent() ? "at most " + frames().getAsLong() + " frames" : "frames uncapped")
                + (maxBytes > 0 ? " (" + maxBytes / (1024 * 1024) + " MB at " + frameBytes / 1024 + " KB a frame)" : "")
                + " per batch and query";
    }
}
