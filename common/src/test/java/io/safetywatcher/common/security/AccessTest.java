package io.safetywatcher.common.security;

import io.safetywatcher.common.config.ConfigException;
import io.safetywatcher.common.config.WatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where secrets may come from, where they must not, and what the client settings look like. */
class AccessTest {

    @Test
    void theDefaultsKeepTodaysPlainConnections() {
        WatcherConfig c = WatcherConfig.defaults();
        assertThat(KafkaAccess.of(c).clientProperties()).isEmpty();
        assertThat(KafkaAccess.of(c).sparkOptions()).isEmpty();
        assertThat(CassandraAccess.of(c)).isEqualTo(CassandraAccess.PLAIN);
        assertThat(CassandraAccess.of(c).connectorSettings()).isEmpty();
        assertThat(CassandraAccess.of(c).sslContext()).isEmpty();
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedNamingTheWaysThatWork() {
        for (String key : new String[] {"cassandra.password", "kafka.sasl.password", "kafka.tls.truststore-password"}) {
            assertThatThrownBy(() -> WatcherConfig.load(null, Map.of(key, "hunter2")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key + " is a secret and cannot be given on the command line")
                    .hasMessageContaining(key + "-file")
                    .hasMessageContaining(WatcherConfig.envName(key))
                    .hasMessageNotContaining("hunter2");
        }
        // Naming the file that holds it is fine.
        assertThat(WatcherConfig.load(null, Map.of("cassandra.password-file", "/run/secrets/pw")).get("cassandra.password-file"))
                .isEqualTo("/run/secrets/pw");
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFileAndAreMaskedInThePrintout(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("kafka.password");
        Files.writeString(pw, "s3cret-from-file\n");
        WatcherConfig c = WatcherConfig.builder()
                .environment(Map.of("WATCHER_CASSANDRA_PASSWORD", "s3cret-from-env"))
                .flags(Map.of("cassandra.username", "watcher_job", "kafka.security.protocol", "SASL_SSL",
                        "kafka.sasl.username", "watcher_job", "kafka.sasl.password-file", pw.toString()))
                .build();
        assertThat(c.secret("cassandra.password")).isEqualTo("s3cret-from-env");
        assertThat(c.secret("kafka.sasl.password")).isEqualTo("s3cret-from-file");
        String printout = String.join("\n", c.describe());
        assertThat(printout).doesNotContain("s3cret").contains("cassandra.password").contains("****").contains(pw.toString());
        assertThat(CassandraAccess.of(c).toString()).doesNotContain("s3cret").contains("watcher_job");
        assertThat(KafkaAccess.of(c).toString()).doesNotContain("s3cret");
    }

    @Test
    void saslSslGivesClientPropertiesAndSparkOptions(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "pa\"ss\n");
        WatcherConfig c = WatcherConfig.builder()
                .flags(Map.of("kafka.security.protocol", "SASL_SSL", "kafka.sasl.username", "watcher_desk",
                        "kafka.sasl.password-file", pw.toString(), "kafka.tls.truststore", "/etc/sw/truststore.p12"))
                .build();
        Map<String, String> p = KafkaAccess.of(c).clientProperties();
        assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/sw/truststore.p12")
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
        assertThat(p.get("sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"watcher_desk\" password=\"pa\\\"ss\";");
        assertThat(KafkaAccess.of(c).sparkOptions()).containsEntry("kafka.security.protocol", "SASL_SSL").hasSameSizeAs(p);
    }

    @Test
    void missingOrUnreadableSecretsAreClearErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaAccess.of(WatcherConfig.builder().flags(Map.of("kafka.security.protocol", "SASL_SSL")).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs kafka.sasl.username and a password");
        assertThatThrownBy(() -> CassandraAccess.of(WatcherConfig.builder().flags(Map.of("cassandra.username", "watcher_job")).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WATCHER_CASSANDRA_PASSWORD or cassandra.password-file");
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> CassandraAccess.of(WatcherConfig.builder()
                .flags(Map.of("cassandra.username", "u", "cassandra.password-file", missing.toString())).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cassandra.password-file: cannot read " + missing);
        assertThatThrownBy(() -> KafkaAccess.of(WatcherConfig.builder().flags(Map.of("kafka.security.protocol", "TLS")).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.security.protocol should be one of");
    }
}
