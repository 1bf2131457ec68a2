package io.safetywatcher.store.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.Shape;
import io.safetywatcher.store.TableOwner;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The analytics results and their bookkeeping (006_analytics.cql, 007_analytics_incremental.cql), and
 * the record of the Parquet archive (016_archive_days.cql).
 * The analytics job computes each result as whole rows in the column order of its {@link Shape}
 * and upserts them; the CLI reads hotspots, trends and the heatmap.
 */
public final class AnalyticsTables implements TableOwner {
    public static final Shape RUNS = Shape.of("analytics_runs", "run_day", "started_at", "run_id", "from_day", "to_day", "days_recomputed",
            "status", "duration_ms", "error");
    public static final Shape DAYS = Shape.of("analytics_days", "day", "computed_at", "run_id");
    public static final Shape ZONE_HOUR_STATS = Shape.of("zone_hour_stats_by_day", "zone_id", "day", "hour", "noise_n", "noise_sum",
            "noise_sumsq", "density_bins");
    public static final Shape DEVICE_HEALTH = Shape.of("device_health", "day", "device_id", "last_seen", "silent", "quarantined", "total",
            "quarantine_rate", "clock_ahead");
    public static final Shape QUARANTINE_BY_REASON = Shape.of("quarantine_by_reason", "day", "reason", "count", "share");
    public static final Shape INCIDENTS = Shape.of("incidents_by_zone_day", "zone_id", "day", "alert_type", "count");
    public static final Shape HEATMAP = Shape.of("incident_heatmap", "scope", "dow", "hour", "count");
    public static final Shape HOTSPOTS = Shape.of("hotspots", "period_end", "rank", "zone_id", "alerts_per_1000m2_day", "previous",
            "change_pct");
    public static final Shape CROWD_PEAKS = Shape.of("crowd_peaks", "zone_id", "hour", "p95_density", "los_counts");
    public static final Shape NOISE_BASELINE = Shape.of("noise_baseline", "zone_id", "hour", "mean_db", "stddev_db");
    public static final Shape TRENDS = Shape.of("trends", "zone_id", "alert_type", "slope_per_day", "p_value", "significant", "from_day",
            "to_day");
    public static final Shape ALERT_HANDLING = Shape.of("alert_handling", "period_end", "alert_type", "median_ack_seconds",
            "false_alarm_share");

    public static final Shape ARCHIVE_DAYS = Shape.of("archive_days", "day", "archived_at", "run_id", "location", "raw_rows", "clean_rows",
            "aggregated_rows");

    /** Every table the job writes, by name. */
    private static final Map<String, Shape> WRITTEN = Stream.of(RUNS, DAYS, ZONE_HOUR_STATS, DEVICE_HEALTH, QUARANTINE_BY_REASON, INCIDENTS,
            HEATMAP, HOTSPOTS, CROWD_PEAKS, NOISE_BASELINE, TRENDS, ALERT_HANDLING, ARCHIVE_DAYS).collect(java.util.stream.Collectors.toMap(Shape::name, s -> s));

    // Hotspot ranks move between runs: a period's partition is replaced, not overwritten row by row.
    private static final Cql DROP_HOTSPOTS = new Cql("DELETE FROM {ks}." + HOTSPOTS.name() + " WHERE period_end = ?");
    private static final Cql COMPUTED_AT = new Cql("SELECT day, computed_at FROM {ks}." + DAYS.name() + " WHERE day IN ?");
    private static final Cql STATS_OF_ZONE = new Cql("SELECT day, hour, noise_n, noise_sum, noise_sumsq, density_bins FROM {ks}."
            + ZONE_HOUR_STATS.name() + " WHERE zone_id = ? AND day >= ? AND day <= ?");
    private static final Cql DEVICE_HEALTH_OF_DAYS = selectDays(DEVICE_HEALTH);
    private static final Cql QUARANTINE_BY_REASON_OF_DAYS = selectDays(QUARANTINE_BY_REASON);
    private static final Cql HOTSPOT_PERIODS = new Cql("SELECT DISTINCT period_end FROM {ks}." + HOTSPOTS.name());
    private static final Cql HOTSPOTS_OF = new Cql("SELECT " + String.join(", ", HOTSPOTS.columns()) + " FROM {ks}." + HOTSPOTS.name()
            + " WHERE period_end = ?");
    private static final Cql ALL_TRENDS = new Cql("SELECT " + String.join(", ", TRENDS.columns()) + " FROM {ks}." + TRENDS.name());
    private static final Cql TRENDS_OF_ZONE = new Cql(ALL_TRENDS.template() + " WHERE zone_id = ?");
    private static final Cql CROWD_PEAKS_ALL = new Cql("SELECT zone_id, hour, p95_density FROM {ks}." + CROWD_PEAKS.name());
    private static final Cql NOISE_BASELINES = new Cql("SELECT zone_id, hour, mean_db, stddev_db FROM {ks}." + NOISE_BASELINE.name());
    private static final Cql ARCHIVED_OF = new Cql("SELECT " + String.join(", ", ARCHIVE_DAYS.columns()) + " FROM {ks}." + ARCHIVE_DAYS.name()
            + " WHERE day IN ?");
    private static final Cql HEATMAP_OF = new Cql("SELECT dow, hour, count FROM {ks}." + HEATMAP.name() + " WHERE scope = ?");

    /** One zone, day and local hour of zone_hour_stats_by_day. */
    public record HourRow(LocalDate day, int hour, long noiseN, double noiseSum, double noiseSumSq, Map<Integer, Long> densityBins) {}

    public record Hotspot(LocalDate periodEnd, int rank, String zone, Double alertsPer1000m2Day, Double previous, Double changePct) {}

    public record Trend(String zone, String alertType, Double slopePerDay, Double pValue, Boolean significant, LocalDate fromDay,
                        LocalDate toDay) {}

    public record HeatCell(int dow, int hour, long count) {}

    /** The learnt sound level of a zone at a local hour of day; null where the job had too little to say. */
    /** A zone's 95th-percentile crowd density (people per m²) at an hour of the day. */
    public record CrowdPeak(String zone, int hour, Double p95Density) {}

    public record NoiseBaseline(String zone, int hour, Double meanDb, Double stddevDb) {}

    /** One archived day: where, when, and the rows of each layer's tables (equal to Cassandra's when it was archived). */
    public record ArchivedDay(LocalDate day, Instant archivedAt, java.util.UUID runId, String location, Map<String, Long> rawRows,
                              Map<String, Long> cleanRows, Map<String, Long> aggregatedRows) {}

    private final Prepared p;

    public AnalyticsTables(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(AnalyticsTables.class, keyspace); }

    private static Cql selectDays(Shape s) {
        return new Cql("SELECT " + String.join(", ", s.columns()) + " FROM {ks}." + s.name() + " WHERE day IN ?");
    }

    /** The shape of a table the job writes; refuses any other name or a different column order. */
    public static Shape written(String table, List<String> columns) {
        Shape s = WRITTEN.get(table);
        if (s == null) {
            throw new IllegalArgumentException(table + " is not an analytics result table; those are " + new java.util.TreeSet<>(WRITTEN.keySet()));
        }
        if (!s.columns().equals(columns)) {
            throw new IllegalArgumentException(table + " has the columns " + s.columns() + ", not " + columns);
        }
        return s;
    }

    /** The upsert of one whole row of a result table, its values in the table's column order. */
    public PreparedStatement insert(String table, List<String> columns) { return p.of(written(table, columns).insert()); }

    /** Empties one period's hotspots before its new ranking is written. */
    public void dropHotspots(LocalDate periodEnd) { p.session().execute(p.of(DROP_HOTSPOTS).bind(periodEnd)); }

    /** When each of these days was last folded into the results. */
    public Map<LocalDate, Instant> computedAt(List<LocalDate> days) {
        Map<LocalDate, Instant> out = new HashMap<>();
        for (Row r : p.session().execute(p.of(COMPUTED_AT).bind(days))) {
            out.put(r.getLocalDate("day"), r.getInstant("computed_at"));
        }
        return out;
    }

    /** A zone's rows of zone_hour_stats_by_day from {@code from} to {@code to}, both included. */
    public List<HourRow> hourStats(String zone, LocalDate from, LocalDate to) {
        List<HourRow> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(STATS_OF_ZONE).bind(zone, from, to))) {
            out.add(new HourRow(r.getLocalDate("day"), r.getInt("hour"), r.getLong("noise_n"), r.getDouble("noise_sum"),
                    r.getDouble("noise_sumsq"), r.getMap("density_bins", Integer.class, Long.class)));
        }
        return out;
    }

    /** Rows of device_health or quarantine_by_reason for these days, values in the shape's column order. */
    public List<List<Object>> ofDays(Shape table, List<LocalDate> days) {
        Cql select = table.equals(DEVICE_HEALTH) ? DEVICE_HEALTH_OF_DAYS : table.equals(QUARANTINE_BY_REASON) ? QUARANTINE_BY_REASON_OF_DAYS : null;
        if (select == null) {
            throw new IllegalArgumentException(table.name() + " is not read by day");
        }
        List<List<Object>> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(select).bind(days))) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                row.add(r.getObject(i));
            }
            out.add(row);
        }
        return out;
    }

    /** The latest period with hotspots; the partition key is the period, so its distinct values are the computed ones. */
    public Optional<LocalDate> latestHotspotPeriod() {
        LocalDate end = null;
        for (Row r : p.session().execute(p.of(HOTSPOT_PERIODS).bind())) {
            LocalDate d = r.getLocalDate("period_end");
            if (end == null || d.isAfter(end)) {
                end = d;
            }
        }
        return Optional.ofNullable(end);
    }

    public List<Hotspot> hotspots(LocalDate periodEnd) {
        List<Hotspot> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(HOTSPOTS_OF).bind(periodEnd))) {
            out.add(new Hotspot(r.getLocalDate("period_end"), r.getInt("rank"), r.getString("zone_id"), r.get("alerts_per_1000m2_day", Double.class),
                    r.get("previous", Double.class), r.get("change_pct", Double.class)));
        }
        return out;
    }

    /** Every zone's trends, or one zone's. */
    public List<Trend> trends(String zone) {
        List<Trend> out = new ArrayList<>();
        for (Row r : p.session().execute(zone == null ? p.of(ALL_TRENDS).bind() : p.of(TRENDS_OF_ZONE).bind(zone))) {
            out.add(new Trend(r.getString("zone_id"), r.getString("alert_type"), r.get("slope_per_day", Double.class),
                    r.get("p_value", Double.class), r.get("significant", Boolean.class), r.getLocalDate("from_day"), r.getLocalDate("to_day")));
        }
        return out;
    }

    /** The day-of-week x hour counts of a scope ('all' or a zone id). */
    public List<HeatCell> heatmap(String scope) {
        List<HeatCell> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(HEATMAP_OF).bind(scope))) {
            out.add(new HeatCell(r.getInt("dow"), r.getInt("hour"), r.getLong("count")));
        }
        return out;
    }

    /** Every zone's crowd peaks by hour. */
    public List<CrowdPeak> crowdPeaks() {
        List<CrowdPeak> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(CROWD_PEAKS_ALL).bind())) {
            out.add(new CrowdPeak(r.getString("zone_id"), r.getInt("hour"), r.get("p95_density", Double.class)));
        }
        return out;
    }

    /** Every zone's noise baseline (the alert job's prior for a sound sensor still learning). */
    public List<NoiseBaseline> noiseBaselines() {
        List<NoiseBaseline> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(NOISE_BASELINES).bind())) {
            out.add(new NoiseBaseline(r.getString("zone_id"), r.getInt("hour"), r.get("mean_db", Double.class), r.get("stddev_db", Double.class)));
        }
        return out;
    }

    /** The archive's record of these days (days never archived are absent). */
    public Map<LocalDate, ArchivedDay> archived(List<LocalDate> days) {
        Map<LocalDate, ArchivedDay> out = new java.util.TreeMap<>();
        for (Row r : p.session().execute(p.of(ARCHIVED_OF).bind(days))) {
            out.put(r.getLocalDate("day"), new ArchivedDay(r.getLocalDate("day"), r.getInstant("archived_at"), r.getUuid("run_id"),
                    r.getString("location"), r.getMap("raw_rows", String.class, Long.class), r.getMap("clean_rows", String.class, Long.class),
                    r.getMap("aggregated_rows", String.class, Long.class)));
        }
        return out;
    }
}
