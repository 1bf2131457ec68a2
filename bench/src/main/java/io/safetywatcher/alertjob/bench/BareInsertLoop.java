package io.safetywatcher.alertjob.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.safetywatcher.common.event.Reading;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference the job is measured against: the same rows, with the same columns and
 * consistency level, written by nothing but a loop of asynchronous prepared inserts with a
 * bounded number in flight. What the job achieves below this is the price of Spark, Kafka
 * reads, validation and enrichment.
 */
final class BareInsertLoop {
    private final CqlSession session;
    private final PreparedStatement insert;
    private final ConsistencyLevel consistency;
    private final int inFlight;

    BareInsertLoop(CqlSession session, String keyspace, ConsistencyLevel consistency, int inFlight) {
        this.session = session;
        this.insert = session.prepare(io.safetywatcher.store.raw.RawTables.READING_ROW.insert().in(keyspace)); // the row the job writes
        this.consistency = consistency;
        this.inFlight = inFlight;
    }

    /** Writes the first {@code count} rows of the batch; returns the nanoseconds until the last one was acknowledged. */
    long run(ReadingBatch rows, int count) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < count && failure.get() == null; i++) {
            Reading r = rows.reading(i);
            permits.acquire();
            session.executeAsync(insert.bind(r.sensorId(), LocalDate.ofInstant(r.captureTime(), ZoneOffset.UTC), r.captureTime(), r.seq(),
                            r.sensorType().id(), rows.zone(), r.value(), r.unit(), rows.topic(), rows.partition(i), rows.offset(i), now)
                            .setConsistencyLevel(consistency))
                    .whenComplete((rs, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                        permits.release();
                    });
        }
        permits.acquire(inFlight); // every insert acknowledged
        long nanos = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("the bare insert loop failed: " + failure.get().getMessage(), failure.get());
        }
        return nanos;
    }
}
