package io.safetywatcher.analytics.spark;

import io.safetywatcher.analytics.archive.ArchiveTable;
import io.safetywatcher.analytics.archive.RowCounts;
import io.safetywatcher.analytics.table.Table;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.analytics.AnalyticsTables.ArchivedDay;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.store.registry.Device;
import io.safetywatcher.store.registry.Zone;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;

/**
 * Copies one finished day from Cassandra into the archive's three layers, checks every table's
 * rows in the files against Cassandra's, and only then moves the day into place (replacing an
 * earlier copy whole). A day whose counts differ is left as it was and the run fails, naming
 * the tables that differ.
 */
final class Archiver {
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final StructType REGISTRY = DataTypes.createStructType(List.of(
            DataTypes.createStructField("device_id", DataTypes.StringType, false),
            DataTypes.createStructField("reg_zone_id", DataTypes.StringType, true),
            DataTypes.createStructField("timezone", DataTypes.StringType, false),
            DataTypes.createStructField("view_area_m2", DataTypes.DoubleType, true)));
    private static final StructType HOUR_STATS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("zone_id", DataTypes.StringType, false),
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("hour", DataTypes.IntegerType, false),
            DataTypes.createStructField("noise_n", DataTypes.LongType, false),
            DataTypes.createStructField("noise_sum", DataTypes.DoubleType, false),
            DataTypes.createStructField("noise_sumsq", DataTypes.DoubleType, false),
            DataTypes.createStructField("density_bins", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType), false)));

    private final SparkSession spark;
    private final RawScan cassandra;
    private final ArchiveFiles files;

    /** {@code cassandra} reads every day from Cassandra: only days Cassandra holds are archived. */
    Archiver(SparkSession spark, RawScan cassandra, ArchiveFiles files) {
        this.spark = spark;
        this.cassandra = cassandra;
        this.files = files;
    }

    /**
     * @param hourStats the day's zone_hour_stats_by_day rows as the analytics computed them
     */
    ArchivedDay archive(LocalDate day, UUID runId, Instant at, List<Zone> zones, List<Device> devices, Table hourStats) {
        long t0 = System.nanoTime();
        Map<ArchiveTable, Dataset<Row>> tables = layers(day, zones, devices, hourStats);
        String root = files.root();
        Map<String, Long> expected = new TreeMap<>();
        Map<String, Long> written = new TreeMap<>();
        try {
            tables.forEach((t, rows) -> files.write(rows, t, t.stagingPath(root, runId, day)));
            tables.forEach((t, rows) -> {
                expected.put(key(t), rows.count()); // read again from Cassandra, not from what was written
                written.put(key(t), files.count(t.stagingPath(root, runId, day)));
            });
            List<String> wrong = RowCounts.mismatches(expected, written);
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("the archive of " + day + " does not match Cassandra, so the day was not archived (an earlier copy, if any, is kept): "
                        + String.join("; ", wrong));
            }
            tables.keySet().forEach(t -> files.replace(t, runId, day));
        } finally {
            files.cleanUp(runId, day);
        }
        LOG.info("archived {} to {} in {} s: {}", day, root, String.format("%.2f", (System.nanoTime() - t0) / 1e9), written);
        return new ArchivedDay(day, at, runId, root, layer(written, ArchiveTable.Layer.RAW), layer(written, ArchiveTable.Layer.CLEAN),
                layer(written, ArchiveTable.Layer.AGGREGATED));
    }

    private static String key(ArchiveTable t) { return t.layer().folder() + "/" + t.name(); }

    private static Map<String, Long> layer(Map<String, Long> counts, ArchiveTable.Layer layer) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(layer.folder() + "/")) {
                out.put(k.substring(layer.folder().length() + 1), v);
            }
        });
        return out;
    }

    /** Every table of the three layers for one day, as DataFrames over Cassandra (nothing is read yet). */
    Map<ArchiveTable, Dataset<Row>> layers(LocalDate day, List<Zone> zones, List<Device> devices, Table hourStats) {
        List<LocalDate> one = List.of(day);
        List<String> sensors = devices.stream().filter(d -> !d.camera()).map(Device::id).toList();
        List<String> cameras = devices.stream().filter(Device::camera).map(Device::id).toList();
        Map<ArchiveTable, Dataset<Row>> t = new LinkedHashMap<>();
        Dataset<Row> readings = cassandra.fromCassandra(RawTables.READINGS, sensors, one, "sensor_id");
        Dataset<Row> observations = cassandra.fromCassandra(RawTables.OBSERVATIONS, cameras, one, "camera_id");
        Dataset<Row> frames = cassandra.fromCassandra(RawTables.FRAMES, cameras, one, "camera_id");
        t.put(ArchiveTable.RAW_READINGS, readings);
        t.put(ArchiveTable.RAW_OBSERVATIONS, observations);
        t.put(ArchiveTable.RAW_FRAMES, frames);
        t.put(ArchiveTable.RAW_ALERTS, RawScan.onDays(cassandra.table(AlertTables.BY_DAY).select("day", "alert_id"), one)
                .join(cassandra.table(AlertTables.BY_ID), "alert_id"));
        t.put(ArchiveTable.RAW_QUARANTINE, RawScan.onDays(cassandra.table(QuarantineTable.BY_DAY), one));

        Dataset<Row> registry = broadcast(registry(zones, devices));
        t.put(ArchiveTable.CLEAN_READINGS, clean(readings.filter(col("value").isNotNull().and(not(isnan(col("value"))))), registry,
                "sensor_id", new String[] {"sensor_id", "ts", "seq"},
                "sensor_id", "day", "ts", "seq", "sensor_type", "value", "unit").drop("view_area_m2"));
        t.put(ArchiveTable.CLEAN_OBSERVATIONS, clean(observations.filter(col("confidence").between(0, 1)), registry,
                "camera_id", new String[] {"camera_id", "ts", "seq", "label"},
                "camera_id", "day", "ts", "seq", "label", "confidence", "weight").drop("view_area_m2"));
        t.put(ArchiveTable.CLEAN_FRAMES, clean(frames.filter(col("people_count").isNull().or(col("people_count").geq(0))), registry,
                "camera_id", new String[] {"camera_id", "ts", "seq"},
                "camera_id", "day", "ts", "seq", "width", "height", "people_count", "motion_energy", "blob_count")
                // people per m2 of the camera's view, where the registry knows the view's area
                .withColumn("density", col("people_count").divide(col("view_area_m2"))).drop("view_area_m2"));
        Dataset<Row> alerts = cassandra.handledAlerts(one);
        t.put(ArchiveTable.CLEAN_ALERTS, alerts);

        List<Row> stats = new ArrayList<>();
        hourStats.rows().forEach(r -> stats.add(RowFactory.create(r.toArray())));
        t.put(ArchiveTable.ZONE_HOUR_STATS, spark.createDataFrame(stats, HOUR_STATS));
        t.put(ArchiveTable.INCIDENTS_BY_HOUR, alerts.groupBy(col("zone_id"), col("type").as("alert_type"), hour(col("started_at")).as("utc_hour"))
                .count());
        return t;
    }

    /**
     * A raw table validated (the caller's filter), deduplicated on the event's own key, and
     * joined with the registry: the zone the registry puts the device in (the stored one kept
     * as {@code stored_zone_id}), its time zone and the local hour. A device the registry does
     * not know is dropped: its rows have no zone to belong to.
     */
    private static Dataset<Row> clean(Dataset<Row> valid, Dataset<Row> registry, String deviceColumn, String[] key, String... columns) {
        List<Column> out = new ArrayList<>();
        for (String c : columns) {
            out.add(col(c));
        }
        out.add(col("reg_zone_id").as("zone_id"));
        out.add(col("zone_id").as("stored_zone_id"));
        out.add(col("timezone"));
        out.add(hour(from_utc_timestamp(col("ts"), col("timezone"))).as("local_hour"));
        out.add(col("view_area_m2"));
        return valid.dropDuplicates(key).join(registry, col(deviceColumn).equalTo(col("device_id"))).select(out.toArray(Column[]::new));
    }

    private Dataset<Row> registry(List<Zone> zones, List<Device> devices) {
        Map<String, Zone> byId = new TreeMap<>();
        zones.forEach(z -> byId.put(z.id(), z));
        List<Row> rows = new ArrayList<>();
        for (Device d : devices) {
            Zone z = d.zone() == null ? null : byId.get(d.zone());
            rows.add(RowFactory.create(d.id(), d.zone(), z == null ? "UTC" : z.timeZoneOrUtc().getId(), d.viewAreaM2()));
        }
        return spark.createDataFrame(rows, REGISTRY);
    }
}
