package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.codec.ReadingCodec;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Reading;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill sent while direct detection runs live arrives in uneven stretches: a producer sends
 * each partition its own batches, so a partition read to its end may get its next stretch of
 * history only after another partition's later stretch was read. Here partition 1 brings the
 * second quarter hour before partition 0 does. The zones' clocks must wait for partition 0: no
 * device on it is taken for silent, and its second stretch is applied, not set aside as late.
 */
@StackTest
class DirectBackfillStretchesTest {
    @Test
    void aPartitionWhoseNextStretchComesAfterAnothersHoldsTheZonesClocks(StackEndpoints stack) throws Exception {
        QuarantineKindsTest.Run thisRun = QuarantineKindsTest.Run.start(stack, "stretch");
        String run = thisRun.id();
        Topics topics = thisRun.topics();
        WatcherConfig config = thisRun.config().with("job.detect", "direct", "test").with("job.detect.commit-every", "1s", "test");
        String ks = stack.keyspace();
        String zone = run + "-square";
        String near = run + "-near";
        String far = run + "-far";
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "park", 2);
            TestCassandra.sensor(s, ks, near, zone, SensorType.SOUND_LEVEL);
            TestCassandra.sensor(s, ks, far, zone, SensorType.SOUND_LEVEL);
        }
        Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = t0.plus(Duration.ofMinutes(30));
        Path dir = Path.of("target", "direct-stretches", run).toAbsolutePath();
        ReadingCodec codec = ReadingCodec.standard();
        try (KafkaProducer<byte[], byte[]> p = TestKafka.producer(config, Map.of());
             ChildJob job = new ChildJob(config, dir.resolve("checkpoint"), dir.resolve("job.log"));
             CqlSession s = stack.openSession();
             Admin admin = Admin.create(TestKafka.adminProperties(config))) {
            job.start();
            job.awaitLines(l -> l.contains("direct detection running"), 1, Duration.ofSeconds(180));
            String group = groupOf(admin, topics);
            try {
                // The first quarter hour on both partitions, interleaved as a producer sends it, taken in.
                long[] sent = new long[2];
                for (int i = 0; i < 450; i += 10) {
                    stretch(p, topics, codec, 0, near, t0, i, i + 10, sent);
                    stretch(p, topics, codec, 1, far, t0, i, i + 10, sent);
                }
                awaitCommitted(admin, group, topics, sent, job);
                // The second quarter hour: partition 1's first, read while partition 0 has nothing more yet.
                stretch(p, topics, codec, 1, far, t0, 450, 900, sent);
                Thread.sleep(4000);
                stretch(p, topics, codec, 0, near, t0, 450, 900, sent);
                awaitCommitted(admin, group, topics, sent, job);

                List<String> silences = new ArrayList<>();
                for (Row r : TestCassandra.alertsOfZone(s, ks, zone)) {
                    // After the history's end both sensors do fall silent: only a silence inside it is false.
                    if (r.getString("type").equals("sensor-silent") && r.getInstant("started_at").isBefore(end)) {
                        silences.add(r.getString("alert_id") + " started " + r.getInstant("started_at"));
                    }
                }
                assertThat(silences).as("sensors taken for silent inside the history").isEmpty();
                var setAside = TestCassandra.quarantined(s, ks, run + ".");
                assertThat(setAside.size()).as("history set aside (late or otherwise), the first: %s", setAside.stream().limit(3).toList())
                        .isZero();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n---- last lines of the job's log " + job.log() + ":\n" + job.tail(60), e);
            }
        }
    }

    /** Readings every 2 s of one sensor on one partition, steps {@code from} (incl.) to {@code to} (excl.), flushed. */
    private static void stretch(KafkaProducer<byte[], byte[]> p, Topics topics, ReadingCodec codec, int partition, String sensor, Instant t0,
                                int from, int to, long[] sent) {
        for (int i = from; i < to; i++) {
            Instant t = t0.plusSeconds(2L * i);
            p.send(new ProducerRecord<>(topics.readings(), partition, sensor.getBytes(StandardCharsets.UTF_8),
                    codec.encode(Reading.of(sensor, SensorType.SOUND_LEVEL, t, 55 + i % 3, i))));
            sent[partition]++;
        }
        p.flush();
    }

    /** The job's consumer group: the direct engine's group that has committed offsets of this run's readings. */
    private static String groupOf(Admin admin, Topics topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            for (var g : admin.listConsumerGroups().all().get()) {
                if (g.groupId().startsWith("safety-watcher-detect-") && admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get().keySet().stream().anyMatch(tp -> tp.topic().equals(topics.readings()))) {
                    return g.groupId();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no detect group committed this run's offsets");
    }

    /** Until the job's transactions have committed every record sent (its rows follow them within moments). */
    private static void awaitCommitted(Admin admin, String group, Topics topics, long[] sent, ChildJob job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(job.alive()).as("the job runs").isTrue();
            Map<TopicPartition, OffsetAndMetadata> at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            boolean all = true;
            for (int part = 0; part < 2; part++) {
                OffsetAndMetadata o = at.get(new TopicPartition(topics.readings(), part));
                all &= o != null && o.offset() >= sent[part];
            }
            if (all) {
                Thread.sleep(3000);
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the job did not take in what was sent within 2 minutes");
    }
}
