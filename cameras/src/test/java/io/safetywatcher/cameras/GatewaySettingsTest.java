package io.safetywatcher.cameras;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {
    @Test
    void theDefaultsLoadAndABadValueIsRefusedNamingItsKey() {
        GatewaySettings s = GatewaySettings.of(WatcherConfig.defaults());
        assertThat(s.maxFps()).isEqualTo(2);
        assertThat(s.backoff().max()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.stallTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> GatewaySettings.of(WatcherConfig.defaults().with("cameras.max-fps", "60", "test")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cameras.max-fps");
        assertThatThrownBy(() -> GatewaySettings.of(WatcherConfig.defaults().with("cameras.backoff.max", "200ms", "test")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cameras.backoff.max").hasMessageContaining("at least");
        assertThatThrownBy(() -> GatewaySettings.of(WatcherConfig.defaults().with("cameras.stall-timeout", "0s", "test")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cameras.stall-timeout");
    }
}
