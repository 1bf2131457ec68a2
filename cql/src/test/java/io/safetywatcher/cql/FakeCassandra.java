package io.safetywatcher.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a Cassandra node, behind a driver session, to follow the migrator's
 * conversation without a server: keyspace and table existence, the lock row's LWTs and the
 * history table. Every statement it receives is kept for assertions.
 */
final class FakeCassandra {

    private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE TABLE IF NOT EXISTS (\\w+)\\.(\\w+).*");
    private static final Pattern ALTER_TABLE_ADD = Pattern.compile("(?is)ALTER TABLE (\\w+)\\.(\\w+) ADD IF NOT EXISTS \\w+ \\w+");
    private static final Pattern CREATE_KEYSPACE = Pattern.compile("(?is)CREATE KEYSPACE IF NOT EXISTS (\\w+)\\s.*");

    final List<SimpleStatement> received = new ArrayList<>();
    final Set<String> keyspaces = new HashSet<>();
    final Set<String> tables = new HashSet<>();
    final Map<Integer, Map<String, Object>> history = new TreeMap<>();
    String lockOwner;
    Object lockTakenAt;

    CqlSession session() {
        return (CqlSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CqlSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> execute((SimpleStatement) args[0]);
                    case "checkSchemaAgreement" -> true;
                    case "toString" -> "FakeCassandra session";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The schema statements (CREATE/ALTER), in order. */
    List<String> ddl() {
        return received.stream().map(SimpleStatement::getQuery)
                .filter(q -> q.startsWith("CREATE") || q.startsWith("ALTER")).toList();
    }

    private synchronized ResultSet execute(SimpleStatement s) {
        received.add(s);
        String q = s.getQuery();
        List<Object> v = s.getPositionalValues();
        Matcher m;
        if (q.startsWith("SELECT keyspace_name FROM system_schema.keyspaces")) {
            return rows(keyspaces.contains((String) v.get(0)) ? List.of(Map.of("keyspace_name", v.get(0))) : List.of());
        } else if (q.startsWith("SELECT table_name FROM system_schema.tables")) {
            return rows(tables.contains(v.get(0) + "." + v.get(1)) ? List.of(Map.of("table_name", v.get(1))) : List.of());
        } else if ((m = CREATE_KEYSPACE.matcher(q)).matches()) {
            keyspaces.add(m.group(1));
            return rows(List.of());
        } else if ((m = CREATE_TABLE.matcher(q)).matches()) {
            if (!keyspaces.contains(m.group(1))) {
                throw new IllegalStateException("keyspace " + m.group(1) + " does not exist: " + q);
            }
            tables.add(m.group(1) + "." + m.group(2));
            return rows(List.of());
        } else if ((m = ALTER_TABLE_ADD.matcher(q)).matches()) {
            if (!tables.contains(m.group(1) + "." + m.group(2))) {
                throw new IllegalStateException("table " + m.group(1) + "." + m.group(2) + " does not exist: " + q);
            }
            return rows(List.of());
        } else if (q.contains(".schema_lock (name, owner, taken_at) VALUES ('migrations', ?, ?) IF NOT EXISTS USING TTL 120")) {
            if (lockOwner == null) {
                lockOwner = (String) v.get(0);
                lockTakenAt = v.get(1);
                return applied(true, Map.of());
            }
            return applied(false, Map.of("owner", lockOwner, "taken_at", lockTakenAt));
        } else if (q.contains(".schema_lock USING TTL 120 SET owner = ?, taken_at = ? WHERE name = 'migrations' IF owner = ?")) {
            boolean ok = v.get(2).equals(lockOwner);
            return applied(ok, ok || lockOwner == null ? Map.of() : Map.of("owner", lockOwner));
        } else if (q.contains(".schema_lock WHERE name = 'migrations' IF owner = ?")) {
            boolean ok = v.get(0).equals(lockOwner);
            if (ok) {
                lockOwner = null;
            }
            return applied(ok, ok || lockOwner == null ? Map.of() : Map.of("owner", lockOwner));
        } else if (q.contains(".schema_migrations (version, name, checksum, applied_at, applied_by) VALUES")) {
            history.put((Integer) v.get(0), Map.of("version", v.get(0), "name", v.get(1), "checksum", v.get(2),
                    "applied_at", v.get(3), "applied_by", v.get(4)));
            return rows(List.of());
        } else if (q.startsWith("SELECT version, name, checksum, applied_at, applied_by FROM")) {
            return rows(new ArrayList<>(history.values()));
        }
        throw new UnsupportedOperationException("the fake does not understand: " + q);
    }

    private static ResultSet applied(boolean applied, Map<String, Object> existing) {
        Map<String, Object> row = new LinkedHashMap<>(existing);
        row.put("[applied]", applied);
        return rows(List.of(row));
    }

    private static ResultSet rows(List<Map<String, Object>> rows) {
        List<Row> list = rows.stream().map(FakeCassandra::row).toList();
        ExecutionInfo info = proxy(ExecutionInfo.class, Map.of("isSchemaInAgreement", args -> true));
        Map<String, Fn> methods = new HashMap<>();
        methods.put("one", args -> list.isEmpty() ? null : list.get(0));
        methods.put("iterator", args -> list.iterator());
        methods.put("wasApplied", args -> list.isEmpty() || !list.get(0).getColumnDefinitions().contains("[applied]")
                || list.get(0).getBoolean("[applied]"));
        methods.put("getExecutionInfo", args -> info);
        return proxy(ResultSet.class, methods);
    }

    private static Row row(Map<String, Object> values) {
        ColumnDefinitions columns = proxy(ColumnDefinitions.class,
                Map.of("contains", args -> values.containsKey((String) args[0])));
        Fn get = args -> {
            if (!values.containsKey((String) args[0])) {
                throw new IllegalArgumentException(args[0] + " is not a column in this row");
            }
            return values.get((String) args[0]);
        };
        return proxy(Row.class, Map.of("getString", get, "getInt", get, "getInstant", get, "getBoolean", get,
                "getColumnDefinitions", args -> columns));
    }

    private interface Fn {
        Object apply(Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Fn> methods) {
        return (T) Proxy.newProxyInstance(FakeCassandra.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> {
                    Fn fn = methods.get(method.getName());
                    if (fn == null && method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(p);
                            case "equals" -> p == args[0];
                            default -> "fake " + type.getSimpleName();
                        };
                    }
                    if (fn == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    }
                    return fn.apply(args);
                });
    }
}
