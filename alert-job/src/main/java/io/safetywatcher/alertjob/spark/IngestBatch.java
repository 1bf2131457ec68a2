package io.safetywatcher.alertjob.spark;

import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.Ingested;
import io.safetywatcher.store.registry.Registry;
import io.safetywatcher.alertjob.registry.RegistryStore;
import io.safetywatcher.common.codec.Reason;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.security.KafkaAccess;
import io.safetywatcher.store.quarantine.QuarantineTable;
import io.safetywatcher.store.raw.RawTables;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw path, one micro-batch at a time: every record decoded and validated on the
 * executors, kept in its day-bucketed table or quarantined with its reason, and one log line.
 * All writes are upserts on deterministic keys, so a replayed batch changes nothing.
 */
final class IngestBatch implements VoidFunction2<Dataset<Row>, Long> {
    private static final Logger LOG = LoggerFactory.getLogger("ingest");
    /** How stale the registry may be before an unknown device makes us read it again. */
    static final java.time.Duration REGISTRY_MIN_AGE = java.time.Duration.ofSeconds(2);

    private final Ingest ingest;
    private final RegistryStore registry;
    private final String keyspace;
    private final DeadLetterTopic deadLetters;

    IngestBatch(Ingest ingest, RegistryStore registry, String keyspace, String bootstrap, KafkaAccess kafka, Topics topics) {
        this.ingest = ingest;
        this.registry = registry;
        this.keyspace = keyspace;
        this.deadLetters = new DeadLetterTopic(bootstrap, kafka, topics.deadLetter());
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        long t0 = System.nanoTime();
        SparkSession spark = batch.sparkSession();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Registry> reg = jsc.broadcast(registry.get());
        JavaRDD<Ingested> ingested = decode(batch, reg);
        try {
            if (ingested.isEmpty()) {
                return;
            }
            BatchSummary summary = ingested.map(BatchSummary::of).reduce(BatchSummary::merge);
            if (summary.count("quarantine:" + Reason.UNKNOWN_DEVICE.id()) > 0) {
                // A device registered since the snapshot was taken: read the registry again and
                // decode once more before calling anything unknown.
                Registry fresh = registry.reloaded(REGISTRY_MIN_AGE);
                if (fresh.loadedAtMillis() != reg.value().loadedAtMillis()) {
                    ingested.unpersist(false);
                    reg.destroy(false);
                    reg = jsc.broadcast(fresh);
                    ingested = decode(batch, reg);
                    summary = ingested.map(BatchSummary::of).reduce(BatchSummary::merge);
                }
            }
            Instant now = Instant.now();
            // Only the writes this batch needs: each one is a Spark job of its own.
            if (summary.count("reading") > 0) {
                write(spark, ingested.filter(i -> i instanceof Ingested.ReadingIn)
                        .map(i -> Rows.reading((Ingested.ReadingIn) i, now)), Rows.READINGS, RawTables.READINGS);
            }
            if (summary.count("observation") > 0) {
                write(spark, ingested.filter(i -> i instanceof Ingested.ObservationIn)
                        .flatMap(i -> Rows.observation((Ingested.ObservationIn) i, now).iterator()), Rows.OBSERVATIONS, RawTables.OBSERVATIONS);
            }
            if (summary.count("frame") > 0) {
                write(spark, ingested.filter(i -> i instanceof Ingested.FrameIn)
                        .map(i -> Rows.frame((Ingested.FrameIn) i, now)), Rows.FRAMES, RawTables.FRAMES);
            }
            if (summary.quarantined() > 0) {
                JavaRDD<Ingested.Quarantined> bad = ingested.filter(i -> i instanceof Ingested.Quarantined).map(i -> (Ingested.Quarantined) i);
                write(spark, bad.map(q -> Rows.quarantine(q.deadLetter())), Rows.QUARANTINE, QuarantineTable.BY_DAY);
                // The dead-letter topic: keyed by source coordinates, so a consumer can drop a replay's repeat.
                deadLetters.publish(bad.map(Ingested.Quarantined::deadLetter));
            }
            markChangedDays(spark, summary.dayTables, now);
            LOG.info(line(batchId, summary.counts, System.nanoTime() - t0, System.currentTimeMillis() - summary.newestMillis));
        } finally {
            ingested.unpersist(false);
            reg.destroy(false);
        }
    }

    private JavaRDD<Ingested> decode(Dataset<Row> batch, Broadcast<Registry> reg) {
        Ingest in = ingest;
        return batch.javaRDD()
                .map(row -> in.apply(Rows.source(row), reg.value(), Clock.systemUTC()))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Which days each raw table touched: the analytics job recomputes only those. */
    private void markChangedDays(SparkSession spark, Set<String> dayTables, Instant now) {
        List<Row> rows = new ArrayList<>();
        for (String dayTable : dayTables) {
            String[] p = dayTable.split(" ", 2);
            rows.add(RowFactory.create(java.time.LocalDate.parse(p[0]), p[1], now));
        }
        write(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 1), Rows.DAY_CHANGES, RawTables.DAY_CHANGES);
    }

    static String dayTable(Ingested i) {
        if (i instanceof Ingested.ReadingIn r) return Rows.day(r.reading().captureTime()) + " " + RawTables.READINGS;
        if (i instanceof Ingested.ObservationIn o) return Rows.day(o.observation().captureTime()) + " " + RawTables.OBSERVATIONS;
        if (i instanceof Ingested.FrameIn f) return Rows.day(f.meta().captureTime()) + " " + RawTables.FRAMES;
        return Rows.day(((Ingested.Quarantined) i).deadLetter().quarantinedAt()) + " " + QuarantineTable.BY_DAY;
    }

    private void write(SparkSession spark, JavaRDD<Row> rows, StructType schema, String table) {
        spark.createDataFrame(rows, schema).write().format("org.apache.spark.sql.cassandra")
                .option("keyspace", keyspace).option("table", table).mode(SaveMode.Append).save();
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
