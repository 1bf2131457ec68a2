package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.cql.AppliedMigration;
import io.safetywatcher.cql.MigrationException;
import io.safetywatcher.cql.MigrationScript;
import io.safetywatcher.cql.Migrator;
import io.safetywatcher.cql.Replication;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrator against a real Cassandra node, each test in a keyspace of its own. */
@StackTest
class MigratorOnRealCassandraTest {

    private static Migrator migrator(CqlSession s, String keyspace, String owner) {
        return Migrator.builder().session(s).keyspace(keyspace).replication(Replication.simple(1)).owner(owner).build();
    }

    @Test
    void appliesEveryFileThenASecondRunChangesNothing(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            List<AppliedMigration> first = migrator(s, "mig_once", "test").migrate();
            assertThat(first).extracting(AppliedMigration::name)
                    .containsExactlyElementsOf(MigrationScript.load().stream().map(MigrationScript::name).toList());
            assertThat(migrator(s, "mig_once", "test").migrate()).isEmpty();
            assertThat(s.execute("SELECT version FROM mig_once.schema_migrations").all()).hasSize(first.size());
        }
    }

    @Test
    void anEditedAppliedFileIsRefusedAndNothingIsApplied(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            migrator(s, "mig_edit", "test").migrate();
            // What an edit looks like to the migrator: the file's checksum no longer matches the record.
            s.execute("UPDATE mig_edit.schema_migrations SET checksum = '0000' WHERE version = 3");
            assertThatThrownBy(() -> migrator(s, "mig_edit", "test").migrate())
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("003_raw.cql")
                    .hasMessageContaining("edited");
        }
    }

    @Test
    void twoProcessesAtOnceApplyEachFileOnce(StackEndpoints stack) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<AppliedMigration> all = Collections.synchronizedList(new ArrayList<>());
        try (CqlSession a = stack.openSession(); CqlSession b = stack.openSession()) {
            List<Callable<List<AppliedMigration>>> both = List.of(
                    () -> migrator(a, "mig_race", "one").migrate(),
                    () -> migrator(b, "mig_race", "two").migrate());
            for (Future<List<AppliedMigration>> f : pool.invokeAll(both)) {
                all.addAll(f.get());
            }
            int files = MigrationScript.load().size();
            assertThat(all).extracting(AppliedMigration::version).doesNotHaveDuplicates().hasSize(files);
            assertThat(a.execute("SELECT version FROM mig_race.schema_migrations").all()).hasSize(files);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rawTablesAreDayBucketedWithTimeWindowCompactionAndTtl(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            Row t = s.execute("SELECT compaction, default_time_to_live FROM system_schema.tables "
                    + "WHERE keyspace_name = ? AND table_name = 'readings_by_sensor_day'", stack.keyspace()).one();
            assertThat(t).isNotNull();
            assertThat(t.getMap("compaction", String.class, String.class).get("class")).endsWith("TimeWindowCompactionStrategy");
            assertThat(t.getInt("default_time_to_live")).isPositive();
            List<String> partitionKey = s.execute("SELECT column_name, kind FROM system_schema.columns "
                    + "WHERE keyspace_name = ? AND table_name = 'readings_by_sensor_day'", stack.keyspace()).all().stream()
                    .filter(r -> "partition_key".equals(r.getString("kind"))).map(r -> r.getString("column_name")).sorted().toList();
            assertThat(partitionKey).containsExactly("day", "sensor_id");
        }
    }
}
