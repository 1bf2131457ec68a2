package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.cap.Cap;
import io.safetywatcher.common.cap.CapMessage;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.AlertType;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job as a child process, killed with {@code kill -9} twice while readings stream in, and
 * started again each time on the same checkpoint. Afterwards the raw table holds every sent
 * reading exactly once, and a read_committed consumer of the alert topic saw each alert event
 * (id and state) exactly once: a gunshot's and a noise spike's FIRING and RESOLVED, which are
 * produced after the first kill, so the run that publishes them is itself killed. The CAP topic,
 * written in the same transactions, holds the same events as CAP documents, each once, with
 * each Update referencing its alert's first message. Only the batches that published something
 * opened a transaction.
 *
 * <p>The kills follow the job's progress, not the clock, so a slow machine still kills it
 * mid-stream: the first 4 s after its first batch, the second as soon as the restarted job has
 * finished its first (catch-up) batch. The producer keeps going until the last run is up.
 *
 * <p>This is the detect query's test ({@code job.detect=spark}): its batches and their commit
 * topic are asserted. {@link DirectCrashRecoveryTest} does the same to direct detection, the default.
 */
@StackTest
class CrashRecoveryTest {
    private static final long PAUSE_MS = 200;      // five steps a second, one reading per sensor per step
    private static final int MAX_STEPS = 1000;

    private volatile int gunshotStep = Integer.MAX_VALUE;
    private volatile int spikeStep = Integer.MAX_VALUE;

    @Test
    void killNineTwiceMidStreamLosesNothingAndPublishesEachAlertEventOnce(StackEndpoints stack) throws Exception {
        String run = "crash" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test").with("job.detect", "spark", "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String zone = run + "-plaza";
        List<ReadingFeed.Series> series = List.of(
                new ReadingFeed.Series(run + "-sound", SensorType.SOUND_LEVEL, i -> i >= spikeStep && i < spikeStep + 3 ? 96 : 58 + (i * 7 % 6)),
                new ReadingFeed.Series(run + "-gun", SensorType.GUNSHOT, i -> i == gunshotStep ? 0.95 : 0.0),
                new ReadingFeed.Series(run + "-gate", SensorType.FOOTFALL, i -> i % 17));
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "square", 3);
            for (ReadingFeed.Series x : series) {
                TestCassandra.sensor(s, ks, x.sensorId(), zone, x.type());
            }
        }
        // Event time runs 1 s per step from 15 minutes ago: in order, never in the future.
        Instant t0 = Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS);
        List<java.time.LocalDate> days = TestCassandra.days(t0, t0.plusSeconds(MAX_STEPS));
        Path dir = Path.of("target", "crash-recovery", run).toAbsolutePath();

        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(config, Map.of());
             ChildJob job = new ChildJob(config, dir.resolve("checkpoint"), dir.resolve("job.log"));
             CqlSession s = stack.openSession()) {
            ReadingFeed feed = new ReadingFeed(producer, topics.readings(), series, MAX_STEPS, PAUSE_MS, i -> t0.plusSeconds(i));
            try {
                job.start();
                feed.start();

                // Kill 1: in steady streaming, between batches or inside one.
                job.awaitLines(ChildJob::isIngestBatchLine, 1, Duration.ofSeconds(180));
                Thread.sleep(4000);
                job.kill();
                int sentAtKill1 = feed.steps() * series.size();
                int keptAtKill1 = TestCassandra.readingRows(s, ks, feed.sensorIds(), days).size();
                // The incidents come while the job is down: the next run detects and publishes them.
                int g = Math.max(feed.steps() + 2, 10);
                gunshotStep = g;
                spikeStep = Math.max(g + 35, 65); // after the gunshot has resolved (30 s), and after the 60-sample warm-up
                System.err.printf("[crash test] kill -9 #1 after %d readings sent, %d kept; gunshot at step %d, noise at step %d%n",
                        sentAtKill1, keptAtKill1, gunshotStep, spikeStep);

                // Kill 2: as soon as the restarted job has finished its first batch of either query, while it catches
                // up. That is usually the detect query publishing the incidents: the kill then lands between the
                // alert transaction's commit and Spark's commit of the batch, and the next run replays the batch.
                job.start();
                job.awaitLines(ChildJob::isBatchLine, 1, Duration.ofSeconds(180));
                job.kill();
                System.err.printf("[crash test] kill -9 #2 after %d readings sent%n", feed.steps() * series.size());

                job.start();
                job.awaitLines(ChildJob::isIngestBatchLine, 1, Duration.ofSeconds(180));
                // Enough steps for both alerts to resolve and the watermark to pass, and a few for the last run to read live.
                feed.stopAt(Math.max(spikeStep + 2 + 30 + 30 + 10, feed.steps() + 15));
                feed.awaitDone(Duration.ofMinutes(4));
                int total = feed.attempted.size();
                System.err.printf("[crash test] producer done: %d readings%n", total);

                try {
                    assertThat(feed.failed.get()).as("sends that failed (first: %s)", feed.firstFailure.get()).isZero();
                    assertThat(feed.acknowledged).hasSize(total);
                    // The first kill happened mid-stream: the job had not kept everything sent by the end.
                    assertThat(keptAtKill1).as("readings kept when the job was first killed").isLessThan(total);

                    List<String> rows = awaitStable(s, ks, zone, feed, days, total, job);
                    assertThat(TestCassandra.duplicates(rows)).as("rows returned twice").isEmpty();
                    assertThat(new HashSet<>(rows)).as("the raw table holds every sent reading, and nothing else")
                            .isEqualTo(feed.acknowledged);
                    assertThat(rows).hasSize(total);

                    List<Alert> events = TestKafka.alerts(config, topics.alerts());
                    Map<String, Long> perEvent = events.stream().collect(Collectors.groupingBy(a -> a.id() + " " + a.state(), Collectors.counting()));
                    assertThat(perEvent).as("each alert event on the topic exactly once: %s", events)
                            .allSatisfy((event, n) -> assertThat(n).as(event).isEqualTo(1L));
                    assertThat(events).extracting(a -> a.type() + " " + a.state()).containsExactlyInAnyOrder(
                            "GUNSHOT FIRING", "GUNSHOT RESOLVED", "NOISE FIRING", "NOISE RESOLVED");
                    assertThat(events).allSatisfy(a -> assertThat(a.zone()).isEqualTo(zone));
                    // The lifecycle ran on event time: the same instants however often the job died.
                    Map<String, Alert> byEvent = events.stream().collect(Collectors.toMap(a -> a.type() + " " + a.state(), Function.identity()));
                    assertThat(byEvent.get("GUNSHOT FIRING").updatedAt()).isEqualTo(t0.plusSeconds(gunshotStep));
                    assertThat(byEvent.get("GUNSHOT RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(gunshotStep + 30));
                    assertThat(byEvent.get("NOISE FIRING").updatedAt()).isEqualTo(t0.plusSeconds(spikeStep));
                    assertThat(byEvent.get("NOISE RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(spikeStep + 2 + 30));

                    // The CAP topic, written in the same transactions, holds the same events, each once too.
                    List<ConsumerRecord<byte[], byte[]>> capRecords = TestKafka.readAll(config, topics.alertsCap());
                    List<CapMessage> caps = capRecords.stream().map(r -> CapMessage.parse(r.value())).toList();
                    assertThat(caps).as("one CAP message per alert event").hasSize(events.size());
                    assertThat(caps).extracting(CapMessage::identifier).as("no CAP message twice").doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(events.stream().map(Cap::identifier).toList());
                    assertThat(capRecords).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                            .containsExactlyInAnyOrderElementsOf(events.stream().map(Alert::fingerprint).toList());
                    Map<String, CapMessage> capById = caps.stream().collect(Collectors.toMap(CapMessage::identifier, Function.identity()));
                    for (Alert a : events) {
                        CapMessage m = capById.get(Cap.identifier(a));
                        CapMessage first = capById.get(Cap.firstIdentifier(a));
                        assertThat(m.msgType()).isEqualTo(a.state() == AlertState.FIRING ? "Alert" : "Update");
                        if (a.state() != AlertState.FIRING) {
                            assertThat(m.references()).as("%s references the FIRING message on the topic", m.identifier())
                                    .isEqualTo(first.sender() + "," + first.identifier() + "," + Cap.format(first.sent().toInstant()));
                        }
                    }

                    // Cassandra agrees: the same two alerts, both resolved.
                    Set<String> idsOnTopic = events.stream().map(Alert::id).collect(Collectors.toSet());
                    List<Row> stored = TestCassandra.alertsOfZone(s, ks, zone);
                    assertThat(stored).extracting(r -> r.getString("alert_id")).containsExactlyInAnyOrderElementsOf(idsOnTopic);
                    assertThat(stored).extracting(r -> r.getString("state")).containsOnly(AlertState.RESOLVED.name());
                    assertThat(stored).extracting(r -> r.getString("type"))
                            .containsExactlyInAnyOrder(AlertType.GUNSHOT.id(), AlertType.NOISE.id());
                    assertThat(job.starts()).isEqualTo(3);

                    // Only batches with something to publish opened a transaction: the commit topic names exactly the
                    // detect batches that produced these alert events (no input was late), not the dozens that found nothing.
                    Set<Long> alertBatches = new HashSet<>();
                    for (String id : idsOnTopic) {
                        for (Row r : s.execute("SELECT batch_id FROM " + ks + ".alert_events_by_alert WHERE alert_id = ?", id)) {
                            alertBatches.add(r.getLong("batch_id"));
                        }
                    }
                    Set<Long> committed = TestKafka.readAll(config, topics.prefix() + "alert-job-commits").stream()
                            .filter(r -> new String(r.key(), StandardCharsets.UTF_8).startsWith("detect@")) // the query and its checkpoint
                            .map(r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8))).collect(Collectors.toSet());
                    assertThat(committed).as("batches with a transaction on the commit topic").isEqualTo(alertBatches);

                    // Every reading was valid and sent in event-time order: none may be quarantined, as late or otherwise.
                    assertThat(TestCassandra.quarantined(s, ks, run + "."))
                            .as("readings quarantined although valid and in order").extracting(q -> q.reason() + " " + q.coordinates()).isEmpty();
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n---- last lines of the job's log " + job.log() + ":\n" + job.tail(80), e);
                }
            } finally {
                feed.stop();
            }
        }
    }

    /**
     * Polls until the raw table holds every reading and both alerts are resolved, and nothing
     * has changed for three polls in a row (so a late duplicate would have had time to show).
     */
    private static List<String> awaitStable(CqlSession s, String ks, String zone, ReadingFeed feed, List<java.time.LocalDate> days,
                                            int total, ChildJob job)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        String last = null;
        int same = 0;
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            if (!job.alive()) {
                throw new AssertionError("the job exited while catching up");
            }
            rows = TestCassandra.readingRows(s, ks, feed.sensorIds(), days);
            List<String> alerts = new ArrayList<>();
            for (Row r : TestCassandra.alertsOfZone(s, ks, zone)) {
                alerts.add(r.getString("alert_id") + " " + r.getString("state"));
            }
            alerts.sort(null);
            String snapshot = rows.size() + " " + alerts;
            boolean done = rows.size() >= total && alerts.size() == 2 && alerts.stream().allMatch(a -> a.endsWith(" RESOLVED"));
            same = snapshot.equals(last) ? same + 1 : 0;
            last = snapshot;
            if (done && same >= 3) {
                return rows;
            }
            Thread.sleep(1000);
        }
        System.err.println("[crash test] not stable within 150 s; last: " + last);
        return rows;
    }
}
