package io.safetywatcher.store.raw;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.DayPartitions;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.Shape;
import io.safetywatcher.store.TableOwner;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The raw input (003_raw.cql): readings, edge observations and frames per device and day, and
 * which days of them changed. The ingest query writes them as whole rows in the column order of
 * the shapes below; the alert sink adds each frame's vision features; the CLI reads a device's
 * history; the analytics job reads the changed days.
 */
public final class RawTables implements TableOwner {
    public static final String READINGS = "readings_by_sensor_day";
    public static final String OBSERVATIONS = "observations_by_camera_day";
    public static final String FRAMES = "frames_by_camera_day";
    public static final String DAY_CHANGES = "raw_day_changes";

    /** The ingest's writes: whole rows, values in this column order. */
    public static final Shape READING_ROW = Shape.of(READINGS, "sensor_id", "day", "ts", "seq", "sensor_type", "zone_id", "value", "unit",
            "src_topic", "src_partition", "src_offset", "ingested_at");
    public static final Shape OBSERVATION_ROW = Shape.of(OBSERVATIONS, "camera_id", "day", "ts", "seq", "label", "confidence", "zone_id",
            "src_topic", "src_partition", "src_offset", "ingested_at");
    public static final Shape FRAME_ROW = Shape.of(FRAMES, "camera_id", "day", "ts", "seq", "zone_id", "width", "height", "jpeg_bytes",
            "src_topic", "src_partition", "src_offset", "ingested_at");
    public static final Shape DAY_CHANGE_ROW = Shape.of(DAY_CHANGES, "day", "source_table", "last_change");

    // Only the feature columns: the ingest query writes the frame's metadata to the same row.
    private static final Cql FRAME_FEATURES = new Cql("UPDATE {ks}." + FRAMES + " SET people_count = ?, motion_energy = ?, blob_count = ?,"
            + " tracks = ? WHERE camera_id = ? AND day = ? AND ts = ? AND seq = ?");
    private static final Cql READINGS_OF = new Cql("SELECT ts, seq, sensor_type, value, unit, zone_id FROM {ks}." + READINGS
            + " WHERE sensor_id = ? AND day = ? AND ts >= ? AND ts < ?");
    private static final Cql FRAMES_OF = new Cql("SELECT ts, seq, width, height, jpeg_bytes, people_count, motion_energy, blob_count, tracks"
            + " FROM {ks}." + FRAMES + " WHERE camera_id = ? AND day = ? AND ts >= ? AND ts < ?");
    /** A sensor's readings of one day between two times, counted: how the benches check what the job stored. */
    public static final Cql COUNT_READINGS = new Cql("SELECT count(*) FROM {ks}." + READINGS + " WHERE sensor_id = ? AND day = ?"
            + " AND ts >= ? AND ts <= ?");
    /** Every reading, paged: the bare full scan the analytics bench measures the job against. */
    public static final Cql SCAN_READINGS = new Cql("SELECT sensor_id, day, ts, value, sensor_type, zone_id FROM {ks}." + READINGS);
    private static final Cql CHANGES_OF = new Cql("SELECT day, last_change FROM {ks}." + DAY_CHANGES + " WHERE day IN ?");

    /** One stored reading, as the CLI lists it. */
    public record Reading(Instant ts, long seq, String sensorType, double value, String unit, String zone) {}

    /** One stored frame: its size and vision features, never the image. */
    public record Frame(Instant ts, long seq, Integer width, Integer height, Integer jpegBytes, Integer peopleCount, Double motionEnergy,
                        Integer blobCount, String tracks) {}

    private final Prepared p;

    public RawTables(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(RawTables.class, keyspace); }

    private static final List<Shape> ROWS = List.of(READING_ROW, OBSERVATION_ROW, FRAME_ROW, DAY_CHANGE_ROW);

    /** The upsert of one whole row of {@code shape} (one of the four above), values in its column order. */
    public BoundStatement row(Shape shape, List<Object> values) {
        if (!ROWS.contains(shape)) {
            throw new IllegalArgumentException(shape.name() + " is not a raw table's row; raw rows are " + ROWS.stream().map(Shape::name).toList());
        }
        if (values.size() != shape.columns().size()) {
            throw new IllegalArgumentException(shape.name() + ": " + values.size() + " values for " + shape.columns().size() + " columns");
        }
        return p.of(shape).bind(values.toArray());
    }

    /** A frame's vision features onto the row the ingest wrote (or will write) for it. */
    public BoundStatement frameFeatures(String camera, Instant ts, long seq, int peopleCount, double motionEnergy, int blobCount,
                                        String tracksJson) {
        return p.of(FRAME_FEATURES).bind(peopleCount, motionEnergy, blobCount, tracksJson, camera, DayPartitions.day(ts), ts, seq);
    }

    /** A sensor's readings in [since, until), newest first, at most {@code limit}. */
    public List<Reading> readings(String sensor, Instant since, Instant until, int limit, BooleanSupplier cancelled) {
        return DayPartitions.newestFirst(since, until, limit, cancelled, d -> p.session().execute(p.of(READINGS_OF).bind(sensor, d, since, until)),
                RawTables::reading, r -> true);
    }

    static Reading reading(Row r) {
        return new Reading(r.getInstant("ts"), r.getLong("seq"), r.getString("sensor_type"), r.getDouble("value"), r.getString("unit"),
                r.getString("zone_id"));
    }

    /** A camera's frames in [since, until), newest first, at most {@code limit}. */
    public List<Frame> frames(String camera, Instant since, Instant until, int limit, BooleanSupplier cancelled) {
        return DayPartitions.newestFirst(since, until, limit, cancelled, d -> p.session().execute(p.of(FRAMES_OF).bind(camera, d, since, until)),
                r -> new Frame(r.getInstant("ts"), r.getLong("seq"), r.get("width", Integer.class), r.get("height", Integer.class),
                        r.get("jpeg_bytes", Integer.class), r.get("people_count", Integer.class), r.get("motion_energy", Double.class),
                        r.get("blob_count", Integer.class), r.getString("tracks")), r -> true);
    }

    /** The newest raw change per day, over every raw table. */
    public Map<LocalDate, Instant> lastChange(List<LocalDate> days) {
        Map<LocalDate, Instant> out = new HashMap<>();
        for (Row r : p.session().execute(p.of(CHANGES_OF).bind(days))) {
            Instant t = r.getInstant("last_change");
            if (t != null) {
                out.merge(r.getLocalDate("day"), t, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return out;
    }
}
