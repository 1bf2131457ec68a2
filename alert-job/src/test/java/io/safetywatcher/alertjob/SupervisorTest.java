package io.safetywatcher.alertjob;

import io.safetywatcher.common.config.WatcherConfig;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query that fails is started again alone: the other keeps running, unrestarted, so a raw
 * write failing while a Cassandra node dies does not hold up alerts (the cluster drill's node
 * fault). Two real streaming queries on a local Spark, one of which fails its first batch.
 */
@Tag("stack") // starts a local Spark
class SupervisorTest {
    /** Batches the steady query has seen, and failures the flaky one has thrown (static: foreachBatch runs in the query's thread). */
    static final AtomicLong STEADY_BATCHES = new AtomicLong();
    static final AtomicInteger FLAKY_FAILURES = new AtomicInteger();
    static final AtomicLong FLAKY_BATCHES = new AtomicLong();

    @Test
    void onlyTheFailedQueryIsRestartedAndTheOtherRunsOn(@TempDir Path checkpoints) throws Exception {
        SparkSession spark = SparkSession.builder().config(Main.sparkConf(WatcherConfig.defaults()).setMaster("local[2]")).getOrCreate();
        Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        Map<String, StreamingQuery> latest = new ConcurrentHashMap<>();
        Supervisor.Starter starter = name -> {
            starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            VoidFunction2<Dataset<Row>, Long> body = name.equals("steady")
                    ? (batch, id) -> STEADY_BATCHES.incrementAndGet()
                    : (batch, id) -> {
                        if (!batch.isEmpty() && FLAKY_FAILURES.getAndIncrement() == 0) {
                            throw new IllegalStateException("a node went away");
                        }
                        FLAKY_BATCHES.incrementAndGet();
                    };
            StreamingQuery q = rateQuery(spark, checkpoints, name, body);
            latest.put(name, q);
            return q;
        };
        Supervisor supervisor = new Supervisor(starter, List.of("steady", "flaky"), spark, false, java.time.Duration.ofMinutes(5));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread running = inBackground(supervisor, exit);
        try {
            StreamingQuery steady = await(() -> latest.get("steady"));
            await(() -> starts.getOrDefault("flaky", new AtomicInteger()).get() == 2 && FLAKY_BATCHES.get() > 0 ? true : null);
            long steadyBefore = STEADY_BATCHES.get();
            await(() -> STEADY_BATCHES.get() > steadyBefore + 3 ? true : null);

            assertThat(FLAKY_FAILURES.get()).as("the flaky query's first batch failed").isGreaterThanOrEqualTo(1);
            assertThat(starts.get("flaky").get()).as("the failed query was started again").isEqualTo(2);
            assertThat(starts.get("steady").get()).as("the other query was not restarted").isEqualTo(1);
            assertThat(latest.get("steady")).isSameAs(steady);
            assertThat(steady.isActive()).isTrue();
            assertThat(steady.exception().isDefined()).isFalse();
        } finally {
            stopAll(spark, running); // stopped by hand: the supervisor returns 0
        }
        assertThat(exit.get()).as("a query stopped by hand ends the run with status 0").isZero();
    }

    static final AtomicInteger STUCK_TIMES = new AtomicInteger();
    static final AtomicLong UNSTUCK_BATCHES = new AtomicLong();

    @Test
    void aQueryWithoutProgressIsStoppedAndStartedAgain(@TempDir Path checkpoints) throws Exception {
        SparkSession spark = SparkSession.builder().config(Main.sparkConf(WatcherConfig.defaults()).setMaster("local[2]")).getOrCreate();
        Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        Supervisor.Starter starter = name -> {
            starts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            VoidFunction2<Dataset<Row>, Long> body = name.equals("steady")
                    ? (batch, id) -> STEADY_BATCHES.incrementAndGet()
                    : (batch, id) -> {
                        if (!batch.isEmpty() && STUCK_TIMES.getAndIncrement() == 0) {
                            Thread.sleep(600_000); // waits on a server that went away; a stop interrupts it
                        }
                        UNSTUCK_BATCHES.incrementAndGet();
                    };
            return rateQuery(spark, checkpoints, name, body);
        };
        Supervisor supervisor = new Supervisor(starter, List.of("steady", "stuck"), spark, false, java.time.Duration.ofSeconds(6));
        Thread running = inBackground(supervisor, new AtomicInteger(-1));
        try {
            await(() -> starts.getOrDefault("stuck", new AtomicInteger()).get() == 2 && UNSTUCK_BATCHES.get() > 0 ? true : null);
            assertThat(STUCK_TIMES.get()).isGreaterThanOrEqualTo(1);
            assertThat(starts.get("stuck").get()).as("the stuck query was started again").isEqualTo(2);
            assertThat(starts.get("steady").get()).as("the other query was not restarted").isEqualTo(1);
        } finally {
            stopAll(spark, running);
        }
    }

    private static StreamingQuery rateQuery(SparkSession spark, Path checkpoints, String name, VoidFunction2<Dataset<Row>, Long> body)
            throws java.util.concurrent.TimeoutException {
        return spark.readStream().format("rate").option("rowsPerSecond", "5").load()
                .writeStream().queryName(name).option("checkpointLocation", checkpoints.resolve(name).toString())
                .trigger(Trigger.ProcessingTime(200)).foreachBatch(body).start();
    }

    private static Thread inBackground(Supervisor supervisor, AtomicInteger exit) {
        Thread t = new Thread(() -> {
            try {
                exit.set(supervisor.run());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    private static void stopAll(SparkSession spark, Thread running) throws Exception {
        for (StreamingQuery q : spark.streams().active()) {
            q.stop();
        }
        running.join(30_000);
        spark.stop();
    }

    private static <T> T await(java.util.function.Supplier<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            T v = condition.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within 60 s");
    }
}
