package io.safetywatcher.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the console answers, as stack up, its health probe and the demo print it. */
class StackSettingsTest {
    static StackSettings settings(boolean secure, String consoleHost) {
        return new StackSettings(Path.of("/w"), Path.of("/w/.watcher"), "127.0.0.1", 9042, 7000, "dc1", "512m", "127.0.0.1", 9092, 9093,
                "512m", Duration.ofSeconds(60), secure, "safety_watcher", consoleHost, 9480);
    }

    @Test
    void theConsoleIsHttpOnAPlainStackAndHttpsOnASecureOne() {
        assertThat(settings(false, "127.0.0.1").consoleAddress()).hasToString("http://127.0.0.1:9480");
        assertThat(settings(true, "127.0.0.1").consoleAddress()).hasToString("https://127.0.0.1:9480");
    }

    @Test
    void anIpv6HostIsBracketed() {
        assertThat(settings(false, "::1").consoleAddress()).hasToString("http://[::1]:9480");
    }
}
