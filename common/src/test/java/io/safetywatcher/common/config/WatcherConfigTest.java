package io.safetywatcher.common.config;

import io.safetywatcher.common.config.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatcherConfigTest {

    @Test
    void defaultsWork() {
        WatcherConfig c = WatcherConfig.defaults();
        assertThat(c.getPort("cassandra.port")).isEqualTo(9042);
        assertThat(c.get("kafka.bootstrap")).isEqualTo("127.0.0.1:9092");
        assertThat(Topics.of(c).alerts()).isEqualTo("sw.alerts");
    }

    @Test
    void laterLayersWinAndReferencesFollow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.properties");
        Files.writeString(file, "kafka.port=9192\ncassandra.port=9142\ntopics.prefix=city.\n");
        WatcherConfig c = WatcherConfig.builder()
                .file(file)
                .environment(Map.of("WATCHER_CASSANDRA_PORT", "9242", "UNRELATED", "x"))
                .flags(Map.of("topics.prefix", "test."))
                .build();
        assertThat(c.get("kafka.bootstrap")).isEqualTo("127.0.0.1:9192");
        assertThat(c.getPort("cassandra.port")).isEqualTo(9242);
        assertThat(c.get("topics.prefix")).isEqualTo("test.");
        assertThat(c.settings().get("cassandra.port").source()).isEqualTo("env WATCHER_CASSANDRA_PORT");
        assertThat(c.describe()).anyMatch(l -> l.contains("kafka.port") && l.contains("9192") && l.contains("(file "));
    }

    @Test
    void aTypoIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> WatcherConfig.builder().flags(Map.of("cassandra.prot", "1")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'cassandra.prot'")
                .hasMessageContaining("did you mean 'cassandra.port'");
    }

    @Test
    void badValuesNameTheKeyAndWhereTheyCameFrom() {
        WatcherConfig c = WatcherConfig.builder().flags(Map.of("cassandra.port", "70000", "stack.start-timeout", "soon")).build();
        assertThatThrownBy(() -> c.getPort("cassandra.port")).hasMessageContaining("cassandra.port").hasMessageContaining("(flag)");
        assertThatThrownBy(() -> c.getInt("stack.start-timeout")).hasMessageContaining("stack.start-timeout");
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Durations.parse("30")).hasMessageContaining("not a duration like");
    }

    @Test
    void secretsAreMaskedInThePrintout() {
        assertThat(WatcherConfig.isSecret("cassandra.password")).isTrue();
        assertThat(WatcherConfig.isSecret("cassandra.port")).isFalse();
    }
}
