package io.safetywatcher.common.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactPointsTest {

    @Test
    void oneHostOrACommaSeparatedListEachWithThePort() {
        assertThat(ContactPoints.of("127.0.0.1", 9042)).containsExactly(new InetSocketAddress("127.0.0.1", 9042));
        assertThat(ContactPoints.of(" 127.0.0.1, 127.0.0.2 ,127.0.0.3", 19042)).containsExactly(
                new InetSocketAddress("127.0.0.1", 19042), new InetSocketAddress("127.0.0.2", 19042),
                new InetSocketAddress("127.0.0.3", 19042));
    }

    /** A node whose container is stopped drops out of Docker's DNS: the others still start a session. */
    @Test
    void aHostThatDoesNotResolveIsLeftOut() {
        assertThat(ContactPoints.of("no-such-node.invalid,127.0.0.1", 9042)).containsExactly(new InetSocketAddress("127.0.0.1", 9042));
    }

    @Test
    void noUsableHostIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> ContactPoints.of(" , ", 9042)).isInstanceOf(ConfigException.class).hasMessageContaining("cassandra.host");
        assertThatThrownBy(() -> ContactPoints.of("no-such-node.invalid", 9042)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cassandra.host").hasMessageContaining("no-such-node.invalid");
    }
}
