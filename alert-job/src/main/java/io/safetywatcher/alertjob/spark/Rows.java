package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.common.event.Label;
import io.safetywatcher.store.raw.RawTables;
import org.apache.spark.sql.Row;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;


/**
 * Between Spark rows and our records: Kafka source rows in, raw table rows out as values in the
 * column order of their owner's shapes ({@link RawTables}); days are UTC days.
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

    /** A reading's row of {@link RawTables#READING_ROW}. */
    static List<Object> reading(Ingested.ReadingIn in, Instant now) {
        var r = in.reading();
        var s = in.source();
        return Arrays.asList(r.sensorId(), day(r.captureTime()), r.captureTime(), r.seq(), r.sensorType().id(), in.zone(),
                r.value(), r.unit(), s.topic(), s.partition(), s.offset(), now);
    }

    /** One row of {@link RawTables#OBSERVATION_ROW} per label, so the table answers "which cameras saw 'weapon' today". */
    static List<List<Object>> observation(Ingested.ObservationIn in, Instant now) {
        var o = in.observation();
        var s = in.source();
        List<List<Object>> rows = new ArrayList<>();
        for (Label l : o.labels()) {
            rows.add(Arrays.asList(o.cameraId(), day(o.captureTime()), o.captureTime(), o.seq(), l.name(), l.confidence(),
                    in.zone(), s.topic(), s.partition(), s.offset(), now));
        }
        return rows;
    }

    /** A frame's row of {@link RawTables#FRAME_ROW}: its metadata and size, not the image. */
    static List<Object> frame(Ingested.FrameIn in, Instant now) {
        var m = in.meta();
        var s = in.source();
        return Arrays.asList(m.cameraId(), day(m.captureTime()), m.captureTime(), m.seq(), in.zone(), m.width(), m.height(),
                in.jpegBytes(), s.topic(), s.partition(), s.offset(), now);
    }
}
