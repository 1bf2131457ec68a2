package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Builder validation and defaults; building talks to no server. */
class MigratorBuilderTest {

    /** A session that fails on any use: building must not touch it. */
    private static final CqlSession UNUSED = (CqlSession) Proxy.newProxyInstance(
            MigratorBuilderTest.class.getClassLoader(), new Class<?>[] {CqlSession.class},
            (proxy, method, args) -> {
                throw new AssertionError("the builder called the session: " + method.getName());
            });

    @Test
    void defaults() {
        Migrator m = Migrator.builder().session(UNUSED).build();
        assertThat(m.keyspace()).isEqualTo("safety_watcher");
        assertThat(m.replication()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(m.owner()).matches(".+:" + ProcessHandle.current().pid());
        assertThat(m.scripts()).extracting(MigrationScript::name).startsWith("001_keyspace.cql");
    }

    @Test
    void takesTheDocumentedSettings() {
        Migrator m = Migrator.builder()
                .session(UNUSED)
                .keyspace("Safety_Watcher_Test")
                .replication(" {'class': 'NetworkTopologyStrategy', 'dc1': 3} ")
                .owner("host-a:42")
                .ddlTimeout(Duration.ofSeconds(60))
                .lockTimeout(Duration.ZERO)
                .serialConsistency(DefaultConsistencyLevel.LOCAL_SERIAL)
                .build();
        assertThat(m.keyspace()).isEqualTo("safety_watcher_test");
        assertThat(m.replication()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3}");
        assertThat(m.owner()).isEqualTo("host-a:42");
        assertThat(Migrator.builder().session(UNUSED).replication(Replication.simple(3)).build().replication())
                .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 3}");
    }

    @Test
    void needsASession() {
        assertThatThrownBy(() -> Migrator.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session");
    }

    @Test
    void rejectsBadSettings() {
        Migrator.Builder b = Migrator.builder();
        assertThatThrownBy(() -> b.keyspace("1abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.keyspace("ks; DROP KEYSPACE x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.keyspace("k".repeat(49))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.replication("SimpleStrategy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map literal");
        assertThatThrownBy(() -> b.replication("{'class': 'SimpleStrategy'}; DROP TABLE x; {'class'}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.owner(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.ddlTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.ddlTimeout(Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.lockTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.serialConsistency(DefaultConsistencyLevel.QUORUM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SERIAL");
        assertThatThrownBy(() -> b.scripts(List.of())).isInstanceOf(IllegalArgumentException.class);
        MigrationScript one = MigrationScript.of("001_a.cql", "CREATE KEYSPACE IF NOT EXISTS x WITH replication = {};");
        MigrationScript two = MigrationScript.of("002_b.cql", "CREATE TABLE IF NOT EXISTS x.t (k int PRIMARY KEY);");
        assertThatThrownBy(() -> b.scripts(List.of(two, one))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptNamesMustBeNumbered() {
        assertThatThrownBy(() -> MigrationScript.of("raw.cql", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("007_what_it_adds.cql");
        assertThat(MigrationScript.of("010_more.cql", "").version()).isEqualTo(10);
    }
}
