package io.safetywatcher.analytics.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.safetywatcher.analytics.figures.HourStats;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.store.Shape;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.analytics.AnalyticsTables;
import io.safetywatcher.store.analytics.AnalyticsTables.ArchivedDay;
import io.safetywatcher.store.raw.RawTables;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final AnalyticsTables results;
    private final RawTables raw;
    private final AlertTables alerts;

    ResultStore(CqlSession session, String keyspace) {
        this.session = session;
        this.results = new AnalyticsTables(session, keyspace);
        this.raw = new RawTables(session, keyspace);
        this.alerts = new AlertTables(session, keyspace);
    }

    /** Upserts every row; returns how many. */
    int write(Table t) {
        PreparedStatement p = results.insert(t.name(), t.columns());
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

    /** Replaces the period's hotspots: their clustering keys (the ranks) move between runs. */
    int replaceHotspots(Table t, LocalDate periodEnd) {
        results.dropHotspots(periodEnd);
        return write(t);
    }

    Map<LocalDate, Instant> computedAt(List<LocalDate> days) { return results.computedAt(days); }

    /** The newest raw change per day, over every raw table. */
    Map<LocalDate, Instant> lastChange(List<LocalDate> days) { return raw.lastChange(days); }

    /** The days among these that Cassandra holds any alert of. */
    java.util.Set<LocalDate> alertDaysHeld(List<LocalDate> days) { return alerts.daysHeld(days); }

    /** The archive's record of these days. */
    Map<LocalDate, ArchivedDay> archived(List<LocalDate> days) { return results.archived(days); }

    /** Records a day as archived (after its files were checked and moved into place). */
    void archived(ArchivedDay a) {
        write(Table.builder(AnalyticsTables.ARCHIVE_DAYS)
                .add(List.of(a.day(), a.archivedAt(), a.runId(), a.location(), a.rawRows(), a.cleanRows(), a.aggregatedRows())).build());
    }

    /** One day's zone_hour_stats_by_day rows, for the archive's aggregated layer. */
    Table hourStatsOf(List<String> zones, LocalDate day) {
        return io.safetywatcher.analytics.figures.DayFigures.zoneHourStats(dayStats(zones, new Range(day, day)));
    }

    void daysComputed(List<LocalDate> days, Instant startedAt, UUID runId) {
        Table.Builder t = Table.builder(AnalyticsTables.DAYS);
        days.forEach(d -> t.add(List.of(d, startedAt, runId)));
        write(t.build());
    }

    static Table run(UUID runId, Instant startedAt, Range range, List<LocalDate> days, String status, Long durationMs, String error) {
        return Table.builder(AnalyticsTables.RUNS)
                .add(Arrays.asList(LocalDate.ofInstant(startedAt, java.time.ZoneOffset.UTC), startedAt, runId, range.from(), range.to(),
                        days, status, durationMs, error))
                .build();
    }

    /** zone → day → hour → statistics of zone_hour_stats_by_day, for the range. */
    Map<String, Map<LocalDate, Map<Integer, HourStats>>> dayStats(List<String> zones, Range range) {
        Map<String, Map<LocalDate, Map<Integer, HourStats>>> out = new TreeMap<>();
        for (String z : zones) {
            for (AnalyticsTables.HourRow r : results.hourStats(z, range.from(), range.to())) {
                HourStats s = new HourStats(r.noiseN(), r.noiseSum(), r.noiseSumSq(), r.densityBins());
                out.computeIfAbsent(z, k -> new TreeMap<>()).computeIfAbsent(r.day(), k -> new TreeMap<>()).put(r.hour(), s);
            }
        }
        return out;
    }

    /** A day-partitioned result's rows for these days, as a Table (for the report). */
    Table readDays(Shape table, List<LocalDate> days) {
        Table.Builder t = Table.builder(table);
        results.ofDays(table, days).forEach(t::add);
        return t.build();
    }
}
