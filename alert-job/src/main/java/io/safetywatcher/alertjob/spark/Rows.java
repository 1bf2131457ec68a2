package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.store.Shape;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

/**
 * Between Spark rows and our records: Kafka source rows in, Cassandra table rows out. Column
 * names and their order are the owners' ({@link RawTables}, {@link QuarantineTable}); days are UTC days.
 */
final class Rows {
    private Rows() {}

    static SourceRecord source(Row r) {
        Map<String, byte[]> headers = new HashMap<>();
        int hi = r.fieldIndex("headers");
        if (!r.isNullAt(hi)) {
            for (Row h : r.<Row>getList(hi)) {
                headers.put(h.getString(0), h.isNullAt(1) ? new byte[0] : (byte[]) h.get(1));
            }
        }
        byte[] key = (byte[]) r.getAs("key");
        Object ts = r.getAs("timestamp");
        Instant t = ts instanceof Instant i ? i : ((java.sql.Timestamp) ts).toInstant();
        return new SourceRecord(r.getAs("topic"), r.<Integer>getAs("partition"), r.<Long>getAs("offset"), t,
                key == null ? null : new String(key, StandardCharsets.UTF_8), (byte[]) r.getAs("value"), headers);
    }

    static LocalDate day(Instant t) { return LocalDate.ofInstant(t, ZoneOffset.UTC); }

    /** A row of {@code shape}: its columns (the owner's, in its order) with these Spark types. */
    static StructType schema(Shape shape, DataType... types) {
        if (types.length != shape.columns().size()) {
            throw new IllegalArgumentException(shape.name() + ": " + types.length + " types for " + shape.columns().size() + " columns");
        }
        List<StructField> f = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            f.add(DataTypes.createStructField(shape.columns().get(i), types[i], true));
        }
        return DataTypes.createStructType(f);
    }

    static final StructType READINGS = schema(RawTables.READING_ROW, StringType, DateType, TimestampType, LongType,
            StringType, StringType, DoubleType, StringType, StringType, IntegerType, LongType, TimestampType);

    static Row reading(Ingested.ReadingIn in, Instant now) {
        var r = in.reading();
        var s = in.source();
        return RowFactory.create(r.sensorId(), day(r.captureTime()), r.captureTime(), r.seq(), r.sensorType().id(), in.zone(),
                r.value(), r.unit(), s.topic(), s.partition(), s.offset(), now);
    }

    static final StructType OBSERVATIONS = schema(RawTables.OBSERVATION_ROW, StringType, DateType, TimestampType, LongType,
            StringType, DoubleType, StringType, StringType, IntegerType, LongType, TimestampType);

    /** One row per label, so the table answers "which cameras saw 'weapon' today". */
    static List<Row> observation(Ingested.ObservationIn in, Instant now) {
        var o = in.observation();
        var s = in.source();
        List<Row> rows = new ArrayList<>();
        for (Label l : o.labels()) {
            rows.add(RowFactory.create(o.cameraId(), day(o.captureTime()), o.captureTime(), o.seq(), l.name(), l.confidence(),
                    in.zone(), s.topic(), s.partition(), s.offset(), now));
        }
        return rows;
    }

    static final StructType FRAMES = schema(RawTables.FRAME_ROW, StringType, DateType, TimestampType, LongType,
            StringType, IntegerType, IntegerType, IntegerType, StringType, IntegerType, LongType, TimestampType);

    static Row frame(Ingested.FrameIn in, Instant now) {
        var m = in.meta();
        var s = in.source();
        return RowFactory.create(m.cameraId(), day(m.captureTime()), m.captureTime(), m.seq(), in.zone(), m.width(), m.height(),
                in.jpegBytes(), s.topic(), s.partition(), s.offset(), now);
    }

    static final StructType QUARANTINE = schema(QuarantineTable.ROW, DateType, TimestampType, StringType,
            IntegerType, LongType, StringType, StringType, StringType, BinaryType, IntegerType);

    static Row quarantine(DeadLetter d) {
        return RowFactory.create(QuarantineTable.values(d).toArray());
    }

    static final StructType DAY_CHANGES = schema(RawTables.DAY_CHANGE_ROW, DateType, StringType, TimestampType);
}
