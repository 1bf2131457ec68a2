package io.safetywatcher.analytics.spark;

import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.store.registry.RegistryTable;
import io.safetywatcher.store.registry.Zone;
import io.safetywatcher.store.analytics.AnalyticsTables;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.safetywatcher.analytics.archive.ArchivePlan;
import io.safetywatcher.analytics.archive.ArchiveSettings;
import io.safetywatcher.analytics.figures.DayFigures;
import io.safetywatcher.analytics.figures.DayPlan;
import io.safetywatcher.analytics.figures.InputCount;
import io.safetywatcher.analytics.figures.QuarantineCount;
import io.safetywatcher.analytics.figures.Range;
import io.safetywatcher.analytics.figures.RangeFigures;
import io.safetywatcher.analytics.figures.ReadingGroup;
import io.safetywatcher.analytics.figures.Settings;
import io.safetywatcher.analytics.model.AlertRow;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.common.config.SparkSettings;
import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One analytics run over a range of days: decide which days to scan (incremental, tracked in
 * analytics_days against raw_day_changes), scan their raw data with Spark into per-day
 * statistics, rebuild the range-wide results from those and the alerts, write everything
 * idempotently and record the run in analytics_runs (also when it fails).
 */
public final class AnalyticsJob {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsJob.class);

    private final SparkSession spark;
    private final String keyspace;
    private final Settings settings;
    private final ArchiveSettings archive;
    private final Clock clock;

    public AnalyticsJob(SparkSession spark, WatcherConfig config, Clock clock) {
        this.spark = spark;
        this.keyspace = config.get("cassandra.keyspace");
        this.settings = Settings.of(config);
        this.archive = ArchiveSettings.of(config, java.nio.file.Path.of(""));
        this.clock = clock;
    }

    public Settings settings() { return settings; }

    public ArchiveSettings archive() { return archive; }

    /** Local by default; under spark-submit the master and the rest come from the submit. */
    public static SparkConf sparkConf(WatcherConfig c) {
        SparkConf conf = new SparkConf();
        SparkSettings.of(c, "safety-watcher-analytics", conf.contains("spark.master"), 4).forEach(conf::set);
        return conf
                // Hours of day are computed by shifting UTC times into each zone's own time zone.
                .set("spark.sql.session.timeZone", "UTC")
                // Joins on a table's whole partition key become direct joins (see RawScan).
                .set("spark.sql.extensions", "com.datastax.spark.connector.CassandraSparkExtensions")
                // The archive's day=/zone_id= folders read back as strings: a zone named "12" must not become a number.
                .set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                // Parquet's standard timestamp type rather than the legacy INT96, for any other reader of the archive.
                .set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    }

    public RunResult run(Range range, boolean full) {
        Instant started = clock.instant();
        UUID runId = UUID.randomUUID();
        long t0 = System.nanoTime();
        try (CqlSession session = CassandraConnector.apply(spark.sparkContext().getConf()).openSession()) {
            ResultStore store = new ResultStore(session, keyspace);
            store.write(ResultStore.run(runId, started, range, null, "running", null, null));
            List<LocalDate> scanned = List.of();
            try {
                Registry registry = new RegistryTable(session, keyspace).read();
                List<Zone> zones = List.copyOf(registry.zones().values());
                List<Device> devices = List.copyOf(registry.devices().values());
                LocalDate today = LocalDate.ofInstant(started, ZoneOffset.UTC);
                List<LocalDate> days = range.days();
                List<LocalDate> alertDays = new ArrayList<>(range.previous().days());
                alertDays.addAll(days);
                Map<LocalDate, Instant> lastChange = store.lastChange(alertDays);
                Map<LocalDate, AnalyticsTables.ArchivedDay> archived = archive.enabled() ? store.archived(alertDays) : Map.of();
                Set<LocalDate> alertsHeld = archive.enabled() ? store.alertDaysHeld(alertDays) : Set.of();
                ArchivePlan.Sources sources = archive.enabled()
                        ? ArchivePlan.sources(alertDays, archived.keySet(), lastChange.keySet(), alertsHeld, started, archive.readAfter())
                        : ArchivePlan.Sources.CASSANDRA_ONLY;
                ArchiveFiles files = archive.enabled() ? new ArchiveFiles(spark, archive.location()) : null;
                RawScan scan = new RawScan(spark, keyspace, files, sources);
                scanned = DayPlan.daysToScan(range, store.computedAt(days), lastChange, today, full, settings.changeMargin());
                if (!sources.rawFromArchive().isEmpty() || !sources.alertsFromArchive().isEmpty()) {
                    LOG.info("run {}: from the archive: raw data of {}, alerts of {}", runId, new java.util.TreeSet<>(sources.rawFromArchive()),
                            new java.util.TreeSet<>(sources.alertsFromArchive()));
                }
                LOG.info("run {}: {} {}, {} zones, {} devices; scanning {} of {} days {}", runId, full ? "full" : "incremental", range,
                        zones.size(), devices.size(), scanned.size(), days.size(), scanned);
                Map<String, Integer> written = new LinkedHashMap<>();
                long readings = 0;
                if (!scanned.isEmpty()) {
                    long s0 = System.nanoTime();
                    List<String> sensors = devices.stream().filter(d -> !d.camera()).map(Device::id).toList();
                    List<String> cameras = devices.stream().filter(Device::camera).map(Device::id).toList();
                    List<ReadingGroup> groups = sensors.isEmpty() ? List.of()
                            : scan.collectReadingGroups(scan.readingGroups(sensors, scanned, zones));
                    List<InputCount> cameraInput = scan.cameraInput(cameras, scanned);
                    List<QuarantineCount> quarantine = scan.quarantine(scanned);
                    readings = groups.stream().mapToLong(ReadingGroup::count).sum();
                    DayFigures day = new DayFigures(scanned, settings, zones, devices, groups, cameraInput, quarantine, clock.instant());
                    for (Table t : day.all()) {
                        written.put(t.name(), store.write(t));
                    }
                    LOG.info("run {}: scanned {} readings, {} camera-days, {} quarantine groups in {} s", runId, readings,
                            cameraInput.size(), quarantine.size(), String.format("%.2f", (System.nanoTime() - s0) / 1e9));
                }
                Set<String> zoneIds = new LinkedHashSet<>();
                zones.forEach(z -> zoneIds.add(z.id()));
                List<AlertRow> alerts = scan.alerts(alertDays);
                alerts.stream().filter(a -> a.zone() != null).forEach(a -> zoneIds.add(a.zone()));
                RangeFigures figures = new RangeFigures(range, settings, zones, alerts, store.dayStats(List.copyOf(zoneIds), range));
                List<Table> tables = new ArrayList<>();
                for (Table t : figures.all()) {
                    written.put(t.name(), t.name().equals(AnalyticsTables.HOTSPOTS.name()) ? store.replaceHotspots(t, range.to()) : store.write(t));
                    tables.add(t);
                }
                tables.add(store.readDays(AnalyticsTables.DEVICE_HEALTH, days));
                tables.add(store.readDays(AnalyticsTables.QUARANTINE_BY_REASON, days));
                store.daysComputed(scanned, started, runId);
                List<LocalDate> archivedNow = new ArrayList<>();
                if (archive.enabled()) {
                    Map<LocalDate, Instant> archivedAt = new java.util.HashMap<>();
                    archived.forEach((d, a) -> archivedAt.put(d, a.archivedAt()));
                    List<LocalDate> toArchive = ArchivePlan.daysToArchive(days, clock.instant(), archive.settle(), archivedAt, lastChange,
                            alertsHeld, sources, full, settings.changeMargin());
                    Archiver archiver = new Archiver(spark, new RawScan(spark, keyspace), files);
                    List<String> zoneList = List.copyOf(zoneIds);
                    for (LocalDate d : toArchive) {
                        store.archived(archiver.archive(d, runId, clock.instant(), zones, devices, store.hourStatsOf(zoneList, d)));
                        archivedNow.add(d);
                    }
                    written.put(AnalyticsTables.ARCHIVE_DAYS.name(), archivedNow.size());
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Table runRow = ResultStore.run(runId, started, range, scanned, "succeeded", ms, null);
                store.write(runRow);
                tables.add(runRow);
                LOG.info("run {}: succeeded in {} s; {} alerts in range; rows written {}", runId, String.format("%.2f", ms / 1000.0),
                        figures.incidents().rows().stream().mapToLong(r -> (Long) r.get(3)).sum(), written);
                return new RunResult(runId, started, range, full, scanned, ms, written, readings, tables, archivedNow);
            } catch (RuntimeException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                try {
                    store.write(ResultStore.run(runId, started, range, scanned, "failed", ms, String.valueOf(e.getMessage())));
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        }
    }
}
