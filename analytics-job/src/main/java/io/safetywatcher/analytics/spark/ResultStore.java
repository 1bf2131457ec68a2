package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.analytics.figures.HourStats;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.table.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The job's small reads and writes on the driver, through the connector's session: the
 * bookkeeping (analytics_runs, analytics_days, raw_day_changes) and the results, which are
 * small (grids of zones × hours × types) next to the raw tables Spark scans. Every write is an
 * upsert of a whole row on its key, so a rerun writes the same rows.
 */
final class ResultStore {
    private static final int IN_FLIGHT = 64;

    private final CqlSession session;
    private final String ks;
    private final Map<String, PreparedStatement> inserts = new HashMap<>();

    ResultStore(CqlSession session, String keyspace) {
        this.session = session;
        this.ks = keyspace;
    }

    /** Upserts every row; returns how many. */
    int write(Table t) {
        PreparedStatement p = inserts.computeIfAbsent(t.name() + t.columns(), k -> session.prepare("INSERT INTO " + ks + "." + t.name()
                + " (" + String.join(", ", t.columns()) + ") VALUES (" + String.join(", ", java.util.Collections.nCopies(t.columns().size(), "?")) + ")"));
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            BoundStatement b = p.bind(row.toArray());
            permits.acquireUninterruptibly();
            pending.add(session.executeAsync(b).toCompletableFuture().whenComplete((r, e) -> permits.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return t.rows().size();
    }

    /** Replaces one partition: for tables whose clustering keys move between runs (hotspot ranks). */
    int replacePartition(Table t, String keyColumn, Object key) {
        session.execute("DELETE FROM " + ks + "." + t.name() + " WHERE " + keyColumn + " = ?", key);
        return write(t);
    }

    Map<LocalDate, Instant> computedAt(List<LocalDate> days) {
        Map<LocalDate, Instant> out = new HashMap<>();
        for (Row r : session.execute("SELECT day, computed_at FROM " + ks + ".analytics_days WHERE day IN ?", days)) {
            out.put(r.getLocalDate("day"), r.getInstant("computed_at"));
        }
        return out;
    }

    /** The newest raw change per day, over every raw table. */
    Map<LocalDate, Instant> lastChange(List<LocalDate> days) {
        Map<LocalDate, Instant> out = new HashMap<>();
        for (Row r : session.execute("SELECT day, last_change FROM " + ks + ".raw_day_changes WHERE day IN ?", days)) {
            Instant t = r.getInstant("last_change");
            if (t != null) {
                out.merge(r.getLocalDate("day"), t, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return out;
    }

    void daysComputed(List<LocalDate> days, Instant startedAt, UUID runId) {
        Table.Builder t = Table.builder("analytics_days", List.of("day", "computed_at", "run_id"));
        days.forEach(d -> t.add(List.of(d, startedAt, runId)));
        write(t.build());
    }

    static Table run(UUID runId, Instant startedAt, Range range, List<LocalDate> days, String status, Long durationMs, String error) {
        return Table.builder("analytics_runs", List.of("run_day", "started_at", "run_id", "from_day", "to_day", "days_recomputed",
                        "status", "duration_ms", "error"))
                .add(Arrays.asList(LocalDate.ofInstant(startedAt, java.time.ZoneOffset.UTC), startedAt, runId, range.from(), range.to(),
                        days, status, durationMs, error))
                .build();
    }

    /** zone → day → hour → statistics of zone_hour_stats_by_day, for the range. */
    Map<String, Map<LocalDate, Map<Integer, HourStats>>> dayStats(List<String> zones, Range range) {
        Map<String, Map<LocalDate, Map<Integer, HourStats>>> out = new TreeMap<>();
        PreparedStatement p = session.prepare("SELECT day, hour, noise_n, noise_sum, noise_sumsq, density_bins FROM " + ks
                + ".zone_hour_stats_by_day WHERE zone_id = ? AND day >= ? AND day <= ?");
        for (String z : zones) {
            for (Row r : session.execute(p.bind(z, range.from(), range.to()))) {
                HourStats s = new HourStats(r.getLong("noise_n"), r.getDouble("noise_sum"), r.getDouble("noise_sumsq"),
                        r.getMap("density_bins", Integer.class, Long.class));
                out.computeIfAbsent(z, k -> new TreeMap<>()).computeIfAbsent(r.getLocalDate("day"), k -> new TreeMap<>()).put(r.getInt("hour"), s);
            }
        }
        return out;
    }

    /** A day-partitioned table's rows for these days, as a Table (for the report). */
    Table readDays(String table, List<String> columns, List<LocalDate> days) {
        Table.Builder t = Table.builder(table, columns);
        for (Row r : session.execute("SELECT " + String.join(", ", columns) + " FROM " + ks + "." + table + " WHERE day IN ?", days)) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                row.add(r.getObject(i));
            }
            t.add(row);
        }
        return t.build();
    }
}
