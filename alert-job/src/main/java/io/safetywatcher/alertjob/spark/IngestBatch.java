package io.safetywatcher.alertjob.spark;

import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw path, one micro-batch at a time: each task decodes and validates its records and
 * writes them as it goes, straight to their day-bucketed tables through prepared upserts, or
 * quarantines them with their reason; the driver adds the days that changed and logs one line.
 * One Spark job a batch, no record held after its row is written. All writes are upserts on
 * deterministic keys, so a replayed batch changes nothing. The connector's DataFrame writer did
 * this before; it looks the table's schema up on every write, and with Cassandra away that
 * lookup hung the query instead of failing it.
 */
final class IngestBatch implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger("ingest");
    /** How stale the registry may be before an unknown device makes us read it again. */
    static final java.time.Duration REGISTRY_MIN_AGE = java.time.Duration.ofSeconds(2);
    /**
     * A task's writes in flight: two tasks on two cores make 256, what {@code bench ingest}'s bare
     * driver loop keeps in flight; the session's connection to a node takes 1,024.
     */
    static final int WRITES_IN_FLIGHT = 128;

    private final Ingest ingest;
    private final CassandraEndpoint cassandra;
    private final DeadLetterTopic deadLetters;

    IngestBatch(Ingest ingest, CassandraEndpoint cassandra, String bootstrap, KafkaAccess kafka, Topics topics) {
        this.ingest = ingest;
        this.cassandra = cassandra;
        this.deadLetters = new DeadLetterTopic(bootstrap, kafka, topics.deadLetter());
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        Ingest in = ingest;
        CassandraEndpoint db = cassandra;
        DeadLetterTopic letters = deadLetters;
        BatchSummary summary = batch.javaRDD()
                .mapPartitions((FlatMapFunction<Iterator<Row>, BatchSummary>) rows -> List.of(store(rows, in, db, letters, now)).iterator())
                .fold(new BatchSummary(), BatchSummary::merge);
        if (summary.counts.isEmpty()) {
            return;
        }
        markChangedDays(summary.dayTables, now);
        LOG.info(line(batchId, summary.counts, System.nanoTime() - t0, System.currentTimeMillis() - summary.newestMillis));
    }

    /**
     * One task's records: each decoded against the registry (read again, at most every 2 s, when a
     * device is unknown: perhaps registered a moment ago), its rows upserted, and the quarantined
     * ones' dead letters published once their rows are stored.
     */
    static BatchSummary store(Iterator<Row> rows, Ingest ingest, CassandraEndpoint cassandra, DeadLetterTopic deadLetters, Instant now) {
        BatchSummary summary = new BatchSummary();
        List<DeadLetter> quarantined = new ArrayList<>();
        RawTables raw = cassandra.raw();
        QuarantineTable quarantine = cassandra.quarantine();
        Iterator<BatchableStatement<?>> statements = new Iterator<>() {
            Registry registry = cassandra.registry().get();
            Iterator<BatchableStatement<?>> pending = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && rows.hasNext()) {
                    SourceRecord source = Rows.source(rows.next());
                    Ingested i = ingest.apply(source, registry, Clock.systemUTC());
                    if (Ingest.unknownDevice(i)) {
                        registry = cassandra.registry().reloaded(REGISTRY_MIN_AGE);
                        i = ingest.apply(source, registry, Clock.systemUTC());
                    }
                    summary.add(i);
                    if (i instanceof Ingested.Quarantined q) {
                        quarantined.add(q.deadLetter());
                    }
                    pending = statements(i, raw, quarantine, now).iterator();
                }
                return pending.hasNext();
            }

            @Override
            public BatchableStatement<?> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return pending.next();
            }
        };
        cassandra.upsertByPartition(statements, WRITES_IN_FLIGHT);
        // The quarantine table has each one now, whatever happens on the topic.
        deadLetters.publish(quarantined);
        return summary;
    }

    /** The rows one record makes. */
    private static List<BatchableStatement<?>> statements(Ingested i, RawTables raw, QuarantineTable quarantine, Instant now) {
        if (i instanceof Ingested.ReadingIn r) {
            return List.of(raw.row(RawTables.READING_ROW, Rows.reading(r, now)));
        }
        if (i instanceof Ingested.ObservationIn o) {
            List<BatchableStatement<?>> out = new ArrayList<>();
            Rows.observation(o, now).forEach(v -> out.add(raw.row(RawTables.OBSERVATION_ROW, v)));
            return out;
        }
        if (i instanceof Ingested.FrameIn f) {
            return List.of(raw.row(RawTables.FRAME_ROW, Rows.frame(f, now)));
        }
        return List.of(quarantine.write(((Ingested.Quarantined) i).deadLetter()));
    }

    /** Which days each raw table touched: the analytics job recomputes only those. */
    private void markChangedDays(Set<String> dayTables, Instant now) {
        List<Statement<?>> rows = new ArrayList<>();
        for (String dayTable : dayTables) {
            String[] p = dayTable.split(" ", 2);
            rows.add(cassandra.raw().row(RawTables.DAY_CHANGE_ROW, java.util.Arrays.asList(java.time.LocalDate.parse(p[0]), p[1], now)));
        }
        cassandra.upsertAll(rows.iterator(), WRITES_IN_FLIGHT);
    }

    static String dayTable(Ingested i) {
        if (i instanceof Ingested.ReadingIn r) return Rows.day(r.reading().captureTime()) + " " + RawTables.READINGS;
        if (i instanceof Ingested.ObservationIn o) return Rows.day(o.observation().captureTime()) + " " + RawTables.OBSERVATIONS;
        if (i instanceof Ingested.FrameIn f) return Rows.day(f.meta().captureTime()) + " " + RawTables.FRAMES;
        return Rows.day(((Ingested.Quarantined) i).deadLetter().quarantinedAt()) + " " + QuarantineTable.BY_DAY;
    }

    /** "reading", "observation", "frame", or "quarantine:<reason>". */
    static String countKey(Ingested i) {
        if (i instanceof Ingested.ReadingIn) return "reading";
        if (i instanceof Ingested.ObservationIn) return "observation";
        if (i instanceof Ingested.FrameIn) return "frame";
        return "quarantine:" + ((Ingested.Quarantined) i).deadLetter().reason();
    }

    /** The operator's line: rows in per kind, persisted, quarantined by reason, time, lag. */
    static String line(long batchId, Map<String, Long> unordered, long nanos, long lagMillis) {
        Map<String, Long> counts = new java.util.TreeMap<>(unordered);
        long persisted = counts.entrySet().stream().filter(e -> !e.getKey().startsWith("quarantine:")).mapToLong(Map.Entry::getValue).sum();
        long quarantined = counts.entrySet().stream().filter(e -> e.getKey().startsWith("quarantine:")).mapToLong(Map.Entry::getValue).sum();
        StringBuilder reasons = new StringBuilder();
        counts.forEach((k, v) -> {
            if (k.startsWith("quarantine:")) {
                reasons.append(reasons.isEmpty() ? "" : ", ").append(k.substring("quarantine:".length())).append('=').append(v);
            }
        });
        return String.format("batch %d: readings=%d observations=%d frames=%d | persisted %d | quarantined %d%s | %.2f s | lag %.1f s",
                batchId, counts.getOrDefault("reading", 0L), counts.getOrDefault("observation", 0L), counts.getOrDefault("frame", 0L),
                persisted, quarantined, quarantined == 0 ? "" : " (" + reasons + ")", nanos / 1e9, lagMillis / 1000.0);
    }
}
