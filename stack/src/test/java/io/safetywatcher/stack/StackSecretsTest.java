package io.safetywatcher.stack;

import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.security.CassandraAccess;
import io.safetywatcher.common.security.KafkaAccess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secure stack's secrets without servers: what is made, and what is refused. Making them
 * runs the JDK's keytool eight times (a child JVM each, ~10 s for the class), so the class is
 * in the integration lane with the other tests that start child programs.
 */
@Tag("stack")
class StackSecretsTest {

    static StackSettings settings(Path dir) {
        return StackSettings.from(WatcherConfig.builder().flags(Map.of("stack.dir", dir.toString(), "stack.secure", "true")).build());
    }

    @Test
    void aPlaintextStackFolderIsNotSecuredInPlace(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("kafka/data"));
        Files.writeString(dir.resolve("kafka/data/meta.properties"), "node.id=1\n");
        assertThatThrownBy(() -> StackSecrets.of(settings(dir)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("was set up without --secure").hasMessageContaining("Use another folder (--dir)");
    }

    @Test
    void keysPasswordsAndClientFilesAreMadeOnceAndTheFilesHoldNoPassword(@TempDir Path dir) throws Exception {
        StackSecrets secrets = StackSecrets.of(settings(dir));
        assertThat(StackSettings.from(WatcherConfig.builder().flags(Map.of("stack.dir", dir.toString())).build()).secure())
                .as("a folder with secrets stays secure without the flag").isTrue();
        String jobPassword = secrets.password(StackRole.JOB.principal());
        assertThat(StackSecrets.of(settings(dir)).password(StackRole.JOB.principal())).as("made once").isEqualTo(jobPassword);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(secrets.keystore())) {
            ks.load(in, secrets.keystorePassword().toCharArray());
        }
        X509Certificate server = (X509Certificate) ks.getCertificate("server");
        assertThat(server.getIssuerX500Principal().getName()).contains("Safety Watcher local CA");
        assertThat(server.getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1))).contains("127.0.0.1", "localhost");
        assertThat(ks.getCertificateChain("server")).hasSize(2);
        secrets.trustStore().sslContext(); // the clients' trust store opens with its password

        Path job = secrets.clientConfig(StackRole.JOB);
        String text = Files.readString(job);
        assertThat(secrets.allPasswords()).noneMatch(text::contains);
        WatcherConfig c = WatcherConfig.builder().file(job).build();
        assertThat(CassandraAccess.of(c).username()).isEqualTo("watcher_job");
        assertThat(CassandraAccess.of(c).password()).isEqualTo(jobPassword);
        assertThat(KafkaAccess.of(c).clientProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(CassandraAccess.of(secrets.as(WatcherConfig.defaults(), StackRole.DESK)).authenticated())
                .as("the desk has no Cassandra role").isFalse();
    }

    @Test
    void operatorsHaveNamedAccountsAndNoSharedLogin(@TempDir Path dir) throws Exception {
        StackSecrets secrets = StackSecrets.of(settings(dir));
        assertThat(secrets.clientConfig(StackRole.OPERATOR)).as("no shared operator login").doesNotExist();
        assertThat(secrets.operators()).isEmpty();

        Path alice = secrets.addOperator(settings(dir), "alice");
        String password = secrets.password("alice");
        assertThat(secrets.addOperator(settings(dir), "alice")).isEqualTo(alice);
        assertThat(secrets.password("alice")).as("adding again keeps the password").isEqualTo(password);
        secrets.addOperator(settings(dir), "bob");
        assertThat(secrets.operators()).containsExactly("alice", "bob");
        assertThat(secrets.allPasswords()).contains(password, secrets.password("bob"));

        String text = Files.readString(alice);
        assertThat(text).doesNotContain(password);
        WatcherConfig c = WatcherConfig.builder().file(alice).build();
        assertThat(CassandraAccess.of(c).username()).isEqualTo("alice");
        assertThat(CassandraAccess.of(c).password()).isEqualTo(password);
        assertThat(c.get("kafka.sasl.username")).isEqualTo("alice");

        for (String bad : List.of("watcher_job", "cassandra", "truststore", "Alice", "a", "x; DROP ROLE watcher_admin", "../etc")) {
            assertThatThrownBy(() -> secrets.addOperator(settings(dir), bad)).as(bad).isInstanceOf(StackException.class)
                    .hasMessageContaining("an operator name is");
        }
        assertThat(StackRole.operatorAccountGrant("alice")).isEqualTo("GRANT watcher_operator TO alice");
    }

    @Test
    void scramCredentialsAreSaltedAndNeverCarryThePassword() {
        ScramCredential c = ScramCredential.of("watcher_job", "correct horse");
        assertThat(c.formatArgument()).startsWith("SCRAM-SHA-512=[name=watcher_job,iterations=4096,salt=\"")
                .doesNotContain("correct horse");
        assertThat(c.saltedPassword()).hasSize(64);
        assertThat(ScramCredential.hi("pw".getBytes(), c.salt(), 4096)).isEqualTo(ScramCredential.hi("pw".getBytes(), c.salt(), 4096))
                .isNotEqualTo(ScramCredential.hi("pw2".getBytes(), c.salt(), 4096));
    }
}
