package io.safetywatcher.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.safetywatcher.cql.Migrator;
import io.safetywatcher.cql.Replication;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.ActionKind;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.Disposition;
import io.safetywatcher.common.event.Severity;
import io.safetywatcher.store.TableOwner;
import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every statement of every table owner, prepared against a freshly migrated keyspace: a column
 * or table renamed or dropped in the schema, or misspelt in an owner, fails here instead of in a
 * running job. The owners are found by scanning the store module's classes, so a new owner is
 * covered without being listed (one it cannot build fails the test).
 */
@StackTest
class TableOwnersOnRealCassandraTest {
    private static final String KEYSPACE = "owners_check";

    @Test
    void everyStatementOfEveryOwnerPreparesOnTheMigratedSchema(StackEndpoints stack) throws Exception {
        List<Class<? extends TableOwner>> owners = owners();
        // The scan must see the store's owners at all, or this test could pass on nothing.
        assertThat(owners).extracting(Class::getSimpleName)
                .contains("RawTables", "AlertTables", "QuarantineTable", "SuppressionTables", "ActionTables", "AnalyticsTables");
        try (CqlSession s = stack.openSession()) {
            migrate(s, KEYSPACE);
            List<String> failures = new ArrayList<>();
            int prepared = 0;
            for (Class<? extends TableOwner> type : owners) {
                List<String> statements = owner(type, s, KEYSPACE).statements(KEYSPACE);
                assertThat(statements).as(type.getSimpleName() + " lists its statements").isNotEmpty();
                for (String cql : statements) {
                    try {
                        s.prepare(cql);
                        prepared++;
                    } catch (RuntimeException e) {
                        failures.add(type.getSimpleName() + ": " + cql + "\n    " + e.getMessage());
                    }
                }
            }
            assertThat(failures).as("statements that do not prepare on the migrated schema").isEmpty();
            assertThat(prepared).isGreaterThan(owners.size());
        }
    }

    @Test
    void aRenamedColumnIsFound(StackEndpoints stack) throws Exception {
        try (CqlSession s = stack.openSession()) {
            migrate(s, "owners_renamed");
            // Cassandra renames only key columns; a clustering column of a table the CLI and the job use.
            s.execute("ALTER TABLE owners_renamed.alerts_by_day RENAME alert_id TO alert_ref");
            TableOwner alerts = owner(ownerNamed("AlertTables"), s, "owners_renamed");
            assertThatThrownBy(() -> alerts.statements("owners_renamed").forEach(s::prepare)).hasMessageContaining("alert_id");
        }
    }

    /**
     * What the action service writes through {@link ActionTables} (014): an assign, an unassign,
     * a resolve with a disposition and category, and a resolve as written before 014 (false_alarm
     * only), read back and folded over the job's alert row as the CLI and the console read them.
     */
    @Test
    void assignsAndDispositionsAreWrittenAndReadBack(StackEndpoints stack) {
        try (CqlSession s = stack.openSession()) {
            migrate(s, KEYSPACE);
            ActionTables actions = new ActionTables(s, KEYSPACE);
            AlertTables alerts = new AlertTables(s, KEYSPACE);
            Instant t = Instant.parse("2026-03-01T12:00:00Z");
            String id = "owners-" + java.util.UUID.randomUUID();
            s.execute(alerts.write(new Alert(id, "noise|plaza", AlertType.NOISE, Severity.MEDIUM, AlertState.FIRING, "plaza", List.of("snd-1"),
                    t, t, null, 0.7, "noise", List.of(), "test"), 1L));
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(1), ActionKind.ASSIGN, "lead", "yours", false, "olivia", null, null)));
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(2), ActionKind.ASSIGN, "lead", null, false, "", null, null)));
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(3), ActionKind.ASSIGN, "lead", null, false, "sam", null, null)));
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(4), ActionKind.RESOLVE, "sam", "drill", false, null,
                    Disposition.TEST, "maintenance")));

            List<ActionTables.Action> read = actions.actions(id);
            assertThat(read).extracting(ActionTables.Action::kind).containsExactly(ActionKind.ASSIGN, ActionKind.ASSIGN, ActionKind.ASSIGN,
                    ActionKind.RESOLVE);
            assertThat(read).extracting(ActionTables.Action::assignee).containsExactly("olivia", "", "sam", null);
            assertThat(read.get(3).disposition()).isEqualTo(Disposition.TEST);
            assertThat(read.get(3).category()).isEqualTo("maintenance");
            AlertTables.Full f = alerts.stored(id).orElseThrow().with(read);
            assertThat(f.assignee()).isEqualTo("sam");
            assertThat(f.disposition()).isEqualTo(Disposition.TEST);
            assertThat(f.dispositionCategory()).isEqualTo("maintenance");
            assertThat(f.falseAlarm()).isFalse();

            // A resolve as written before 014 (no disposition): read from false_alarm, which every resolve still writes.
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(5), ActionKind.RESOLVE, "sam", "a fox", true, null, null, null)));
            s.execute(actions.act(id, new ActionTables.Action(t.plusSeconds(6), ActionKind.RESOLVE, "sam", "no, real", false, null,
                    Disposition.FALSE_ALARM, null)));
            Row legacy = s.execute(s.prepare("SELECT false_alarm, disposition, assignee FROM " + KEYSPACE + ".alert_actions WHERE alert_id = ?")
                    .bind(id)).all().get(4);
            assertThat(legacy.getBoolean("false_alarm")).isTrue();
            assertThat(legacy.isNull("disposition") && legacy.isNull("assignee")).isTrue();
            read = actions.actions(id);
            assertThat(read.get(4).disposition()).isEqualTo(Disposition.FALSE_ALARM);
            // A disposition's false_alarm is written from it, whatever the flag beside it said.
            assertThat(s.execute(s.prepare("SELECT false_alarm FROM " + KEYSPACE + ".alert_actions WHERE alert_id = ?").bind(id)).all()
                    .get(5).getBoolean("false_alarm")).isTrue();
            f = alerts.stored(id).orElseThrow().with(read);
            assertThat(f.disposition()).isEqualTo(Disposition.FALSE_ALARM);
            assertThat(f.dispositionCategory()).isNull();
            assertThat(f.falseAlarm()).isTrue();
            assertThat(f.resolvedNote()).isEqualTo("no, real");
        }
    }

    private static void migrate(CqlSession s, String keyspace) {
        Migrator.builder().session(s).keyspace(keyspace).replication(Replication.simple(1)).owner("owners-test").build().migrate();
    }

    private static TableOwner owner(Class<? extends TableOwner> type, CqlSession s, String keyspace) {
        try {
            return type.getConstructor(CqlSession.class, String.class).newInstance(s, keyspace);
        } catch (ReflectiveOperationException e) {
            return fail(type.getName() + " needs a public constructor (CqlSession, String keyspace) so that its statements are checked: " + e);
        }
    }

    private static Class<? extends TableOwner> ownerNamed(String simpleName) throws Exception {
        return owners().stream().filter(c -> c.getSimpleName().equals(simpleName)).findFirst().orElseThrow();
    }

    /** The classes of the store module (where TableOwner lives) that implement it. */
    @SuppressWarnings("unchecked")
    static List<Class<? extends TableOwner>> owners() throws IOException, URISyntaxException, ClassNotFoundException {
        Path where = Path.of(TableOwner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<? extends TableOwner>> out = new ArrayList<>();
        if (Files.isDirectory(where)) {
            collect(where, out);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(where, Map.of())) {
                collect(jar.getPath("/"), out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Path root, List<Class<? extends TableOwner>> out) throws IOException, ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
        for (String n : names) {
            Class<?> c = Class.forName(n, false, TableOwner.class.getClassLoader());
            if (TableOwner.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                out.add((Class<? extends TableOwner>) c);
            }
        }
    }
}
