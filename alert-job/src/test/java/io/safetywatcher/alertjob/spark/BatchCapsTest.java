package io.safetywatcher.alertjob.spark;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch caps by records and by bytes, and which source layout a checkpoint holds. */
class BatchCapsTest {

    @Test
    void theDefaultsCapReadingsByRecordsAndFramesByBytes() {
        BatchCaps caps = BatchCaps.of(WatcherConfig.defaults());
        assertThat(caps.records()).isEqualTo(OptionalLong.of(100_000));
        assertThat(caps.frames()).as("64 MB at 64 KB a frame").isEqualTo(OptionalLong.of(1024));
        assertThat(caps.describe()).contains("100000 readings and observations", "1024 frames", "64 MB");
    }

    @Test
    void flagsOverTheConfigurationAndZeroMeansNoCap() {
        BatchCaps caps = BatchCaps.of(WatcherConfig.load(null, Map.of("job.batch.frame-bytes", "4096"))).with(2000L, 20_480L);
        assertThat(caps.records()).isEqualTo(OptionalLong.of(2000));
        assertThat(caps.frames()).isEqualTo(OptionalLong.of(5));
        assertThat(caps.with(0L, 0L).records()).isEmpty();
        assertThat(caps.with(0L, 0L).frames()).isEmpty();
        assertThat(caps.with(0L, null).frames()).as("bytes alone still cap frames").isEqualTo(OptionalLong.of(5));
        assertThat(caps.with(3L, null).frames()).as("never more frames than records").isEqualTo(OptionalLong.of(3));
        assertThat(caps.with(null, 1L).frames()).as("at least one frame a batch").isEqualTo(OptionalLong.of(1));
    }

    @Test
    void aNegativeCapIsRefusedWithTheKeyToFix() {
        assertThatThrownBy(() -> BatchCaps.of(WatcherConfig.load(null, Map.of("job.batch.max-records", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> BatchCaps.of(WatcherConfig.load(null, Map.of("job.batch.frame-bytes", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.batch.frame-bytes");
    }

    @Test
    void aCheckpointWrittenWithOneSourceIsToldApartFromTheTwoSourceLayout(@TempDir Path tmp) throws Exception {
        Path query = tmp.resolve("detect");
        assertThat(CheckpointSources.count(query)).as("not started yet").isZero();
        Files.createDirectories(query.resolve("offsets"));
        Files.writeString(query.resolve("offsets/0"), "v1\n{\"batchWatermarkMs\":0}\n{\"sw.readings\":{\"0\":5}}\n");
        Files.writeString(query.resolve("offsets/1"), "v1\n{\"batchWatermarkMs\":0}\n{\"sw.readings\":{\"0\":9}}\n");
        Files.writeString(query.resolve("offsets/.1.crc"), "x");
        assertThat(CheckpointSources.count(query)).isEqualTo(1);
        Files.writeString(query.resolve("offsets/10"), "v1\n{\"batchWatermarkMs\":0}\n{\"sw.readings\":{\"0\":9}}\n{\"sw.frames\":{\"0\":1}}\n");
        assertThat(CheckpointSources.count(query)).as("the newest entry, by number").isEqualTo(2);
    }
}
