package io.safetywatcher.cql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migrator's conversation with the database, against {@link FakeCassandra}: what runs in
 * which order, what is recorded, and that the lock is always let go. The same flows run
 * against a real node in the stack module's integration tests.
 */
class MigratorFlowTest {

    private static final MigrationScript KEYSPACE = MigrationScript.of("001_keyspace.cql",
            "-- the keyspace\nCREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication};\n");
    private static final MigrationScript TABLES = MigrationScript.of("002_tables.cql",
            "CREATE TABLE IF NOT EXISTS ${keyspace}.a (k int PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS ${keyspace}.b (k int PRIMARY KEY);\n");
    private static final MigrationScript MORE = MigrationScript.of("003_more.cql",
            "CREATE TABLE IF NOT EXISTS ${keyspace}.c (k int PRIMARY KEY);\n");

    private final FakeCassandra db = new FakeCassandra();

    private Migrator migrator(List<MigrationScript> scripts) {
        return Migrator.builder().session(db.session()).keyspace("ks").owner("host-a:1")
                .lockTimeout(Duration.ofMillis(300)).scripts(scripts).build();
    }

    @Test
    void firstRunCreatesKeyspaceThenLockThenAppliesAndRecordsEverything() {
        List<AppliedMigration> applied = migrator(List.of(KEYSPACE, TABLES)).migrate();

        assertThat(applied).extracting(AppliedMigration::name).containsExactly("001_keyspace.cql", "002_tables.cql");
        assertThat(applied).extracting(AppliedMigration::statements).containsExactly(1, 2);
        assertThat(db.ddl()).containsExactly(
                "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE IF NOT EXISTS ks.schema_lock (name text PRIMARY KEY, owner text, taken_at timestamp)",
                "CREATE TABLE IF NOT EXISTS ks.schema_migrations (version int PRIMARY KEY, name text, checksum text, applied_at timestamp, applied_by text)",
                // 001 again, now under the lock, so that it is recorded; a no-op on the server.
                "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                "CREATE TABLE IF NOT EXISTS ks.a (k int PRIMARY KEY)",
                "CREATE TABLE IF NOT EXISTS ks.b (k int PRIMARY KEY)");
        assertThat(db.history).containsOnlyKeys(1, 2);
        assertThat(db.history.get(2)).containsEntry("name", "002_tables.cql")
                .containsEntry("checksum", TABLES.checksum()).containsEntry("applied_by", "host-a:1");
        assertThat(db.lockOwner).as("released").isNull();
    }

    @Test
    void secondRunChangesNothingAndANewFileIsAppliedAlone() {
        migrator(List.of(KEYSPACE, TABLES)).migrate();
        int before = db.ddl().size();

        assertThat(migrator(List.of(KEYSPACE, TABLES)).migrate()).isEmpty();
        assertThat(db.ddl()).hasSize(before);

        assertThat(migrator(List.of(KEYSPACE, TABLES, MORE)).migrate()).extracting(AppliedMigration::name)
                .containsExactly("003_more.cql");
        assertThat(db.ddl().subList(before, db.ddl().size())).containsExactly("CREATE TABLE IF NOT EXISTS ks.c (k int PRIMARY KEY)");
        assertThat(migrator(List.of(KEYSPACE, TABLES, MORE)).status()).extracting(MigrationStatus::state)
                .containsOnly(MigrationStatus.State.APPLIED);
    }

    @Test
    void anEditedFileStopsTheRunBeforeAnythingIsAppliedAndTheLockIsReleased() {
        migrator(List.of(KEYSPACE, TABLES)).migrate();
        int before = db.ddl().size();
        MigrationScript edited = MigrationScript.of("002_tables.cql", TABLES.text() + "-- a harmless looking edit\n");

        assertThatThrownBy(() -> migrator(List.of(KEYSPACE, edited, MORE)).migrate())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("migration 002_tables.cql was edited after it was applied")
                .hasMessageContaining("add a new numbered file instead of editing an applied one");
        assertThat(db.ddl()).hasSize(before);
        assertThat(db.history).containsOnlyKeys(1, 2);
        assertThat(db.lockOwner).isNull();
        assertThat(migrator(List.of(KEYSPACE, edited, MORE)).status()).extracting(MigrationStatus::state)
                .containsExactly(MigrationStatus.State.APPLIED, MigrationStatus.State.EDITED, MigrationStatus.State.PENDING);
    }

    @Test
    void aHeldLockTimesOutNamingItsHolderAndAppliesNothing() {
        migrator(List.of(KEYSPACE)).migrate();
        db.lockOwner = "host-b:2#cafe";
        db.lockTakenAt = java.time.Instant.parse("2025-01-01T00:00:00Z");
        int before = db.ddl().size();

        assertThatThrownBy(() -> migrator(List.of(KEYSPACE, TABLES)).migrate())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("could not take the migration lock in keyspace ks")
                .hasMessageContaining("held by host-b:2#cafe since 2025-01-01T00:00:00Z");
        assertThat(db.ddl()).hasSize(before);
        assertThat(db.lockOwner).as("someone else's lock is left alone").isEqualTo("host-b:2#cafe");
    }

    @Test
    void lockStatementsAreLightweightTransactionsWithBoundValuesAndDdlHasTheLongTimeout() {
        migrator(List.of(KEYSPACE, TABLES)).migrate();
        List<SimpleStatement> lock = db.received.stream().filter(s -> s.getQuery().contains(".schema_lock ")
                && !s.getQuery().startsWith("CREATE")).toList();
        assertThat(lock).extracting(s -> s.getQuery().split(" ")[0]).startsWith("INSERT").contains("UPDATE").endsWith("DELETE");
        assertThat(lock).allSatisfy(s -> {
            assertThat(s.getSerialConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.SERIAL);
            assertThat(s.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.QUORUM);
            assertThat(s.getPositionalValues()).isNotEmpty();
            assertThat(s.getQuery()).doesNotContain("host-a");
        });
        assertThat(db.received).filteredOn(s -> s.getQuery().startsWith("CREATE"))
                .allSatisfy(s -> assertThat(s.getTimeout()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void localSerialPairsWithLocalQuorum() {
        Migrator.builder().session(db.session()).keyspace("ks").scripts(List.of(KEYSPACE))
                .serialConsistency(DefaultConsistencyLevel.LOCAL_SERIAL).build().migrate();
        assertThat(db.received).filteredOn(s -> s.getQuery().contains("IF NOT EXISTS USING TTL"))
                .allSatisfy(s -> {
                    assertThat(s.getSerialConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
                    assertThat(s.getConsistencyLevel()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
                });
    }

    @Test
    void statusReadsWithoutCreatingAnything() {
        assertThat(migrator(List.of(KEYSPACE, TABLES)).status()).extracting(MigrationStatus::state)
                .containsExactly(MigrationStatus.State.PENDING, MigrationStatus.State.PENDING);
        assertThat(db.ddl()).isEmpty();
    }

    @Test
    void theShippedSchemaRunsThroughAndRecordsEveryFile() {
        Migrator m = Migrator.builder().session(db.session()).build();
        assertThat(m.migrate()).extracting(AppliedMigration::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(db.tables).contains("safety_watcher.readings_by_sensor_day", "safety_watcher.alerts_by_id", "safety_watcher.alert_actions", "safety_watcher.suppressions_by_day", "safety_watcher.silence_actions", "safety_watcher.notify_deliveries",
                "safety_watcher.quarantine_by_day", "safety_watcher.analytics_runs", "safety_watcher.zone_hour_stats_by_day",
                "safety_watcher.schema_migrations");
        assertThat(m.migrate()).isEmpty();
    }
}
