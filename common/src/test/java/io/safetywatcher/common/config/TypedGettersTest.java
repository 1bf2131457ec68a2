package io.safetywatcher.common.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Typed getters: a bad value is a ConfigException naming the key, the value and the layer it came from. */
class TypedGettersTest {

    private static WatcherConfig flags(String key, String value) {
        return WatcherConfig.builder().flags(Map.of(key, value)).build();
    }

    @Test
    void readsEachType() {
        WatcherConfig c = WatcherConfig.defaults();
        assertThat(c.getInt("topics.partitions")).isPositive();
        assertThat(c.getLong("simulator.seed")).isEqualTo(Long.parseLong(c.get("simulator.seed")));
        assertThat(c.getDouble("vision.person-area", 0.01, 1)).isEqualTo(Double.parseDouble(c.get("vision.person-area")));
        assertThat(flags("stack.secure", "yes").getBoolean("stack.secure")).isTrue();
        assertThat(flags("simulator.progress-interval", "1m30s").getDuration("simulator.progress-interval")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aBadNumberNamesKeyValueAndSource() {
        assertThatThrownBy(() -> flags("vision.person-area", "abc").getDouble("vision.person-area"))
                .isInstanceOf(ConfigException.class).hasMessage("vision.person-area = 'abc' (flag) is not a number");
        assertThatThrownBy(() -> flags("vision.person-area", "NaN").getDouble("vision.person-area"))
                .hasMessage("vision.person-area = 'NaN' (flag) is not a number");
        assertThatThrownBy(() -> flags("simulator.seed", "4.5").getLong("simulator.seed"))
                .hasMessage("simulator.seed = '4.5' (flag) is not a whole number");
        assertThatThrownBy(() -> flags("topics.partitions", "9999999999").getInt("topics.partitions"))
                .hasMessage("topics.partitions = '9999999999' (flag) is not a whole number in the int range");
        assertThatThrownBy(() -> flags("stack.secure", "maybe").getBoolean("stack.secure"))
                .hasMessage("stack.secure = 'maybe' (flag) is not true or false");
        assertThatThrownBy(() -> flags("simulator.progress-interval", "30").getDuration("simulator.progress-interval"))
                .hasMessage("simulator.progress-interval = '30' (flag) is not a duration like 500ms, 5s, 5m, 2h or 7d");
        assertThatThrownBy(() -> flags("cassandra.port", "http").getPort("cassandra.port"))
                .hasMessage("cassandra.port = 'http' (flag) is not a port between 1 and 65535");
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> flags("vision.person-area", "2").getDouble("vision.person-area", 0.01, 1))
                .hasMessage("vision.person-area = '2' (flag) is outside 0.01..1");
        assertThatThrownBy(() -> flags("simulator.seed", "-1").getLong("simulator.seed", 0, Long.MAX_VALUE))
                .hasMessage("simulator.seed = '-1' (flag) is less than 0");
        assertThatThrownBy(() -> flags("topics.partitions", "0").getInt("topics.partitions", 1, 1000))
                .hasMessage("topics.partitions = '0' (flag) is outside 1..1000");
        assertThatThrownBy(() -> flags("analytics.archive.settle", "8d").getDuration("analytics.archive.settle", Duration.ZERO, Duration.ofDays(7)))
                .hasMessage("analytics.archive.settle = '8d' (flag) is outside 0s..7d");
        assertThat(flags("analytics.archive.settle", "7d").getDuration("analytics.archive.settle", Duration.ZERO, Duration.ofDays(7)))
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theSourceIsTheLayerThatSetTheValue() {
        WatcherConfig c = WatcherConfig.builder().environment(Map.of("WATCHER_TOPICS_PARTITIONS", "many")).build();
        assertThatThrownBy(() -> c.getInt("topics.partitions"))
                .hasMessage("topics.partitions = 'many' (env WATCHER_TOPICS_PARTITIONS) is not a whole number");
    }
}
