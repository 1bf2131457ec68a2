package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.config.WatcherConfig;

import java.nio.file.Path;
import java.time.Duration;

/** How this run of the job is driven: the configuration plus its own flags. */
public record JobSettings(WatcherConfig config, boolean availableNow, Duration interval, Path checkpoint, String startingOffsets,
                          BatchCaps caps, Duration registryRefresh) {

    /** The configuration's batch caps, with {@code maxOffsetsPerTrigger} over the record cap when it is positive. */
    public JobSettings(WatcherConfig config, boolean availableNow, Duration interval, Path checkpoint, String startingOffsets,
                       long maxOffsetsPerTrigger, Duration registryRefresh) {
        this(config, availableNow, interval, checkpoint, startingOffsets,
                BatchCaps.of(config).with(maxOffsetsPerTrigger > 0 ? maxOffsetsPerTrigger : null, null), registryRefresh);
    }

    /** Whether detection runs on the direct engine (job.detect=direct) rather than as the Spark detect query. */
    public boolean directDetect() {
        String d = config.get("job.detect");
        return switch (d) {
            case "spark" -> false;
            case "direct" -> true;
            default -> throw new io.safetywatcher.common.config.ConfigException("job.detect is '" + d + "': use spark or direct");
        };
    }

    /** The Spark queries this run starts: both, or only the ingest when detection runs direct. */
    public java.util.List<String> queries() {
        return directDetect() ? java.util.List.of("ingest") : AlertJob.QUERIES;
    }
}
