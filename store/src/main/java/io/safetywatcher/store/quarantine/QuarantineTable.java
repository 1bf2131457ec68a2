package io.safetywatcher.store.quarantine;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.store.Cql;
import io.safetywatcher.store.DayPartitions;
import io.safetywatcher.store.Prepared;
import io.safetywatcher.store.Shape;
import io.safetywatcher.store.TableOwner;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejected input (005_quarantine.cql), keyed by its Kafka coordinates so a replay rewrites the
 * same row. The ingest query writes it through the Spark connector and the alert sink writes
 * late inputs, both as {@link #ROW}; the CLI counts a day's reasons.
 */
public final class QuarantineTable implements TableOwner {
    public static final String BY_DAY = "quarantine_by_day";

    /** One whole row, in this column order (the ingest's Spark schema follows it). */
    public static final Shape ROW = Shape.of(BY_DAY, "day", "ts", "src_topic", "src_partition", "src_offset", "reason", "detail",
            "device_id", "raw", "raw_size");

    private static final Cql REASONS_OF_DAY = new Cql("SELECT reason FROM {ks}." + BY_DAY + " WHERE day = ?");

    private final Prepared p;

    public QuarantineTable(CqlSession session, String keyspace) {
        this.p = new Prepared(session, keyspace);
    }

    @Override
    public List<String> statements(String keyspace) { return Cql.declaredIn(QuarantineTable.class, keyspace); }

    /** The values of {@link #ROW} for one dead letter: its UTC day, its coordinates, why, and its bounded bytes. */
    public static List<Object> values(DeadLetter d) {
        return java.util.Arrays.asList(DayPartitions.day(d.quarantinedAt()), d.quarantinedAt(), d.sourceTopic(), d.sourcePartition(),
                d.sourceOffset(), d.reason(), d.detail(), d.key(), d.raw(), d.rawSize());
    }

    public BoundStatement write(DeadLetter d) {
        List<Object> v = new ArrayList<>(values(d));
        v.set(8, ByteBuffer.wrap(d.raw())); // the driver binds a blob from a ByteBuffer, the connector from byte[]
        return p.of(ROW).bind(v.toArray());
    }

    /** The reason of every record quarantined on {@code day}. */
    public List<String> reasonsOf(LocalDate day) {
        List<String> out = new ArrayList<>();
        for (Row r : p.session().execute(p.of(REASONS_OF_DAY).bind(day))) {
            out.add(r.getString("reason"));
        }
        return out;
    }
}
