package io.safetywatcher.alertjob.e2e;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.SparkSession;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes Spark's stages wrote to the shuffle, per fair-scheduler pool (the job puts each
 * query in a pool of its own, so "detect" is the detect query's shuffle). Spark's listener bus
 * is asynchronous: {@link #settled} waits for it to go quiet before the figures are read.
 */
final class ShuffleMeter extends SparkListener {
    private final Map<Integer, String> poolByStage = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytesByPool = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recordsByPool = new ConcurrentHashMap<>();
    private volatile long lastEventNanos = System.nanoTime();

    static ShuffleMeter on(SparkSession spark) {
        ShuffleMeter m = new ShuffleMeter();
        spark.sparkContext().addSparkListener(m);
        return m;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String pool = e.properties() == null ? null : e.properties().getProperty("spark.scheduler.pool");
        poolByStage.put(e.stageInfo().stageId(), pool == null ? "default" : pool);
        lastEventNanos = System.nanoTime();
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        String pool = poolByStage.getOrDefault(e.stageInfo().stageId(), "default");
        var w = e.stageInfo().taskMetrics().shuffleWriteMetrics();
        bytesByPool.computeIfAbsent(pool, k -> new AtomicLong()).addAndGet(w.bytesWritten());
        recordsByPool.computeIfAbsent(pool, k -> new AtomicLong()).addAndGet(w.recordsWritten());
        lastEventNanos = System.nanoTime();
    }

    /** Returns once no stage event came for a second (at most 15 s). */
    ShuffleMeter settled() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() - lastEventNanos < 1_000_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return this;
    }

    long bytes(String pool) { return bytesByPool.getOrDefault(pool, new AtomicLong()).get(); }

    long records(String pool) { return recordsByPool.getOrDefault(pool, new AtomicLong()).get(); }
}
