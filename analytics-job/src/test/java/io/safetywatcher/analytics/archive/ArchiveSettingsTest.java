package io.safetywatcher.analytics.archive;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveSettingsTest {
    static final Path CWD = Path.of("/srv/watcher");

    @Test
    void theDefaultIsALocalFolderUnderTheStackDirectory() {
        ArchiveSettings s = ArchiveSettings.of(WatcherConfig.defaults(), CWD);
        assertThat(s.enabled()).isTrue();
        assertThat(s.location()).isEqualTo("file:/srv/watcher/.watcher/archive");
        assertThat(s.settle()).isEqualTo(Duration.ofHours(1));
        assertThat(s.readAfter()).isEqualTo(Duration.ofDays(80));
    }

    @Test
    void aHadoopUriIsKeptAsGivenAndAFolderIsMadeAbsolute() {
        assertThat(ArchiveSettings.location("hdfs://namenode:8020/sw/archive/", CWD)).isEqualTo("hdfs://namenode:8020/sw/archive");
        assertThat(ArchiveSettings.location("s3a://bucket/archive", CWD)).isEqualTo("s3a://bucket/archive");
        assertThat(ArchiveSettings.location("/data/archive/", CWD)).isEqualTo("file:/data/archive");
        assertThat(ArchiveSettings.location("../archive", CWD)).isEqualTo("file:/srv/archive");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ArchiveSettings.location("  ", CWD)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("analytics.archive.dir is empty");
        assertThatThrownBy(() -> ArchiveSettings.of(flags("analytics.archive.settle", "8d"), CWD))
                .hasMessage("analytics.archive.settle = '8d' (flag) is outside 0s..7d");
        assertThatThrownBy(() -> ArchiveSettings.of(flags("analytics.archive.read-after", "12h"), CWD))
                .hasMessage("analytics.archive.read-after = '12h' (flag) is outside 1d..3650d");
        assertThatThrownBy(() -> ArchiveSettings.of(flags("analytics.archive.enabled", "sometimes"), CWD))
                .hasMessage("analytics.archive.enabled = 'sometimes' (flag) is not true or false");
    }

    private static WatcherConfig flags(String key, String value) { return WatcherConfig.builder().flags(Map.of(key, value)).build(); }
}
