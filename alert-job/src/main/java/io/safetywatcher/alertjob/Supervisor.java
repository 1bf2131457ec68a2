package io.safetywatcher.alertjob;

import io.safetywatcher.alertjob.spark.AlertJob;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Keeps the job running through outages: when a query fails (Cassandra or Kafka unreachable,
 * a batch that cannot be written), every query is stopped and started again from its
 * checkpoint after a back-off that doubles up to a minute. Nothing is lost: a failed batch
 * was never committed, so it is read again.
 */
final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger("io.safetywatcher.alertjob");
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final AlertJob job;
    private final SparkSession spark;
    private final boolean availableNow;

    Supervisor(AlertJob job, SparkSession spark, boolean availableNow) {
        this.job = job;
        this.spark = spark;
        this.availableNow = availableNow;
    }

    int run() throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            List<StreamingQuery> queries;
            long started = System.nanoTime();
            try {
                queries = job.start(spark);
            } catch (Exception e) {
                LOG.error("cannot start the queries: {} — retrying in {} s", rootMessage(e), backoff.toSeconds());
                Thread.sleep(backoff.toMillis());
                backoff = next(backoff);
                continue;
            }
            LOG.info("queries running: {}", queries.stream().map(StreamingQuery::name).toList());
            try {
                if (availableNow) {
                    for (StreamingQuery q : queries) {
                        q.awaitTermination();
                    }
                    return 0;
                }
                spark.streams().awaitAnyTermination();
                return 0; // a query stopped without error: someone stopped the job
            } catch (StreamingQueryException e) {
                LOG.error("query failed: {} — restarting from the checkpoint in {} s", rootMessage(e), backoff.toSeconds());
                for (StreamingQuery q : queries) {
                    try {
                        q.stop();
                    } catch (Exception ignored) {
                        // already failed; it is restarted below either way
                    }
                }
                spark.streams().resetTerminated();
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(MAX_BACKOFF.multipliedBy(5)) > 0) {
                    backoff = FIRST_BACKOFF; // it had been running well: a new outage starts the back-off afresh
                }
                Thread.sleep(backoff.toMillis());
                backoff = next(backoff);
            }
        }
    }

    private static Duration next(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
