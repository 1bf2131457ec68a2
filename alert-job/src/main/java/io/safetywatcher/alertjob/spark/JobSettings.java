package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.config.WatcherConfig;

import java.nio.file.Path;
import java.time.Duration;

/** How this run of the job is driven: the configuration plus its own flags. */
public record JobSettings(WatcherConfig config, boolean availableNow, Duration interval, Path checkpoint, String startingOffsets,
                          long maxOffsetsPerTrigger, Duration registryRefresh) {}
