package io.safetywatcher.analytics.spark;

import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import io.safetywatcher.analytics.archive.ArchivePlan;
import io.safetywatcher.analytics.archive.ArchiveTable;
import io.safetywatcher.analytics.figures.HourStats;
import io.safetywatcher.analytics.figures.InputCount;
import io.safetywatcher.analytics.figures.QuarantineCount;
import io.safetywatcher.analytics.figures.ReadingGroup;
import io.safetywatcher.analytics.model.AlertRow;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.store.registry.Zone;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Spark's part: reading Cassandra through the spark-cassandra-connector and aggregating where
 * the data is, so only small groups reach the driver.
 *
 * <p>How the day partitions are pushed down. The raw tables are partitioned by (device, day).
 * The job builds the partition keys it needs, registry devices × the days to scan, as a small
 * DataFrame and joins it with the table on the whole partition key; with the connector's
 * Spark extensions and the table option {@code directJoinSetting=on} that join becomes a direct join
 * (joinWithCassandraTable): one single-partition query per key, spread over the executors, no
 * scan of the other 90 days the TTL keeps. The alternative, {@code device IN (...) AND day IN
 * (...)}, is pushed down as the cartesian product of both lists and, past
 * {@code spark.cassandra.sql.inClauseToJoinConversionThreshold} (2,500) keys, turned into the
 * same join anyway; the explicit join stays one plan for 10 keys or 100,000. (A device removed
 * from the registry is not scanned: its history no longer belongs to a zone.) Tables
 * partitioned by day alone (alerts, quarantine) take {@code day IN (...)}, pushed down as is.
 *
 * <p>Days Cassandra no longer holds ({@link ArchivePlan.Sources}) are read from the Parquet
 * archive instead, the same columns from the raw layer (the handled alerts from the clean
 * layer), and unioned with what Cassandra gives for the other days: the figures do not know
 * where a day came from.
 */
public final class RawScan {
    private static final StructType DEVICE_DAY = DataTypes.createStructType(List.of(
            DataTypes.createStructField("device_id", DataTypes.StringType, false),
            DataTypes.createStructField("day", DataTypes.DateType, false)));
    private static final StructType ZONE_TZ = DataTypes.createStructType(List.of(
            DataTypes.createStructField("tz_zone", DataTypes.StringType, false),
            DataTypes.createStructField("tz", DataTypes.StringType, false)));

    private final SparkSession spark;
    private final String keyspace;
    private final ArchiveFiles archive;
    private final ArchivePlan.Sources sources;

    public RawScan(SparkSession spark, String keyspace) {
        this(spark, keyspace, null, ArchivePlan.Sources.CASSANDRA_ONLY);
    }

    /** {@code archive} may be null when the archive is off; then every day is read from Cassandra. */
    RawScan(SparkSession spark, String keyspace, ArchiveFiles archive, ArchivePlan.Sources sources) {
        if (archive == null && !sources.equals(ArchivePlan.Sources.CASSANDRA_ONLY)) {
            throw new IllegalArgumentException("days to read from the archive, but no archive: " + sources);
        }
        this.spark = spark;
        this.keyspace = keyspace;
        this.archive = archive;
        this.sources = sources;
    }

    Dataset<Row> table(String name) {
        // directJoinSetting=on: a join on the whole partition key is always a direct join, whatever the
        // connector estimates the table's size to be (its estimate is unknown on a fresh node).
        return spark.read().format("org.apache.spark.sql.cassandra").option("keyspace", keyspace).option("table", name)
                .option("directJoinSetting", "on").load();
    }

    Dataset<Row> keys(List<String> devices, List<LocalDate> days, String deviceColumn) {
        List<Row> rows = new ArrayList<>();
        for (String d : devices) {
            for (LocalDate day : days) {
                rows.add(RowFactory.create(d, day));
            }
        }
        return spark.createDataFrame(rows, DEVICE_DAY).withColumnRenamed("device_id", deviceColumn);
    }

    /**
     * A raw table partitioned by (device, day): these devices' rows of these days, the given
     * columns in that order (the device column and {@code day} among them); the days Cassandra no
     * longer holds from the archive's raw layer.
     */
    Dataset<Row> stored(String table, ArchiveTable archived, List<String> devices, List<LocalDate> days, String deviceColumn,
                        String... columns) {
        Column[] cols = java.util.Arrays.stream(columns).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> out = fromCassandra(table, devices, sources.rawFromCassandra(days), deviceColumn).select(cols);
        return withArchived(out, archived, sources.rawFromArchive(days), col(deviceColumn).isin(devices.toArray()), cols);
    }

    /** Every column of a raw table partitioned by (device, day), these devices' rows of these days, from Cassandra. */
    Dataset<Row> fromCassandra(String table, List<String> devices, List<LocalDate> days, String deviceColumn) {
        return keys(devices, days, deviceColumn).join(table(table), new String[] {deviceColumn, "day"});
    }

    /** {@code fromCassandra} and, when there are such days, the same columns of the archived days that {@code keep}. */
    private Dataset<Row> withArchived(Dataset<Row> fromCassandra, ArchiveTable archived, List<LocalDate> archivedDays, Column keep, Column[] cols) {
        if (archivedDays.isEmpty()) {
            return fromCassandra;
        }
        return archive.read(archived, archivedDays).map(a -> fromCassandra.unionByName(a.filter(keep).select(cols))).orElse(fromCassandra);
    }

    /** A table partitioned by day alone, on these days: {@code day IN (...)} pushed down; none at all for no day (an empty IN is no query). */
    static Dataset<Row> onDays(Dataset<Row> table, List<LocalDate> days) {
        return days.isEmpty() ? table.limit(0) : table.filter(col("day").isin(days.toArray()));
    }

    /**
     * Readings of these sensors and days, grouped by sensor, local hour of its zone and (crowd
     * density only) density bin. The hour is the zone's local one: patterns follow the city's clock.
     */
    public Dataset<Row> readingGroups(List<String> sensors, List<LocalDate> days, List<Zone> zones) {
        Dataset<Row> readings = stored(RawTables.READINGS, ArchiveTable.RAW_READINGS, sensors, days, "sensor_id",
                "sensor_id", "day", "ts", "value", "sensor_type", "zone_id");
        List<Row> tz = zones.stream().map(z -> RowFactory.create(z.id(), z.timeZoneOrUtc().getId())).toList();
        Dataset<Row> zoneTz = spark.createDataFrame(tz, ZONE_TZ);
        Column local = from_utc_timestamp(col("ts"), coalesce(col("tz"), lit("UTC")));
        return readings.join(broadcast(zoneTz), col("zone_id").equalTo(col("tz_zone")), "left")
                .withColumn("hour", hour(local))
                .withColumn("bin", when(col("sensor_type").equalTo(SensorType.CROWD_DENSITY.id()),
                        floor(col("value").divide(HourStats.DENSITY_STEP).plus(HourStats.BIN_EPSILON)).cast("int")))
                .groupBy("sensor_id", "zone_id", "sensor_type", "day", "hour", "bin")
                .agg(count(lit(1)).as("n"), max("ts").as("newest"), sum("value").as("s"), sum(col("value").multiply(col("value"))).as("ss"));
    }

    List<ReadingGroup> collectReadingGroups(Dataset<Row> groups) {
        List<ReadingGroup> out = new ArrayList<>();
        for (Row r : groups.collectAsList()) {
            out.add(new ReadingGroup(r.getString(0), r.getString(1), r.getString(2), r.getAs("day"), r.getInt(4),
                    r.isNullAt(5) ? null : r.getInt(5), r.<Long>getAs("n"), r.<Instant>getAs("newest"), r.<Double>getAs("s"), r.<Double>getAs("ss")));
        }
        return out;
    }

    /** Per camera and day: frames stored and edge observations (one per frame, however many labels it carried). */
    List<InputCount> cameraInput(List<String> cameras, List<LocalDate> days) {
        List<InputCount> out = new ArrayList<>();
        if (cameras.isEmpty()) {
            return out;
        }
        Dataset<Row> obs = stored(RawTables.OBSERVATIONS, ArchiveTable.RAW_OBSERVATIONS, cameras, days, "camera_id", "camera_id", "day", "ts", "seq")
                .groupBy("camera_id", "day").agg(countDistinct(col("ts"), col("seq")).as("n"), max("ts").as("newest"));
        Dataset<Row> frames = stored(RawTables.FRAMES, ArchiveTable.RAW_FRAMES, cameras, days, "camera_id", "camera_id", "day", "ts")
                .groupBy("camera_id", "day").agg(count(lit(1)).as("n"), max("ts").as("newest"));
        for (Row r : obs.union(frames).collectAsList()) {
            out.add(new InputCount(r.getString(0), r.getAs("day"), r.getLong(2), r.<Instant>getAs("newest")));
        }
        return out;
    }

    List<QuarantineCount> quarantine(List<LocalDate> days) {
        List<QuarantineCount> out = new ArrayList<>();
        Column[] cols = {col("day"), col("device_id"), col("reason")};
        Dataset<Row> stored = onDays(table(QuarantineTable.BY_DAY).select(cols), sources.rawFromCassandra(days));
        for (Row r : withArchived(stored, ArchiveTable.RAW_QUARANTINE, sources.rawFromArchive(days), lit(true), cols)
                .groupBy("day", "device_id", "reason").count().collectAsList()) {
            out.add(new QuarantineCount(r.getAs("day"), r.getString(1), r.getString(2), r.getLong(3)));
        }
        return out;
    }

    /**
     * Alerts that started on these days, with what a human did with them: alerts_by_id's own
     * columns (acknowledgements from before operator actions existed) folded with alert_actions
     * as the CLI folds them: the first ack or resolve acknowledges, the latest resolve says
     * whether it was a false alarm. Both by direct join on their key.
     */
    List<AlertRow> alerts(List<LocalDate> days) {
        Column[] cols = java.util.Arrays.stream(HANDLED).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> handled = withArchived(handledAlerts(sources.alertsFromCassandra(days)), ArchiveTable.CLEAN_ALERTS,
                sources.alertsFromArchive(days), lit(true), cols);
        List<AlertRow> out = new ArrayList<>();
        for (Row r : handled.collectAsList()) {
            out.add(new AlertRow(r.getString(0), r.getString(1), r.getString(2), r.getAs(3), r.isNullAt(4) ? null : r.getBoolean(4),
                    r.isNullAt(5) ? null : r.getAs(5), r.isNullAt(6) ? null : r.getBoolean(6)));
        }
        return out;
    }

    /** The columns of {@link #handledAlerts}, which the clean layer's alerts also have. */
    static final String[] HANDLED = {"alert_id", "type", "zone_id", "started_at", "acknowledged", "ack_at", "false_alarm"};

    /** The alerts that started on these days in Cassandra, with their handling folded in ({@link #HANDLED} first). */
    Dataset<Row> handledAlerts(List<LocalDate> days) {
        Dataset<Row> byDay = onDays(table(AlertTables.BY_DAY).select("day", "alert_id", "type", "zone_id", "started_at"), days);
        Dataset<Row> acted = byDay.select("alert_id")
                .join(table(ActionTables.ALERT_ACTIONS).select("alert_id", "kind", "acted_at", "false_alarm").filter(col("kind").isin("ack", "resolve")),
                        "alert_id")
                .groupBy("alert_id").agg(min("acted_at").as("first_acted_at"),
                        max_by(col("false_alarm"), when(col("kind").equalTo("resolve"), col("acted_at"))).as("resolved_false_alarm"));
        Column legacyAck = coalesce(col("acknowledged"), lit(false));
        Dataset<Row> handled = byDay.join(table(AlertTables.BY_ID).select("alert_id", "acknowledged", "ack_at", "false_alarm"),
                        new String[] {"alert_id"}, "left")
                .join(acted, new String[] {"alert_id"}, "left")
                .select(col("alert_id"), col("type"), col("zone_id"), col("started_at"),
                        when(legacyAck.or(col("first_acted_at").isNotNull()), lit(true)).otherwise(col("acknowledged")).as("acknowledged"),
                        when(legacyAck, col("ack_at")).otherwise(col("first_acted_at")).as("ack_at"),
                        coalesce(col("resolved_false_alarm"), col("false_alarm")).as("false_alarm"));
        return handled;
    }
}
