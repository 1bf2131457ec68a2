package io.safetywatcher.alertjob.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the job's queries did, batch by batch, as Spark reports it: each micro-batch's progress
 * ({@code StreamingQueryProgress}: its start, {@code durationMs} by phase, input rows, state
 * operator timings) and the Spark jobs it ran, with their stages' times and the moment each
 * stage's first task got a core. Listeners on Spark's listener bus; read once the queries
 * have stopped and the bus has caught up ({@link #awaitBatch}).
 */
final class BatchTimings implements AutoCloseable {
    /** One micro-batch of one query. */
    record Batch(String query, String queryId, long batchId, long startMillis, Map<String, Long> durationMs, long inputRows,
                 long stateUpdateMs, long stateCommitMs, long stateRows) {
        long triggerMs() { return durationMs.getOrDefault("triggerExecution", 0L); }

        long endMillis() { return startMillis + triggerMs(); }
    }

    /** A stage: when it was submitted, when its first task got a core, when it ended. */
    record Stage(int stageId, long submitted, long firstTask, long completed) {
        long slotWait() { return Math.max(0, firstTask - submitted); }

        long running() { return Math.max(0, completed - Math.max(submitted, firstTask)); }
    }

    /** The Spark jobs one batch ran: from the first's start to the last's end, and their stages in order. */
    record Jobs(long firstStart, long lastEnd, List<Stage> stages) {}

    private record Job(int jobId, String queryId, long batchId, long start, List<Integer> stageIds, long[] end) {}

    private final SparkSession spark;
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, StageInfo> stages = new ConcurrentHashMap<>();
    private final Map<Integer, Long> firstTask = new ConcurrentHashMap<>();
    private final StreamingQueryListener queries = new StreamingQueryListener() {
        @Override
        public void onQueryStarted(QueryStartedEvent event) { }

        @Override
        public void onQueryProgress(QueryProgressEvent event) { batches.add(batch(event.progress())); }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) { }
    };
    private final SparkListener scheduler = new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart e) {
            String queryId = e.properties() == null ? null : e.properties().getProperty("sql.streaming.queryId");
            String batchId = e.properties() == null ? null : e.properties().getProperty("streaming.sql.batchId");
            if (queryId != null && batchId != null) {
                List<Integer> ids = new ArrayList<>();
                scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds()).forEach(id -> ids.add((Integer) id));
                jobs.put(e.jobId(), new Job(e.jobId(), queryId, Long.parseLong(batchId), e.time(), ids, new long[] {-1}));
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            Job j = jobs.get(e.jobId());
            if (j != null) {
                j.end()[0] = e.time();
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart e) {
            firstTask.merge(e.stageId(), e.taskInfo().launchTime(), Math::min);
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted e) {
            stages.put(e.stageInfo().stageId(), e.stageInfo());
        }
    };

    private BatchTimings(SparkSession spark) {
        this.spark = spark;
    }

    static BatchTimings attach(SparkSession spark) {
        BatchTimings t = new BatchTimings(spark);
        spark.streams().addListener(t.queries);
        spark.sparkContext().addSparkListener(t.scheduler);
        return t;
    }

    private static Batch batch(StreamingQueryProgress p) {
        long updates = 0;
        long commit = 0;
        long rows = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            updates += s.allUpdatesTimeMs();
            commit += s.commitTimeMs();
            rows += s.numRowsTotal();
        }
        return new Batch(p.name(), p.id().toString(), p.batchId(), Instant.parse(p.timestamp()).toEpochMilli(), Map.copyOf(p.durationMs()),
                p.numInputRows(), updates, commit, rows);
    }

    /** The batches of one query (by its id), in order. */
    List<Batch> batches(String queryId) {
        return batches.stream().filter(b -> b.queryId().equals(queryId)).sorted(Comparator.comparingLong(Batch::batchId)).toList();
    }

    /** The Spark jobs a batch ran, once they have all ended; empty if it ran none (or the bus has not delivered them). */
    Optional<Jobs> jobs(String queryId, long batchId) {
        List<Job> mine = jobs.values().stream().filter(j -> j.queryId().equals(queryId) && j.batchId() == batchId).toList();
        if (mine.isEmpty() || mine.stream().anyMatch(j -> j.end()[0] < 0)) {
            return Optional.empty();
        }
        List<Stage> ss = new ArrayList<>();
        for (Job j : mine) {
            for (int id : j.stageIds()) {
                StageInfo info = stages.get(id);
                // A stage that never ran (skipped) has no submission time.
                if (info != null && info.submissionTime().isDefined() && info.completionTime().isDefined()) {
                    long submitted = (Long) info.submissionTime().get();
                    ss.add(new Stage(id, submitted, firstTask.getOrDefault(id, submitted), (Long) info.completionTime().get()));
                }
            }
        }
        ss.sort(Comparator.comparingInt(Stage::stageId));
        return Optional.of(new Jobs(mine.stream().mapToLong(Job::start).min().orElseThrow(),
                mine.stream().mapToLong(j -> j.end()[0]).max().orElseThrow(), List.copyOf(ss)));
    }

    /** Waits (at most 30 s) until the listener bus has delivered the query's progress up to a batch that started at or after {@code millis}. */
    void awaitBatch(String queryId, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && batches(queryId).stream().noneMatch(b -> b.endMillis() >= millis)) {
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        spark.streams().removeListener(queries);
        spark.sparkContext().removeSparkListener(scheduler);
    }
}
