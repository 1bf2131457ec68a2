package io.safetywatcher.analytics.spark;

import io.safetywatcher.store.actions.ActionTables;
import io.safetywatcher.store.alerts.AlertTables;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
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

    public RawScan(SparkSession spark, String keyspace) {
        this.spark = spark;
        this.keyspace = keyspace;
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
     * Readings of these sensors and days, grouped by sensor, local hour of its zone and (crowd
     * density only) density bin. The hour is the zone's local one: patterns follow the city's clock.
     */
    public Dataset<Row> readingGroups(List<String> sensors, List<LocalDate> days, List<Zone> zones) {
        Dataset<Row> readings = keys(sensors, days, "sensor_id").join(
                table(RawTables.READINGS).select("sensor_id", "day", "ts", "value", "sensor_type", "zone_id"),
                new String[] {"sensor_id", "day"});
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
        Dataset<Row> obs = keys(cameras, days, "camera_id")
                .join(table(RawTables.OBSERVATIONS).select("camera_id", "day", "ts", "seq"), new String[] {"camera_id", "day"})
                .groupBy("camera_id", "day").agg(countDistinct(col("ts"), col("seq")).as("n"), max("ts").as("newest"));
        Dataset<Row> frames = keys(cameras, days, "camera_id")
                .join(table(RawTables.FRAMES).select("camera_id", "day", "ts"), new String[] {"camera_id", "day"})
                .groupBy("camera_id", "day").agg(count(lit(1)).as("n"), max("ts").as("newest"));
        for (Row r : obs.union(frames).collectAsList()) {
            out.add(new InputCount(r.getString(0), r.getAs("day"), r.getLong(2), r.<Instant>getAs("newest")));
        }
        return out;
    }

    List<QuarantineCount> quarantine(List<LocalDate> days) {
        List<QuarantineCount> out = new ArrayList<>();
        for (Row r : table(QuarantineTable.BY_DAY).select("day", "device_id", "reason").filter(col("day").isin(days.toArray()))
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
        Dataset<Row> byDay = table(AlertTables.BY_DAY).select("day", "alert_id", "type", "zone_id", "started_at").filter(col("day").isin(days.toArray()));
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
        List<AlertRow> out = new ArrayList<>();
        for (Row r : handled.collectAsList()) {
            out.add(new AlertRow(r.getString(0), r.getString(1), r.getString(2), r.getAs(3), r.isNullAt(4) ? null : r.getBoolean(4),
                    r.isNullAt(5) ? null : r.getAs(5), r.isNullAt(6) ? null : r.getBoolean(6)));
        }
        return out;
    }
}
