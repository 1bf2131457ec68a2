package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationPlanTest {

    private static final MigrationScript KEYSPACE = MigrationScript.of("001_keyspace.cql", "CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication};");
    private static final MigrationScript RAW = MigrationScript.of("003_raw.cql", "CREATE TABLE IF NOT EXISTS ${keyspace}.r (k int PRIMARY KEY);");
    private static final MigrationScript MORE = MigrationScript.of("004_more.cql", "CREATE TABLE IF NOT EXISTS ${keyspace}.m (k int PRIMARY KEY);");
    private static final Instant WHEN = Instant.parse("2025-01-02T03:04:05Z");

    private static MigrationPlan.Recorded recorded(MigrationScript s, String checksum) {
        return new MigrationPlan.Recorded(s.version(), s.name(), checksum, WHEN, "host:1");
    }

    @Test
    void everythingIsPendingOnAnEmptyHistory() {
        assertThat(MigrationPlan.pending(List.of(KEYSPACE, RAW, MORE), Map.of())).containsExactly(KEYSPACE, RAW, MORE);
    }

    @Test
    void onlyUnrecordedScriptsArePending() {
        Map<Integer, MigrationPlan.Recorded> history = Map.of(1, recorded(KEYSPACE, KEYSPACE.checksum()), 3, recorded(RAW, RAW.checksum()));
        assertThat(MigrationPlan.pending(List.of(KEYSPACE, RAW, MORE), history)).containsExactly(MORE);
        Map<Integer, MigrationPlan.Recorded> all = Map.of(1, recorded(KEYSPACE, KEYSPACE.checksum()),
                3, recorded(RAW, RAW.checksum()), 4, recorded(MORE, MORE.checksum()));
        assertThat(MigrationPlan.pending(List.of(KEYSPACE, RAW, MORE), all)).isEmpty();
    }

    @Test
    void anEditedAppliedScriptStopsEverything() {
        String before = "0123456789abcdef".repeat(4);
        Map<Integer, MigrationPlan.Recorded> history = Map.of(1, recorded(KEYSPACE, KEYSPACE.checksum()), 3, recorded(RAW, before));
        assertThatThrownBy(() -> MigrationPlan.pending(List.of(KEYSPACE, RAW, MORE), history))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("migration 003_raw.cql was edited after it was applied (recorded checksum 0123456789ab…, file now "
                        + RAW.checksum().substring(0, 12) + "…)")
                .hasMessageContaining("add a new numbered file instead of editing an applied one")
                .hasMessageNotContaining("004_more.cql");
    }

    @Test
    void statusCoversShippedAndRecordedMigrations() {
        Map<Integer, MigrationPlan.Recorded> history = Map.of(
                1, recorded(KEYSPACE, KEYSPACE.checksum()),
                3, recorded(RAW, "f".repeat(64)),
                9, new MigrationPlan.Recorded(9, "009_from_a_newer_build.cql", "a".repeat(64), WHEN, "host:2"));
        assertThat(MigrationPlan.status(List.of(KEYSPACE, RAW, MORE), history))
                .extracting(MigrationStatus::version, MigrationStatus::name, MigrationStatus::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "001_keyspace.cql", MigrationStatus.State.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(3, "003_raw.cql", MigrationStatus.State.EDITED),
                        org.assertj.core.groups.Tuple.tuple(4, "004_more.cql", MigrationStatus.State.PENDING),
                        org.assertj.core.groups.Tuple.tuple(9, "009_from_a_newer_build.cql", MigrationStatus.State.UNKNOWN));
        MigrationStatus pending = MigrationPlan.status(List.of(MORE), Map.of()).get(0);
        assertThat(pending.recordedChecksum()).isNull();
        assertThat(pending.appliedAt()).isNull();
        assertThat(pending.checksum()).isEqualTo(MORE.checksum());
    }
}
