package io.safetywatcher.alertjob.direct;

import io.safetywatcher.alertjob.detect.RiskModel;
import io.safetywatcher.alertjob.ingest.DetectInput;
import io.safetywatcher.alertjob.ingest.Ingest;
import io.safetywatcher.alertjob.ingest.InputLimits;
import io.safetywatcher.alertjob.ingest.SourceRecord;
import io.safetywatcher.alertjob.lifecycle.ZoneWatch;
import io.safetywatcher.alertjob.risk.RiskModelFolder;
import io.safetywatcher.alertjob.rules.RuleSet;
import io.safetywatcher.alertjob.spark.AlertOutput;
import io.safetywatcher.alertjob.spark.DetectCheckpoint;
import io.safetywatcher.alertjob.spark.CassandraEndpoint;
import io.safetywatcher.alertjob.spark.DetectDecode;
import io.safetywatcher.alertjob.spark.JobSettings;
import io.safetywatcher.alertjob.spark.RecordCoordinates;
import io.safetywatcher.alertjob.spark.ZoneBatch;
import io.safetywatcher.alertjob.spark.ZoneClock;
import io.safetywatcher.alertjob.spark.ZoneEvent;
import io.safetywatcher.alertjob.vision.VisionSettings;
import io.safetywatcher.common.cap.CapSettings;
import io.safetywatcher.common.codec.TimeBounds;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.DeadLetter;
import io.safetywatcher.common.security.KafkaAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Detection without micro-batches (issue #15): one Kafka consumer loop reads readings,
 * observations and frames ({@code read_committed}), decodes each record once, runs each zone's
 * {@link ZoneBatch} on what a poll brought (the same step as the Spark detect query), and
 * publishes the alerts in a Kafka transaction that also holds the changed zones' state (a
 * compacted state topic, one record per zone) and the input offsets. State, offsets and alerts
 * move together or not at all, so a restart (after a crash, a {@code kill -9}) goes on from the
 * last transaction: nothing is published twice and nothing is skipped. With nothing to publish
 * the loop commits every {@code job.detect.commit-every}; a restart replays at most that much.
 * The rows follow each transaction as upserts, and the transaction names them (the pending
 * record), so a job stopped before they were written writes them when it starts again.
 * Zones gone quiet are woken when their lifecycle next needs time to pass, as the Spark query's
 * timeouts do.
 */
public final class DirectDetect {
    private static final Logger LOG = LoggerFactory.getLogger("io.safetywatcher.alertjob.detect");
    private static final Duration POLL = Duration.ofMillis(100);
    /** Records a poll brings at most: a poll's work stays short, so a gunshot behind a backlog still goes out soon. */
    static final int MAX_POLL_RECORDS = 5_000;
    /** Bytes a poll brings at most (frames are 40-50 KB each). */
    static final int MAX_POLL_BYTES = 16 << 20;
    /** Frames under analysis at most (five seconds of the default city's 24 frames/s) before the frame partitions are paused. */
    static final int MAX_FRAMES_IN_VISION = 120;
    /**
     * Readings and observations held back on one partition, waiting for the others to catch up
     * in event time, at most; beyond it the partition is paused until half are applied.
     */
    static final int MAX_HELD_PER_PARTITION = 20_000;
    /** Input this close to the job's clock is live: it is applied as it comes, whatever another partition has not brought yet. */
    static final long LIVE_MS = 2_000;
    /** Polls whose rows may be under way at once. */
    private static final int MAX_UNWRITTEN = 8;
    private static final String PENDING = "#pending";
    /** A backfill's poll can hold tens of thousands of alert events: they go in records of at most this much. */
    static final int PENDING_CHUNK_BYTES = 4 << 20;

    /** The state topic's key of the pending events' {@code i}th record ({@code #pending} alone, as release 2026-12-05 wrote it, for the first). */
    public static String pendingKey(int i) { return i == 0 ? PENDING : PENDING + "." + i; }
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    private final JobSettings settings;
    private final RuleSet rules;
    private final WatcherConfig config;
    private final Topics topics;
    private final CassandraEndpoint cassandra;
    private final KafkaAccess kafka;
    private final String identity;
    private final Duration commitEvery;
    /** Frames analysed beside the loop, one camera per task: two threads, the machine's cores being shared with the ingest. */
    private static final java.util.concurrent.ExecutorService VISION = java.util.concurrent.Executors.newFixedThreadPool(2,
            r -> daemon(r, "direct-detect-vision"));

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public DirectDetect(JobSettings settings, RuleSet rules, CassandraEndpoint cassandra) {
        this.settings = settings;
        this.rules = rules;
        this.config = settings.config();
        this.topics = Topics.of(config);
        this.cassandra = cassandra;
        this.kafka = KafkaAccess.of(config);
        this.identity = identity(settings.checkpoint());
        this.commitEvery = config.getDuration("job.detect.commit-every", Duration.ofMillis(100), Duration.ofMinutes(1));
    }

    /** The compacted topic of every direct engine's zone state, keyed by the job's identity and the zone. */
    public String stateTopic() { return topics.prefix() + "alert-job-state"; }

    /** The key of this job's record {@code name} (a zone, or {@link #pendingKey}) on the {@link #stateTopic}. */
    public byte[] stateKey(String name) { return (identity + "|" + name).getBytes(StandardCharsets.UTF_8); }

    /** The consumer group whose offsets the transactions commit, and the producer's transactional id. */
    public String group() { return groupFor(settings.checkpoint()); }

    /** {@link #group} of the job on {@code checkpoint} (an absolute path, as the job takes it), for a caller watching its progress. */
    public static String groupFor(java.nio.file.Path checkpoint) {
        return "safety-watcher-detect-" + Integer.toHexString(identity(checkpoint).hashCode());
    }

    /** The job's name in its state keys and group: the checkpoint folder names it, as it does the Spark queries. */
    private static String identity(java.nio.file.Path checkpoint) { return "direct@" + checkpoint; }

    /** The topics direct detection reads. */
    public static List<String> inputTopics(Topics topics) { return List.of(topics.readings(), topics.observations(), topics.frames()); }

    /**
     * Runs the loop until {@code stop} says so, or (available-now) until the input's end as it was
     * at the start; a failure (Kafka or Cassandra away) starts it again from the last transaction
     * after a back-off doubling up to 15 s.
     */
    public void run(BooleanSupplier stop) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (!stop.getAsBoolean()) {
            long started = System.nanoTime();
            try (Loop loop = new Loop()) {
                if (loop.run(stop)) {
                    return;
                }
            } catch (org.apache.kafka.common.errors.InterruptException | InterruptedException e) {
                if (stop.getAsBoolean()) {
                    return;
                }
                throw e instanceof InterruptedException ie ? ie : new InterruptedException(e.getMessage());
            } catch (RuntimeException e) {
                if (stop.getAsBoolean()) {
                    return;
                }
                if (System.nanoTime() - started > MAX_BACKOFF.multipliedBy(4).toNanos()) {
                    backoff = FIRST_BACKOFF; // it ran a while: a new outage
                }
                LOG.error("direct detection failed: {} — starting again from its last transaction in {} s", io.safetywatcher.alertjob.Supervisor.rootMessage(e), backoff.toSeconds(), e);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** One run of the loop, from the last transaction. */
    private final class Loop implements AutoCloseable {
        final AlertOutput output = new AlertOutput(cassandra, config.get("kafka.bootstrap"), kafka, topics, CapSettings.of(config), group());
        final Ingest ingest = new Ingest(topics, new TimeBounds(config.getDuration("validation.max-future"), config.getDuration("validation.max-age")),
                InputLimits.of(config));
        final VisionSettings vision = VisionSettings.of(config);
        final DetectDecode decode = new DetectDecode(ingest, cassandra, vision);
        final ZoneBatch step = new ZoneBatch(rules, config.getDuration("validation.max-clock-skew"));
        final RiskModel riskModel = new RiskModelFolder(java.nio.file.Path.of(config.get("models.dir")));
        final Map<String, ZoneClock> clocks = new TreeMap<>();
        /** When each zone next needs time to pass with no input (wall clock, ms). */
        final Map<String, Long> wakeAt = new HashMap<>();
        final Set<String> dirty = new HashSet<>();
        /** The newest event time read from each input partition (applied, for frames), for {@link #unreadFloor}. */
        final Map<TopicPartition, Long> progress = new HashMap<>();
        /** When each input partition last brought a record (wall clock, ms), for {@link #stillComing}. */
        final Map<TopicPartition, Long> lastRead = new HashMap<>();
        /** Available-now: the input's end offsets when the run began; empty otherwise. */
        Map<TopicPartition, Long> end = Map.of();
        /** How many records the last transaction's pending events took on the state topic. */
        int pendingChunks;
        /** The last poll's {@link #unreadFloor}: when it rises, zones held behind it are run to catch up. */
        long lastFloor = Long.MIN_VALUE;
        KafkaConsumer<byte[], byte[]> consumer;
        /** Rows are written here, so the loop polls again as soon as a transaction is in. */
        final java.util.concurrent.ExecutorService rows = java.util.concurrent.Executors.newSingleThreadExecutor(r -> daemon(r, "direct-detect-rows"));
        java.util.concurrent.Future<?> lastRows = java.util.concurrent.CompletableFuture.completedFuture(null);
        /** Each camera's last analysis under way, so its frames go through its model in order. */
        final Map<String, CompletableFuture<List<Decoded>>> cameraTail = new HashMap<>();
        /** Frames under analysis, oldest first. */
        final java.util.Deque<FrameWork> inVision = new java.util.ArrayDeque<>();
        /** The events of polls whose rows are not written yet, by poll: each transaction names them all. */
        final java.util.concurrent.ConcurrentSkipListMap<Long, List<ZoneEvent>> unwritten = new java.util.concurrent.ConcurrentSkipListMap<>();
        long seq;
        long decodeNanos;
        long zoneNanos;
        long publishNanos;
        long lastCommit = System.nanoTime();
        // Counts since the last progress line.
        long records;
        long frames;
        long polls;
        long framePauses;
        long heldPauses;
        /** Readings and observations read ahead of another input partition, by partition, in offset order, until {@link #release}. */
        final Map<TopicPartition, java.util.ArrayDeque<Held>> held = new HashMap<>();
        /** The partitions paused because they hold too much ({@link #MAX_HELD_PER_PARTITION}). */
        final Set<TopicPartition> pausedAhead = new HashSet<>();
        boolean framesPaused;
        long lastLine = System.nanoTime();

        /** Returns true when done (available-now at the input's end). */
        boolean run(BooleanSupplier stop) throws InterruptedException {
            createStateTopic();
            output.producer(() -> { }); // fences an earlier instance before its state is read
            restore();
            cassandra.readCopiesAfresh();
            List<TopicPartition> inputs = new ArrayList<>();
            for (String t : inputTopics(topics)) {
                consumer.partitionsFor(t, Duration.ofSeconds(60)).forEach(p -> inputs.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(inputs);
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(consumer.committed(new HashSet<>(inputs), Duration.ofSeconds(60)));
            boolean imported = clocks.isEmpty() && committed.values().stream().allMatch(java.util.Objects::isNull) && fromSparkCheckpoint(committed);
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition tp : inputs) {
                OffsetAndMetadata o = committed.get(tp);
                if (o != null) {
                    consumer.seek(tp, o.offset());
                } else {
                    fresh.add(tp);
                }
            }
            // Never with an empty list: Kafka then seeks every assigned partition.
            if (!fresh.isEmpty() && settings.startingOffsets().equals("latest")) {
                consumer.seekToEnd(fresh);
            } else if (!fresh.isEmpty()) {
                consumer.seekToBeginning(fresh);
            }
            if (imported || !fresh.isEmpty()) {
                // The imported state and offsets are this engine's from now on; a fresh start's
                // offsets are pinned, so input that comes while the job is stopped is read after a restart.
                commit(AlertOutput.Events.of(List.of()));
            }
            end = settings.availableNow() ? consumer.endOffsets(inputs, Duration.ofSeconds(60)) : Map.of();
            LOG.info("direct detection running: {} zones restored from {}, {} of {} input partitions from their committed offsets",
                    clocks.size(), stateTopic(), inputs.size() - fresh.size(), inputs.size());
            if (LOG.isDebugEnabled()) {
                clocks.forEach((z, c) -> LOG.debug("restored zone {}: watermark {}", z, Instant.ofEpochMilli(c.watermarkMillis())));
                committed.forEach((tp, o) -> LOG.debug("restored offset {}: {}", tp, o == null ? null : o.offset()));
            }
            while (!stop.getAsBoolean()) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                step(polled);
                if (settings.availableNow() && inVision.isEmpty() && held.values().stream().allMatch(java.util.Deque::isEmpty) && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    awaitRows();
                    commit(AlertOutput.Events.of(List.of()));
                    LOG.info("direct detection: the input's end is reached (available-now)");
                    return true;
                }
            }
            return true;
        }

        /** One poll's records: decoded, applied zone by zone, published with the state, then stored. */
        void step(ConsumerRecords<byte[], byte[]> polled) {
            long t0 = System.nanoTime();
            long batchTime = System.currentTimeMillis();
            decode.refresh();
            polled.partitions().forEach(tp -> lastRead.put(tp, batchTime));
            Map<String, List<ZoneBatch.Item>> byZone = new LinkedHashMap<>();
            Map<RecordCoordinates, byte[]> jpegs = new HashMap<>();
            for (Decoded d : decodeAll(polled)) {
                ConsumerRecord<byte[], byte[]> r = d.record();
                progress.merge(new TopicPartition(r.topic(), r.partition()),
                        d.item() != null ? d.item().input().time().toEpochMilli() : r.timestamp(), Math::max);
                boolean frame = r.topic().equals(topics.frames());
                if (frame) {
                    // Kept for this poll only: a firing camera alert's evidence, a late frame's dead letter.
                    jpegs.put(new RecordCoordinates(r.topic(), r.partition(), r.offset()), r.value());
                }
                DetectInput.Item item = d.item();
                if (item == null) {
                    continue;
                }
                ZoneBatch.Item zi = new ZoneBatch.Item(item.input(), r.topic(), r.partition(), r.offset(), frame ? null : r.value(),
                        Instant.ofEpochMilli(r.timestamp()), item.features(), item.refused());
                if (frame) {
                    byZone.computeIfAbsent(item.input().zone(), k -> new ArrayList<>()).add(zi);
                } else {
                    held.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new java.util.ArrayDeque<>()).add(new Held(r.offset(), zi));
                }
            }
            for (ZoneBatch.Item zi : release(batchTime)) {
                byZone.computeIfAbsent(zi.input().zone(), k -> new ArrayList<>()).add(zi);
            }
            decodeNanos += System.nanoTime() - t0;
            if (!settings.availableNow()) {
                wakeAt.forEach((zone, at) -> {
                    if (at <= batchTime) {
                        byZone.putIfAbsent(zone, List.of());
                    }
                });
            }
            long unreadFloor = unreadFloor(batchTime);
            Set<String> releaseOnly = new HashSet<>();
            if (unreadFloor > lastFloor) {
                clocks.forEach((zone, clock) -> {
                    if (clock.held() && !byZone.containsKey(zone)) {
                        byZone.put(zone, List.of());
                        releaseOnly.add(zone);
                    }
                });
            }
            lastFloor = unreadFloor;
            long t1 = System.nanoTime();
            List<ZoneEvent> events = new ArrayList<>();
            if (!byZone.isEmpty()) {
                Map<String, io.safetywatcher.alertjob.rules.ZoneFacts> facts = cassandra.registry().zoneFacts();
                ZoneWatch watch = new ZoneWatch(rules, facts, riskModel);
                var silences = cassandra.silences();
                for (var e : byZone.entrySet()) {
                    ZoneClock clock = clocks.computeIfAbsent(e.getKey(), k -> new ZoneClock());
                    ZoneBatch.Result result = step.apply(e.getKey(), clock, e.getValue().iterator(), batchTime, watch, silences, unreadFloor,
                            !releaseOnly.contains(e.getKey()));
                    events.addAll(result.events());
                    dirty.add(e.getKey());
                    long watermark = result.watermarkMillis();
                    result.nextDeadline().ifPresentOrElse(d -> wakeAt.put(e.getKey(), batchTime + Math.max(1000, d.toEpochMilli() - watermark)),
                            () -> wakeAt.remove(e.getKey()));
                }
            }
            polls++;
            // Every frame of this poll is at hand: nothing is read back from Kafka.
            AlertOutput.FrameSource frameSource = wanted -> {
                Map<RecordCoordinates, byte[]> found = new HashMap<>();
                wanted.forEach(c -> {
                    if (jpegs.containsKey(c)) {
                        found.put(c, jpegs.get(c));
                    }
                });
                return found;
            };
            AlertOutput.Events e = AlertOutput.Events.of(events);
            e = e.withLate(output.withFramePayloads(e.late(), frameSource));
            long t2 = System.nanoTime();
            zoneNanos += t2 - t1;
            boolean due = e.toPublish() || (!dirty.isEmpty() && System.nanoTime() - lastCommit >= commitEvery.toNanos());
            seq++;
            long poll = seq;
            if (!e.isEmpty()) {
                // Until its rows are written, every later transaction names them too.
                unwritten.put(poll, events.stream().map(this::withoutFrameBytes).toList());
            }
            String outcome = "nothing to publish";
            if (due) {
                commit(e);
                outcome = e.toPublish() ? "published" : "state committed";
            }
            publishNanos += System.nanoTime() - t2;
            if (!e.isEmpty()) {
                AlertOutput.Events written = e;
                String said = outcome;
                double published = (System.nanoTime() - t0) / 1e9;
                if (unwritten.size() > MAX_UNWRITTEN) {
                    awaitRows(); // Cassandra slower than the input: the loop waits rather than hold more
                }
                lastRows = rows.submit(() -> {
                    AlertOutput.Stored stored = output.store(written, poll, frameSource);
                    unwritten.remove(poll);
                    if (written.toPublish() || !written.suppressed().isEmpty()) {
                        LOG.info(AlertOutput.line("poll " + poll, written, stored, said + " in " + Math.round(published * 1000) + " ms",
                                (System.nanoTime() - t0) / 1e9));
                    }
                });
            }
            if (System.nanoTime() - lastLine >= TimeUnit.SECONDS.toNanos(10)) {
                progressLine();
            }
        }

        /** Waits for the rows under way (their failure fails the loop, which starts again from the last transaction). */
        void awaitRows() {
            try {
                lastRows.get();
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(x);
            } catch (java.util.concurrent.ExecutionException x) {
                throw x.getCause() instanceof RuntimeException re ? re : new IllegalStateException(x.getCause());
            }
        }

        /**
         * The records ready for the zones: this poll's readings and observations, decoded here, and
         * the frames whose analysis has finished, from this poll or earlier ones. A frame's analysis
         * is the loop's largest cost (tens of ms each), so it runs beside the loop, one camera's
         * frames in order through its model, and a gunshot does not wait for the cameras' frames
         * polled with it. A frame still being analysed holds its partition's committed offset
         * back, so a restart analyses it again; more than {@link #MAX_FRAMES_IN_VISION} in
         * analysis and the frames wait in Kafka ({@link #pauseFramesWhileBehind}).
         */
        List<Decoded> decodeAll(ConsumerRecords<byte[], byte[]> polled) {
            List<Decoded> ready = new ArrayList<>();
            Map<String, List<ConsumerRecord<byte[], byte[]>>> framesByCamera = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                records++;
                if (r.topic().equals(topics.frames())) {
                    frames++;
                    framesByCamera.computeIfAbsent(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
                }
            }
            framesByCamera.forEach((camera, list) -> {
                CompletableFuture<List<Decoded>> work = cameraTail.getOrDefault(camera, CompletableFuture.completedFuture(List.of()))
                        .handle((x, failed) -> x)
                        .thenApplyAsync(x -> {
                            DetectDecode own = new DetectDecode(ingest, cassandra, vision);
                            return list.stream().map(r -> new Decoded(r, own.apply(source(r)))).toList();
                        }, VISION);
                cameraTail.put(camera, work);
                Map<TopicPartition, Long> first = new HashMap<>();
                list.forEach(r -> first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min));
                inVision.add(new FrameWork(first, list.size(), work));
            });
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                if (!r.topic().equals(topics.frames())) {
                    ready.add(new Decoded(r, decode.apply(source(r))));
                }
            }
            drainVision(ready);
            pauseFramesWhileBehind();
            return ready;
        }

        /**
         * With more than {@link #MAX_FRAMES_IN_VISION} frames under analysis the frame partitions
         * are paused (their records wait in Kafka) until the analysis is down to half that; readings
         * and observations go on being read. When the CPU is short the cameras fall behind, not the
         * gunshots: the loop used to wait for the oldest analysis instead, and a probe waited with it.
         */
        void pauseFramesWhileBehind() {
            int analysing = inVision.stream().mapToInt(FrameWork::frames).sum();
            if (analysing > MAX_FRAMES_IN_VISION && !framesPaused) {
                consumer.pause(consumer.assignment().stream().filter(tp -> tp.topic().equals(topics.frames())).toList());
                framesPaused = true;
                framePauses++;
            } else if (analysing <= MAX_FRAMES_IN_VISION / 2 && framesPaused) {
                consumer.resume(consumer.assignment().stream().filter(tp -> tp.topic().equals(topics.frames())).toList());
                framesPaused = false;
            }
        }

        /**
         * The held readings and observations that may be applied now. A poll
         * brings what one partition's fetch holds, and in a backlog that can be minutes of history
         * ahead of another partition: applied as read, a zone would see a noise reading before the
         * gunshot a moment earlier that covers it, and raise what the same history sent live does
         * not. So a record waits until every partition with input left has got as far
         * ({@link #orderFloor}), or until it is live (within {@link #LIVE_MS} of the job's clock:
         * live input comes in order, and must not wait). A partition's records go in offset
         * order, so the committed offset stops at its first held one. Frames are not held: their
         * analysis lags in any case, and their zones' clocks already wait for them (the unread floor).
         */
        List<ZoneBatch.Item> release(long batchTime) {
            long floor = orderFloor(batchTime);
            long live = batchTime - LIVE_MS;
            List<ZoneBatch.Item> out = new ArrayList<>();
            for (var e : held.entrySet()) {
                java.util.ArrayDeque<Held> q = e.getValue();
                while (!q.isEmpty()) {
                    long t = q.peekFirst().item().input().time().toEpochMilli();
                    if (t > floor && t < live) {
                        break;
                    }
                    out.add(q.pollFirst().item());
                }
                TopicPartition tp = e.getKey();
                if (q.size() > MAX_HELD_PER_PARTITION && pausedAhead.add(tp)) {
                    consumer.pause(List.of(tp));
                    heldPauses++;
                } else if (q.size() <= MAX_HELD_PER_PARTITION / 2 && pausedAhead.remove(tp)) {
                    consumer.resume(List.of(tp));
                }
            }
            return out; // in any order: ZoneWatch.process applies a zone's inputs in event-time order
        }

        /**
         * How far in event time every reading and observation partition with input left to read
         * has got: Long.MAX_VALUE when none has any, Long.MIN_VALUE while one has brought nothing yet.
         */
        long orderFloor(long now) {
            return reached(tp -> !tp.topic().equals(topics.frames()), Set.of(), now);
        }

        /**
         * The least of how far each partition of {@code which} with input left (records not read,
         * one of {@code busy}, or {@link #stillComing}) has got: Long.MAX_VALUE when none has any,
         * Long.MIN_VALUE while one has brought nothing yet.
         */
        long reached(java.util.function.Predicate<TopicPartition> which, Set<TopicPartition> busy, long now) {
            long floor = Long.MAX_VALUE;
            for (TopicPartition tp : consumer.assignment()) {
                java.util.OptionalLong lag = consumer.currentLag(tp);
                if (!which.test(tp) || lag.isPresent() && lag.getAsLong() == 0 && !busy.contains(tp) && !stillComing(tp, now)) {
                    continue;
                }
                Long reached = progress.get(tp);
                floor = Math.min(floor, reached == null ? Long.MIN_VALUE : reached);
            }
            return floor;
        }

        /**
         * The oldest event time input not yet applied may still bring: the least of how far each
         * partition with input left (records not read, or frames under analysis) has got; Long.MIN_VALUE
         * while such a partition has brought nothing yet. A poll returns what one partition's fetch
         * holds, and in a backfill that can be half an hour of history ahead of another partition:
         * the zones' clocks must not pass what the other is still to bring.
         */
        long unreadFloor(long now) {
            Set<TopicPartition> analysing = new HashSet<>();
            inVision.forEach(w -> analysing.addAll(w.firstOffsets().keySet()));
            long floor = reached(tp -> true, analysing, now);
            // Held input is not applied yet either.
            for (java.util.ArrayDeque<Held> q : held.values()) {
                if (!q.isEmpty()) {
                    floor = Math.min(floor, q.peekFirst().item().input().time().toEpochMilli());
                }
            }
            return floor;
        }

        /**
         * Whether a partition read to its end is still to bring history the others have passed.
         * A producer sends each partition its own batches, and in a backfill one batch can hold a
         * quarter of an hour: a partition read to its end may get its next stretch after another
         * partition's later one was read. Taken for done, it would let the zones' clocks past it:
         * every device on it taken for silent, its next stretch set aside as late. So it holds
         * the floor while it brought a record within the allowed lateness and that record was
         * older than the lateness. Live input never holds it (a live partition that stops is past
         * the lateness before it has been quiet that long), nor does an available-now run's
         * partition read to the end it had when the run began. A partition that has brought
         * nothing yet is not waited for: an empty one may stay empty.
         */
        boolean stillComing(TopicPartition tp, long now) {
            Long reachedAt = progress.get(tp);
            Long readAt = lastRead.get(tp);
            long lateness = rules.allowedLateness().toMillis();
            if (reachedAt == null || readAt == null || now - readAt >= lateness || reachedAt >= now - lateness) {
                return false;
            }
            Long last = end.get(tp);
            return last == null || consumer.position(tp) < last;
        }

        /** Moves the frames whose analysis is done into {@code ready}; a failed analysis fails the loop. */
        void drainVision(List<Decoded> ready) {
            for (var it = inVision.iterator(); it.hasNext(); ) {
                FrameWork w = it.next();
                if (w.work().isDone()) {
                    ready.addAll(join(w.work()));
                    it.remove();
                }
            }
        }

        <T> T join(CompletableFuture<T> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }

        /**
         * One transaction: the alerts and dead letters, the changed zones' state, the events whose
         * rows follow (so a restart can write them), and the offsets of what the state has applied.
         */
        void commit(AlertOutput.Events e) {
            if (lastRows.isDone()) {
                awaitRows(); // a failed write fails the loop before anything more is committed
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : consumer.assignment()) {
                // A frame still under analysis has not reached its zone: a restart must read it again.
                long at = inVision.stream().map(w -> w.firstOffsets().get(tp)).filter(java.util.Objects::nonNull).mapToLong(Long::longValue)
                        .min().orElse(Long.MAX_VALUE);
                // A held record has not reached its zone either.
                java.util.ArrayDeque<Held> q = held.get(tp);
                if (q != null && !q.isEmpty()) {
                    at = Math.min(at, q.peekFirst().offset());
                }
                offsets.put(tp, new OffsetAndMetadata(Math.min(consumer.position(tp), at)));
            }
            List<ZoneEvent> pending = unwritten.values().stream().flatMap(List::stream).toList();
            long[] stateBytes = {0};
            output.publish(e.alerts(), e.late(), p -> {
                for (String zone : dirty) {
                    byte[] v = ZoneStateCodec.zone(clocks.get(zone));
                    stateBytes[0] += v.length;
                    p.send(new ProducerRecord<>(stateTopic(), key(zone), v));
                }
                List<byte[]> chunks = ZoneStateCodec.eventChunks(pending, PENDING_CHUNK_BYTES);
                for (int i = 0; i < Math.max(chunks.size(), pendingChunks); i++) {
                    // Chunks beyond this transaction's are deleted, so a restart does not write stale rows' events again.
                    p.send(new ProducerRecord<>(stateTopic(), key(pendingKey(i)), i < chunks.size() ? chunks.get(i) : null));
                }
                pendingChunks = chunks.size();
                p.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            });
            if (LOG.isDebugEnabled()) {
                LOG.debug("committed {} zones' state ({} bytes; watermarks {}) and offsets {}", dirty.size(), stateBytes[0],
                        dirty.stream().map(z -> Instant.ofEpochMilli(clocks.get(z).watermarkMillis()).toString()).toList(), offsets);
            }
            dirty.clear();
            lastCommit = System.nanoTime();
        }

        /** A refused frame's dead letter goes on the state topic without its JPEG; a restart reads it back from Kafka. */
        ZoneEvent withoutFrameBytes(ZoneEvent z) {
            DeadLetter d = z.late();
            if (d == null || d.rawSize() == 0 || !d.sourceTopic().equals(topics.frames())) {
                return z;
            }
            return new ZoneEvent(null, new DeadLetter(d.sourceTopic(), d.sourcePartition(), d.sourceOffset(), d.key(), d.reason(), d.detail(),
                    new byte[0], 0, d.quarantinedAt()), null, null, null);
        }

        void progressLine() {
            double seconds = (System.nanoTime() - lastLine) / 1e9;
            long lagMs;
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5));
                lagMs = ends.entrySet().stream().mapToLong(x -> Math.max(0, x.getValue() - consumer.position(x.getKey()))).sum();
            } catch (RuntimeException ignored) {
                lagMs = -1;
            }
            LOG.info(String.format("detect (direct) - %.0f s: %d records (%d frames) in %d polls, %d zones | decode %.1f s, zones %.1f s, "
                            + "transactions %.1f s | behind by %s records%s",
                    seconds, records, frames, polls, clocks.size(), decodeNanos / 1e9, zoneNanos / 1e9, publishNanos / 1e9,
                    lagMs < 0 ? "?" : Long.toString(lagMs),
                    framePauses == 0 ? "" : " | frames paused " + framePauses + " times (analysis behind)")
                    + (heldPauses == 0 ? "" : " | partitions paused " + heldPauses + " times (read ahead of the others)"));
            records = 0;
            frames = 0;
            polls = 0;
            framePauses = 0;
            heldPauses = 0;
            decodeNanos = 0;
            zoneNanos = 0;
            publishNanos = 0;
            lastLine = System.nanoTime();
        }

        /**
         * On its first run on a checkpoint the Spark detect query wrote, this engine takes the
         * query's zone state and offsets from it ({@link DetectCheckpoint}). Returns whether it did.
         */
        boolean fromSparkCheckpoint(Map<TopicPartition, OffsetAndMetadata> committed) {
            java.util.Optional<DetectCheckpoint> spark = DetectCheckpoint.read(settings.checkpoint().resolve("detect"));
            if (spark.isEmpty()) {
                return false;
            }
            DetectCheckpoint c = spark.get();
            clocks.putAll(c.zones());
            dirty.addAll(c.zones().keySet());
            c.offsets().forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
            LOG.info("direct detection takes over from the Spark detect query's checkpoint {} at {}", settings.checkpoint().resolve("detect"), c);
            if (c.batchInFlight()) {
                LOG.warn("the detect query planned a batch after {} and did not commit it: its alerts, if it published them, are published again",
                        c.batchId());
            }
            return true;
        }

        /** The zones' state and the last transaction's events, read to the state topic's end. */
        void restore() {
            consumer = consumer();
            List<TopicPartition> parts = consumer.partitionsFor(stateTopic(), Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(60));
            String prefix = identity + "|";
            Map<String, byte[]> pending = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the state topic " + stateTopic() + " to its end within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String k = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (!k.startsWith(prefix)) {
                        continue;
                    }
                    String zone = k.substring(prefix.length());
                    if (zone.startsWith(PENDING)) {
                        if (r.value() == null) {
                            pending.remove(zone);
                        } else {
                            pending.put(zone, r.value());
                        }
                    } else if (r.value() == null) {
                        clocks.remove(zone);
                    } else {
                        clocks.put(zone, ZoneStateCodec.zone(r.value()));
                    }
                }
            }
            consumer.unsubscribe();
            pendingChunks = pending.size();
            if (!pending.isEmpty()) {
                List<ZoneEvent> events = new ArrayList<>();
                pending.values().forEach(chunk -> events.addAll(ZoneStateCodec.events(chunk)));
                AlertOutput.Events e = AlertOutput.Events.of(events);
                if (!e.isEmpty()) {
                    // The last transaction's rows, perhaps not written when the job stopped: upserts, so writing them again is harmless.
                    AlertOutput.FrameSource frameSource = output.fromKafka();
                    output.store(e.withLate(output.withFramePayloads(e.late(), frameSource)), 0, frameSource);
                    LOG.info("rows of the last transaction written again: {} alert events, {} quarantined inputs", e.alerts().size(), e.late().size());
                }
            }
        }

        byte[] key(String zone) { return stateKey(zone); }

        KafkaConsumer<byte[], byte[]> consumer() {
            Properties p = kafka.applyTo(new Properties());
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(MAX_POLL_BYTES));
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startingOffsets());
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "alert-job-direct-detect");
            long apiTimeout = config.getDuration("job.kafka.api-timeout", Duration.ofSeconds(5), Duration.ofMinutes(10)).toMillis();
            p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(apiTimeout));
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        void createStateTopic() {
            Properties p = kafka.applyTo(new Properties());
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap"));
            try (Admin admin = Admin.create(p)) {
                if (!admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(stateTopic())) {
                    admin.createTopics(List.of(new NewTopic(stateTopic(), 1, (short) -1)
                            .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(16 << 20)))))
                            .all().get(60, TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException("cannot create the state topic " + stateTopic() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.errors.InterruptException(e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within 60 s while creating " + stateTopic(), e);
            }
        }

        @Override
        public void close() {
            rows.shutdown();
            try {
                rows.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException ignored) {
                    // already broken
                }
            }
            output.close();
        }
    }

    /** A record with its input (null when it has none). */
    record Decoded(ConsumerRecord<byte[], byte[]> record, DetectInput.Item item) {}

    /** A reading or an observation waiting for the other partitions ({@code release}), and its offset. */
    record Held(long offset, ZoneBatch.Item item) {}

    /** One camera's frames of one poll under analysis, and the first offset of each partition they came from. */
    record FrameWork(Map<TopicPartition, Long> firstOffsets, int frames, CompletableFuture<List<Decoded>> work) {}

    /** A Kafka record as the job's codecs take it. */
    static SourceRecord source(ConsumerRecord<byte[], byte[]> r) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? new byte[0] : h.value());
        }
        return new SourceRecord(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value(), headers);
    }


}
