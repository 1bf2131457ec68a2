package io.safetywatcher.alertjob;

import io.safetywatcher.alertjob.spark.AlertJob;
import io.safetywatcher.common.config.ConfigException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the job running through outages: when a query fails (Cassandra or Kafka unreachable,
 * a batch that cannot be written), that query alone is started again from its checkpoint after
 * a back-off that doubles up to 15 s (a restart is cheap; an alert job waiting a minute after
 * the servers are back is not); the other query runs on, so a raw write that fails while a
 * Cassandra node dies does not stop alerts. Nothing is lost: a failed batch was never
 * committed, so it is read again.
 *
 * <p>A query whose thread is stuck in a call that ignores interruption (the Cassandra
 * connector's schema refresh did so when the ingest still wrote through it) cannot be
 * stopped, and Spark will not start a second run of it beside the stuck one. Rather than hang
 * for good, the job then exits with {@link #EXIT_WEDGED} for its launcher to start it again:
 * a restart from the checkpoints loses nothing and publishes nothing twice.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger("io.safetywatcher.alertjob");
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How often the supervisor looks at the queries' progress. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);
    /** The exit status when a failed query cannot be stopped: restart me (EX_TEMPFAIL). */
    static final int EXIT_WEDGED = 75;

    /** What starts one query by name (the job's queries are {@link AlertJob#QUERIES}). */
    interface Starter {
        StreamingQuery start(String query) throws Exception;
    }

    private final Starter starter;
    private final List<String> names;
    private final SparkSession spark;
    private final boolean availableNow;
    /** A query with no progress report for this long is stuck: stopped and started again (job.stall-timeout). */
    private final Duration stall;

    /** Set when the JVM is shutting down (SIGTERM, Ctrl-C): a query failing then is not an outage. */
    private volatile boolean stopping;

    Supervisor(AlertJob job, List<String> queries, SparkSession spark, boolean availableNow, Duration stall) {
        this(q -> job.start(spark, q), queries, spark, availableNow, stall);
    }

    Supervisor(Starter starter, List<String> names, SparkSession spark, boolean availableNow, Duration stall) {
        this.starter = starter;
        this.stall = stall;
        this.names = names;
        this.spark = spark;
        this.availableNow = availableNow;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true));
    }

    int run() throws InterruptedException {
        Map<String, StreamingQuery> running = new LinkedHashMap<>();
        Map<String, QueryWatch> watches = new LinkedHashMap<>();
        names.forEach(n -> watches.put(n, new QueryWatch()));
        List<String> toStart = new ArrayList<>(names);
        while (true) {
            for (String name : List.copyOf(toStart)) {
                try {
                    running.put(name, starter.start(name));
                    watches.get(name).started();
                    toStart.remove(name);
                } catch (ConfigException e) {
                    throw e; // a wrong setting does not heal by waiting: say so and exit
                } catch (Exception e) {
                    Duration wait = watches.get(name).next();
                    LOG.error("cannot start the {} query: {} — retrying in {} s", name, rootMessage(e), wait.toSeconds());
                    Thread.sleep(wait.toMillis());
                }
            }
            if (!toStart.isEmpty()) {
                continue;
            }
            LOG.info("queries running: {}", running.keySet());
            List<String> failed;
            try {
                failed = watch(running, watches);
                if (failed.isEmpty()) {
                    return 0; // every query finished (available-now) or one was stopped without error: someone stopped the job
                }
            } catch (StreamingQueryException e) {
                if (stopping) {
                    LOG.info("stopped");
                    return 0;
                }
                failed = running.entrySet().stream().filter(q -> !q.getValue().isActive() && q.getValue().exception().isDefined())
                        .map(Map.Entry::getKey).toList();
                if (failed.isEmpty()) {
                    failed = List.copyOf(running.keySet()); // cannot tell which: start them all again
                }
                for (String name : failed) {
                    StreamingQuery q = running.get(name);
                    String why = q.exception().isDefined() ? rootMessage(q.exception().get()) : rootMessage(e);
                    LOG.error("query {} failed: {} — restarting it from its checkpoint in {} s{}", name, why,
                            watches.get(name).pending().toSeconds(), othersRunOn(name, failed));
                }
            }
            for (String name : failed) {
                if (!stopWithin(List.of(running.remove(name)), STOP_TIMEOUT)) {
                    LOG.error("query {} did not stop within {} s: {}. The job exits with status {} for its launcher to restart it "
                            + "from the checkpoint (nothing is lost).", name, STOP_TIMEOUT.toSeconds(), stuckThreads(), EXIT_WEDGED);
                    Runtime.getRuntime().halt(EXIT_WEDGED); // not exit(): shutdown hooks would wait on the stuck query too
                }
            }
            spark.streams().resetTerminated();
            Duration wait = failed.stream().map(n -> watches.get(n).next()).max(Duration::compareTo).orElse(FIRST_BACKOFF);
            Thread.sleep(wait.toMillis());
            toStart.addAll(failed);
        }
    }

    /**
     * Waits while the queries run; returns the queries to start again because they made no
     * progress for {@link #stall} (stuck in a call that waits for a server that went away without
     * a timeout), or an empty list when they
     * all ended without error. A failed query is thrown as Spark's StreamingQueryException.
     */
    private List<String> watch(Map<String, StreamingQuery> running, Map<String, QueryWatch> watches)
            throws StreamingQueryException, InterruptedException {
        while (true) {
            if (availableNow) {
                boolean done = true;
                for (StreamingQuery q : running.values()) {
                    if (!q.awaitTermination(WATCH_EVERY.toMillis())) {
                        done = false;
                        break;
                    }
                }
                if (done) {
                    return List.of();
                }
            } else if (spark.streams().awaitAnyTermination(WATCH_EVERY.toMillis())) {
                return List.of();
            }
            List<String> stuck = new ArrayList<>();
            for (Map.Entry<String, StreamingQuery> e : running.entrySet()) {
                if (!e.getValue().isActive()) {
                    continue; // finished (available-now) while another runs on: not stuck
                }
                var progress = e.getValue().lastProgress();
                Duration quiet = watches.get(e.getKey()).progressed(progress == null ? null : progress.batchId() + "@" + progress.timestamp());
                if (quiet.compareTo(stall) > 0) {
                    LOG.error("query {} has made no progress for {} s ({}) — stopping it and starting it again from its checkpoint{}",
                            e.getKey(), quiet.toSeconds(), e.getValue().status().message(), othersRunOn(e.getKey(), List.of(e.getKey())));
                    stuck.add(e.getKey());
                }
            }
            if (!stuck.isEmpty()) {
                return stuck;
            }
        }
    }

    private String othersRunOn(String name, List<String> failed) {
        List<String> others = others(name, failed);
        return others.isEmpty() ? "" : "; " + String.join(", ", others) + " runs on";
    }

    /** The queries that did not fail, for the log line. */
    private List<String> others(String name, List<String> failed) {
        return names.stream().filter(n -> !n.equals(name) && !failed.contains(n)).toList();
    }

    /** One query's back-off (doubles on each failure up to {@link #MAX_BACKOFF}) and when it last made progress. */
    private static final class QueryWatch {
        Duration backoff = FIRST_BACKOFF;
        long started = System.nanoTime();
        String lastProgress;
        long progressedAt = System.nanoTime();

        void started() {
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(MAX_BACKOFF.multipliedBy(5)) > 0) {
                backoff = FIRST_BACKOFF; // it had been running well: a new outage starts the back-off afresh
            }
            started = System.nanoTime();
            lastProgress = null;
            progressedAt = started;
        }

        /** The wait the next restart will take. */
        Duration pending() { return backoff; }

        /** The wait before this restart; the next one waits twice as long. */
        Duration next() {
            Duration now = backoff;
            backoff = Supervisor.next(backoff);
            return now;
        }

        /** Notes the query's latest progress report; returns how long it has been without a new one. */
        Duration progressed(String progress) {
            if (progress != null && !progress.equals(lastProgress)) {
                lastProgress = progress;
                progressedAt = System.nanoTime();
            }
            return Duration.ofNanos(System.nanoTime() - progressedAt);
        }
    }

    /** Stops every query (a failed one is already stopped); false if that has not finished within the timeout. */
    private static boolean stopWithin(List<StreamingQuery> queries, Duration timeout) throws InterruptedException {
        Thread stopper = new Thread(() -> {
            for (StreamingQuery q : queries) {
                try {
                    q.stop();
                } catch (Exception ignored) {
                    // already failed; it is restarted either way
                }
            }
        }, "supervisor-stop");
        stopper.setDaemon(true);
        stopper.start();
        stopper.join(timeout.toMillis());
        return !stopper.isAlive();
    }

    /** The streaming threads still alive and where they are, for the log line. */
    private static String stuckThreads() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, frames) -> {
            if (t.getName().startsWith("stream execution thread")) {
                sb.append(sb.isEmpty() ? "" : "; ").append(t.getName());
                int shown = 0;
                for (int i = 0; i < Math.min(frames.length, 40) && shown < 3; i++) {
                    String f = frames[i].toString();
                    if (!f.startsWith("java.") && !f.startsWith("jdk.")) {
                        sb.append(shown == 0 ? " at " : " < ").append(f);
                        shown++;
                    }
                }
            }
        });
        return sb.isEmpty() ? "no streaming thread left" : sb.toString();
    }

    private static Duration next(Duration d) {
        Duration doubled = d.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** The innermost cause, as {@code Class: message}, for an operator's line. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
