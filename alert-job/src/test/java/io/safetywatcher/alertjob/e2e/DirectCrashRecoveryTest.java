package io.safetywatcher.alertjob.e2e;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.safetywatcher.common.config.Topics;
import io.safetywatcher.common.config.WatcherConfig;
import io.safetywatcher.common.event.Alert;
import io.safetywatcher.common.event.AlertState;
import io.safetywatcher.common.event.SensorType;
import io.safetywatcher.stack.Provisioning;
import io.safetywatcher.stack.junit.StackEndpoints;
import io.safetywatcher.stack.junit.StackTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct detection ({@code job.detect=direct}) killed with {@code kill -9} twice, as
 * {@link CrashRecoveryTest} does to the Spark queries: the first time in steady streaming
 * before the incidents, the second the moment the restarted job has published the gunshot's
 * FIRING (its transaction committed, its rows perhaps not yet written). The zones' state and the
 * input offsets travel in the alerts' transaction, so afterwards a read_committed consumer saw
 * each alert event exactly once, on event time, the noise detector kept the baseline it had
 * learnt before the kills (the spike fires), and Cassandra holds both alerts, resolved.
 */
@StackTest
class DirectCrashRecoveryTest {
    private static final long PAUSE_MS = 200;
    private static final int MAX_STEPS = 1000;

    private volatile int gunshotStep = Integer.MAX_VALUE;
    private volatile int spikeStep = Integer.MAX_VALUE;

    @Test
    void killNineTwiceLosesNoStateAndPublishesEachAlertEventOnce(StackEndpoints stack) throws Exception {
        String run = "direct" + Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        WatcherConfig config = stack.config().with("topics.prefix", run + ".", "test").with("job.detect", "direct", "test")
                .with("job.detect.commit-every", "1s", "test");
        Provisioning.createTopics(config);
        Topics topics = Topics.of(config);
        String ks = stack.keyspace();
        String zone = run + "-plaza";
        List<ReadingFeed.Series> series = List.of(
                new ReadingFeed.Series(run + "-sound", SensorType.SOUND_LEVEL, i -> i >= spikeStep && i < spikeStep + 3 ? 96 : 58 + (i * 7 % 6)),
                new ReadingFeed.Series(run + "-gun", SensorType.GUNSHOT, i -> i == gunshotStep ? 0.95 : 0.0));
        try (CqlSession s = stack.openSession()) {
            TestCassandra.zone(s, ks, zone, "square", 3);
            for (ReadingFeed.Series x : series) {
                TestCassandra.sensor(s, ks, x.sensorId(), zone, x.type());
            }
        }
        Instant t0 = Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS);
        Path dir = Path.of("target", "direct-crash", run).toAbsolutePath();

        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(config, Map.of());
             ChildJob job = new ChildJob(config, dir.resolve("checkpoint"), dir.resolve("job.log"));
             CqlSession s = stack.openSession()) {
            ReadingFeed feed = new ReadingFeed(producer, topics.readings(), series, MAX_STEPS, PAUSE_MS, i -> t0.plusSeconds(i));
            try {
                job.start();
                feed.start();
                // Kill 1: the noise baseline has been learning (60 samples) and its state committed at least once.
                job.awaitLines(l -> l.contains("direct detection running"), 1, Duration.ofSeconds(180));
                while (feed.steps() < 80) {
                    Thread.sleep(200);
                }
                Thread.sleep(3000);
                job.kill();
                int g = feed.steps() + 5;
                gunshotStep = g;
                spikeStep = g + 35; // after the gunshot has resolved (30 s); the sensor's baseline is learnt before the kill
                System.err.printf("[direct crash test] kill -9 #1 at step %d; gunshot at step %d, noise at step %d%n", feed.steps(), g, spikeStep);

                // Kill 2: as soon as the restarted job has published something (the gunshot's FIRING).
                job.start();
                job.awaitLines(l -> l.contains(" detect - poll ") && l.contains("| published in "), 1, Duration.ofSeconds(180));
                job.kill();
                System.err.printf("[direct crash test] kill -9 #2 at step %d%n", feed.steps());

                job.start();
                feed.stopAt(Math.max(spikeStep + 2 + 30 + 30 + 10, feed.steps() + 15));
                feed.awaitDone(Duration.ofMinutes(4));
                try {
                    List<String> alerts = awaitResolved(s, ks, zone, job);
                    assertThat(alerts).as("alert rows in Cassandra").hasSize(2).allMatch(a -> a.endsWith(" RESOLVED"));

                    List<Alert> events = TestKafka.alerts(config, topics.alerts());
                    Map<String, Long> perEvent = events.stream().collect(Collectors.groupingBy(a -> a.id() + " " + a.state(), Collectors.counting()));
                    assertThat(perEvent).as("each alert event on the topic exactly once: %s", events)
                            .allSatisfy((event, n) -> assertThat(n).as(event).isEqualTo(1L));
                    assertThat(events).extracting(a -> a.type() + " " + a.state()).containsExactlyInAnyOrder(
                            "GUNSHOT FIRING", "GUNSHOT RESOLVED", "NOISE FIRING", "NOISE RESOLVED");
                    Map<String, Alert> byEvent = events.stream().collect(Collectors.toMap(a -> a.type() + " " + a.state(), Function.identity()));
                    assertThat(byEvent.get("GUNSHOT FIRING").updatedAt()).isEqualTo(t0.plusSeconds(gunshotStep));
                    assertThat(byEvent.get("GUNSHOT RESOLVED").endedAt()).isEqualTo(t0.plusSeconds(gunshotStep + 30));
                    assertThat(byEvent.get("NOISE FIRING").updatedAt()).isEqualTo(t0.plusSeconds(spikeStep));
                    Set<String> ids = events.stream().map(Alert::id).collect(Collectors.toSet());
                    assertThat(alerts).extracting(a -> a.split(" ")[0]).containsExactlyInAnyOrderElementsOf(ids);
                    assertThat(job.starts()).isEqualTo(3);
                    assertThat(job.log()).as("the job's log").isNotNull();
                    assertThat(job.tail(100000)).as("the restarted job found the state it had committed")
                            .containsPattern("direct detection running: [1-9]\\d* zones restored");
                    assertThat(TestCassandra.quarantined(s, ks, run + ".")).as("readings quarantined although valid and in order").isEmpty();
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n---- last lines of the job's log " + job.log() + ":\n" + job.tail(80), e);
                }
            } finally {
                feed.stop();
            }
        }
    }

    private static List<String> awaitResolved(CqlSession s, String ks, String zone, ChildJob job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        List<String> alerts = List.of();
        while (System.nanoTime() < deadline) {
            if (!job.alive()) {
                throw new AssertionError("the job exited");
            }
            alerts = new ArrayList<>();
            for (Row r : TestCassandra.alertsOfZone(s, ks, zone)) {
                alerts.add(r.getString("alert_id") + " " + r.getString("state"));
            }
            if (alerts.size() == 2 && alerts.stream().allMatch(a -> a.endsWith(" RESOLVED"))) {
                return alerts;
            }
            Thread.sleep(1000);
        }
        return alerts;
    }
}
